"""Entry point: ``reportgen`` and its subcommands.

Subcommands live in their own modules (``reportgen/cli/<name>.py``, each
defining ``command``) and are imported only when used, so ``reportgen --help``
starts fast.  Errors derived from :class:`reportgen.errors.ReportgenError`
are printed as one line, with exit code 2 (or the error's own code).
"""

from __future__ import annotations

import importlib
import sys

import click

from reportgen import __version__

#: name -> (module, one-line help).  The help is repeated here so that
#: ``reportgen --help`` needs no subcommand import.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("reportgen.cli.build", "Build filled reports (Markdown, HTML, PDF) from YAML notes."),
    "lint": ("reportgen.cli.lint", "Check notes for the mistakes graders find, against the real source."),
    "licenses": ("reportgen.cli.licenses", "List a project's dependencies with their SPDX license and evidence."),
    "check": ("reportgen.cli.check", "Check dependencies against a license policy (for CI)."),
    "explain": ("reportgen.cli.explain", "Explain a license, an SPDX expression or a package's license."),
    "init": ("reportgen.cli.init", "Start notes for the technologies a project uses."),
    "update": ("reportgen.cli.update", "Refresh auto-filled facts in notes, keeping every hand edit."),
    "schema": ("reportgen.cli.schema", "Print the JSON Schema of the notes format."),
    "trace": ("reportgen.cli.trace", "Run the app, record the real chain of calls, write it into the notes."),
    "preview": ("reportgen.cli.preview", "Serve a live page of each report that redraws on save, with lint inline."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str):
        entry = COMMANDS.get(name)
        if entry is None:
            return None
        try:
            module = importlib.import_module(entry[0])
        except ModuleNotFoundError as exc:
            if exc.name == entry[0]:
                return None
            raise
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportgen")
def cli() -> None:
    """reportgen: know a project's dependencies and licenses, and write the CSE312 Open-Source Report.

    \b
    Start here:
      reportgen init           start notes from your project
      reportgen build          build reports/*.yaml into Markdown, HTML and PDF
      reportgen lint           check the notes before you hand them in
    """


def main(argv: list[str] | None = None) -> None:
    """The ``reportgen`` console script: run the command, print errors as one line, exit."""
    try:
        _run(argv)
    finally:
        if argv is None:  # the process ends here (a caller passing argv may go on: leave its GC alone)
            # Every object alive now lives until exit: keep the cyclic garbage collector from
            # walking them all again while the interpreter shuts down (about 35 ms of a run
            # that identified a few hundred packages).  Exit handlers and finalizers still run.
            import gc

            gc.freeze()


def _caused_by_interrupt(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _run(argv: list[str] | None) -> None:
    from reportgen.errors import ReportgenError

    try:
        code = cli.main(args=argv, prog_name="reportgen", standalone_mode=False)
    except ReportgenError as exc:
        click.echo(f"reportgen: {exc}" if exc.location is None else str(exc), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except Exception as exc:
        if _caused_by_interrupt(exc):  # Ctrl-C inside an import or a class body comes out wrapped
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        raise
    # with standalone_mode=False, click returns ctx.exit(N)'s code instead of raising
    sys.exit(code if isinstance(code, int) else 0)
