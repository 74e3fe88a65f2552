"""The preview web server: aiohttp on 127.0.0.1, watchfiles for saves, server-sent events to the pages.

Routes::

    GET /                 every notes file with its finding count (or its error)
    GET /report/<key>     one report, findings beside the rows and steps they concern
    GET /events           server-sent events: ``update`` (one file's new state, JSON) and
                          ``files`` (the list of notes files changed)

A page draws what the server rendered; when a notes file is saved, the watcher rebuilds
it (lint and render, in a worker thread) and every open page gets the new state pushed.
"""

from __future__ import annotations

import asyncio
import errno
import json
import signal
from importlib import resources
from pathlib import Path

import jinja2
from aiohttp import web
from watchfiles import awatch

from reportgen.errors import InputError, Location
from reportgen.preview.state import FileState, rebuild, unchanged

HOST = "127.0.0.1"
DEFAULT_PORT = 8312
KEEPALIVE_SECONDS = 15.0


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _event(event: str, data: dict) -> bytes:
    """One server-sent event (JSON has no raw newline, so one ``data:`` line)."""
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


class Preview:
    """The notes files being previewed, their latest states and the pages listening."""

    def __init__(self, specs: list[str], config) -> None:
        self.specs = specs
        self.config = config
        self.files: dict[str, FileState] = {}
        self.listeners: dict[asyncio.Queue, str | None] = {}  # each open page: the file it shows (None: index)
        self.lock = asyncio.Lock()
        pages = resources.files("reportgen.preview").joinpath("pages")
        self.env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(pages)), autoescape=True)
        self.assets = {name: pages.joinpath(name).read_text("utf-8") for name in ("preview.css", "preview.js")}

    # -- which files
    def scan(self) -> list[Path]:
        from reportgen.notes import find_notes

        return find_notes(list(self.specs))

    def folders(self) -> list[Path]:
        """The folders to watch (a file's folder, not the file: editors save by renaming over it)."""
        out: list[Path] = []
        for spec in self.specs or ["reports"]:
            p = Path(spec)
            folder = p if p.is_dir() else p.parent
            folder = folder.resolve()
            if not folder.is_dir():
                raise InputError("no such folder", Location(str(folder)), "check the path")
            if folder not in out:
                out.append(folder)
        return out

    def _sync_files(self) -> bool:
        """Add new notes files, drop vanished ones; True when the list changed."""
        wanted = self.scan()
        by_path = {s.path.resolve(): s for s in self.files.values()}
        files: dict[str, FileState] = {}
        for path in wanted:
            state = by_path.get(path.resolve())
            if state is None:
                key = path.stem
                n = 2
                while key in files or key in self.files and self.files[key].path.resolve() != path.resolve():
                    key, n = f"{path.stem}-{n}", n + 1
                state = FileState(key, path, _display(path))
            files[state.key] = state
        changed = list(files) != list(self.files)
        self.files = files
        return changed

    # -- building
    async def build(self, states: list[FileState], echo) -> None:
        async with self.lock:
            for state in states:
                if unchanged(state):  # another event of a save already built
                    continue
                await asyncio.to_thread(rebuild, state, self.config)
                if state.error:
                    echo(state.error)
                else:
                    count = len(state.findings)
                    echo(f"rebuilt {state.display}: {count} finding{'' if count == 1 else 's'} "
                         f"({state.seconds * 1000:.0f} ms)")
                self.publish_state(state)

    def publish(self, event: str, data: dict) -> None:
        """Send an event to every page."""
        for queue in list(self.listeners):
            queue.put_nowait(_event(event, data))

    def publish_state(self, state: FileState) -> None:
        """Send a file's new state: the whole report to its own pages, the counts to the index pages."""
        for queue, key in list(self.listeners.items()):
            if key is None or key == state.key:
                queue.put_nowait(_event("update", state.payload(body=key is not None)))

    async def watch(self, stop: asyncio.Event, echo) -> None:
        folders = self.folders()

        def notes_like(_change, name: str) -> bool:
            return name.endswith((".yaml", ".yml"))

        async for changes in awatch(*folders, watch_filter=notes_like, stop_event=stop, recursive=False, step=30,
                                    debounce=400):
            touched = {Path(name).resolve() for _, name in changes}
            listed = self._sync_files()
            if listed:
                self.publish("files", {"keys": list(self.files)})
            todo = [s for s in self.files.values() if s.path.resolve() in touched or s.version == 0]
            if todo:
                await self.build(todo, echo)

    # -- pages
    def _page(self, name: str, **context) -> web.Response:
        html = self.env.get_template(name).render(css=self.assets["preview.css"], js=self.assets["preview.js"],
                                                  **context)
        return web.Response(text=html, content_type="text/html", headers={"Cache-Control": "no-store"})

    async def index(self, request: web.Request) -> web.Response:
        return self._page("index.html.j2", files=list(self.files.values()))

    async def report(self, request: web.Request) -> web.Response:
        from reportgen.render.html import stylesheet

        state = self.files.get(request.match_info["key"])
        if state is None:
            raise web.HTTPNotFound(text="no such notes file in this preview; see / for the list")
        return self._page("report.html.j2", state=state, report_css=stylesheet())

    async def events(self, request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-store"})
        await response.prepare(request)
        key = request.query.get("key")  # a report page: its file only; the index: every file, without the reports
        queue: asyncio.Queue = asyncio.Queue()
        self.listeners[queue] = key
        try:
            # the current state first: a page loaded just before a rebuild catches up here
            for state in self.files.values():
                if key is None or key == state.key:
                    await response.write(_event("update", state.payload(body=key is not None)))
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                except asyncio.TimeoutError:
                    message = b": keep-alive\n\n"
                if message is None:  # the server is stopping
                    break
                await response.write(message)
        except (ConnectionResetError, ConnectionError):
            pass
        finally:
            self.listeners.pop(queue, None)
        return response

    def close_listeners(self) -> None:
        for queue in list(self.listeners):
            queue.put_nowait(None)

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.get("/", self.index), web.get("/report/{key}", self.report),
                        web.get("/events", self.events)])
        return app


