"""``reportgen trace``: record the real chain of calls by running the app and taking the stacks."""

from __future__ import annotations

import click


@click.command(name="trace")
@click.argument("notes", type=click.Path(dir_okay=False))
@click.option("--app", "app", metavar="MODULE:ATTR",
              help="The WSGI/ASGI app (or Flask-SocketIO server) to run, imported from the project folder.")
@click.option("--command", "command", metavar="CMD",
              help="A Python command that starts the server (\"python app.py\", \"-m mypkg\"), run under the tracer.")
@click.option("--project", "project_dir", type=click.Path(file_okay=False),
              help="The project folder (default: the folder above reports/).")
@click.option("--port", type=click.IntRange(1, 65535),
              help="The port to serve on, or that --command listens on (default: a free one, found by reportgen).")
@click.option("--path", "path", metavar="/PATH", help="The path the topic's request goes to (default: / ; /ws for WebSockets).")
@click.option("--request", "extra", multiple=True, metavar="'METHOD /path[; Header: value ...]'",
              help="Another request to send (repeatable): GET/POST..., WS for a WebSocket, SOCKETIO, TCP.")
@click.option("--python", type=click.Path(exists=True, dir_okay=False),
              help="The Python of the project's environment (default: the one running reportgen).")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--start-timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True,
              help="Seconds to wait for the app to listen.")
@click.option("--replace", is_flag=True, help="Replace a chain written by hand (otherwise it is kept and the trace shown as a diff).")
@click.option("--section", type=click.IntRange(0), default=0, show_default=True, help="Which section's chain to write.")
@click.option("--trace-only", is_flag=True, help="Record and save the trace file; leave the notes alone.")
def command(notes, app, command, project_dir, port, path, extra, python, timeout, start_timeout, replace, section,
            trace_only) -> None:
    """Run the app on 127.0.0.1, send the requests of the NOTES' topic, record the Python
    stack where the libraries do the work, and write that chain of calls into NOTES.

    \b
    The app runs in a child process that is always stopped; the stacks are saved beside
    the notes (x.yaml -> x.trace.yaml). Each chain step gets a permalink at the installed
    version and 'text: TODO' for your own words. A chain you already wrote is kept
    (the traced one is shown as a diff) unless you pass --replace.

    \b
    Examples:
      reportgen trace reports/flask-sock.yaml --app app:app
      reportgen trace reports/socketio.yaml --app app:socketio
      reportgen trace reports/fastapi.yaml --command "python server.py" --port 8000
    """
    import shlex
    from pathlib import Path

    from reportgen.cli.update import _project_of
    from reportgen.errors import InputError
    from reportgen.notes import load
    from reportgen.trace import client
    from reportgen.trace.model import dump, trace_path
    from reportgen.trace.record import record

    if bool(app) == bool(command):
        raise click.UsageError("name the app to trace: --app MODULE:ATTR or --command CMD (one of them)")
    parsed = load(notes)
    try:
        extra_requests = [client.parse_request(text) for text in extra]
    except ValueError as exc:
        raise InputError(f"--request {exc}") from None
    if path is not None and not path.startswith("/"):
        raise InputError(f"--path '{path}': a path starts with '/'")
    argv = None
    if command:
        try:
            argv = shlex.split(command)
        except ValueError as exc:
            raise InputError(f"--command: {exc}") from None
    project = Path(project_dir) if project_dir else _project_of(notes)
    trace = record(app, command=argv, topic=parsed.topic, package=parsed.package, project=project, port=port,
                   path=path, extra_requests=extra_requests, python=python, timeout=timeout,
                   start_timeout=start_timeout, notes=Path(notes).name)
    out = trace_path(notes)
    dump(trace, out)
    click.echo(f"{out}: recorded {len(trace.points)} stacks at work points ({'; '.join(trace.requests)})", err=True)
    if trace_only:
        return
    from reportgen.trace.chain import chain_from_trace
    from reportgen.trace.write import write_chain

    steps = chain_from_trace(trace, parsed.package, parsed.topic, python=python)
    result = write_chain(notes, steps, replace=replace, section=section)
    if result.written:
        click.echo(f"{notes}: wrote a chain of {len(steps)} steps from the trace; fill in each 'text: TODO'", err=True)
    elif result.new_text == result.old_text:
        click.echo(f"{notes}: the chain already matches the trace", err=True)
    else:
        click.echo(result.diff, nl=False)
        why = result.reason or "a chain is already there"
        click.echo(f"{notes}: not written ({why}); the diff shows the traced chain; pass --replace to write it", err=True)
