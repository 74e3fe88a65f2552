"""``reportgen preview``: a live page of each report, redrawn on save, with the lint findings in place."""

from __future__ import annotations

import importlib.util

import click

from reportgen.errors import InputError

INSTALL_HINT = "install it with: pip install 'reportgen[preview]'"


@click.command(name="preview")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--port", type=click.IntRange(0, 65535), default=8312, show_default=True,
              help="Port on 127.0.0.1 to serve on (0: any free port).")
def command(paths, port) -> None:
    """Serve the reports of notes files on 127.0.0.1 and redraw them when they are saved.

    With no PATHS, previews every *.yaml in ./reports/.  Each page shows the
    report as 'reportgen build' makes it, with every 'reportgen lint' finding
    (code, message, fix) beside the table row or chain step it concerns; the
    index page lists the notes files with their finding counts.  Lint runs
    offline.  Ctrl-C stops the server.
    """
    missing = [name for name in ("aiohttp", "watchfiles") if importlib.util.find_spec(name) is None]
    if missing:
        raise InputError(f"preview needs {' and '.join(missing)}, from the 'preview' extra", hint=INSTALL_HINT)
    from reportgen.lint.config import load_config
    from reportgen.notes import find_notes
    from reportgen.preview.server import serve

    if not find_notes(list(paths)):
        raise InputError("no notes files (*.yaml) found", hint="name notes files or folders, or start one with 'reportgen init'")
    serve(list(paths), port, load_config(), click.echo)