async def _serve(preview: Preview, port: int, echo) -> int | None:
    """Serve until SIGINT or SIGTERM; the signal that stopped it."""
    preview.folders()  # a missing folder is an error before anything starts
    preview._sync_files()
    stop = asyncio.Event()
    stopped_by: list[int] = []
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()

    def on_signal(sig: int) -> None:
        if stop.is_set():  # a second Ctrl-C: stop waiting for the clean-up
            main.cancel()
        stopped_by.append(sig)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, on_signal, sig)
        except (NotImplementedError, RuntimeError):  # no signal handlers in this loop (Windows): Ctrl-C still interrupts
            pass
    runner = web.AppRunner(preview.app(), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    watcher = None
    try:
        site = web.TCPSite(runner, HOST, port)
        try:
            await site.start()
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"port {port} on {HOST} is in use",
                                 hint="stop what uses it, or pick another with --port (0: any free port)") from None
            raise InputError(f"cannot listen on {HOST}:{port} ({exc.strerror})", hint="pick another port with --port") from None
        bound = runner.addresses[0][1]  # the real port when --port 0
        count = len(preview.files)
        echo(f"reportgen preview: http://{HOST}:{bound}/ ({count} notes file{'' if count == 1 else 's'}; Ctrl-C to stop)")
        watcher = asyncio.create_task(preview.watch(stop, echo))
        await preview.build(list(preview.files.values()), echo)
        await stop.wait()
    finally:
        stop.set()  # the watcher's thread sees it within a few milliseconds
        preview.close_listeners()
        if watcher is not None:
            await asyncio.wait([watcher], timeout=2.0)
        await runner.cleanup()
    return stopped_by[0] if stopped_by else None


def serve(specs: list[str], port: int, config, echo) -> None:
    """Run the preview until Ctrl-C (then KeyboardInterrupt, once everything is closed) or SIGTERM."""
    preview = Preview(specs, config)
    try:
        stopped_by = asyncio.run(_serve(preview, port, echo))
    except asyncio.CancelledError:  # a second Ctrl-C cut the clean-up short
        raise KeyboardInterrupt from None
    if stopped_by == signal.SIGINT:
        raise KeyboardInterrupt
