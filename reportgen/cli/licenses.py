"""``reportgen licenses``: list dependencies with their SPDX license and evidence."""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMAT_NAMES = ("table", "json", "csv", "markdown", "cyclonedx")


class _Progress:
    """A click progress bar on stderr, shown only on a terminal and for longer scans."""

    MIN_PACKAGES = 25

    def __init__(self) -> None:
        self.bar = None
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.MIN_PACKAGES:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Identifying licenses", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command(name="licenses")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--python", "python", metavar="PATH", help="Report the packages installed for this Python interpreter (a venv's python).")
@click.option(
    "--file",
    "files",
    multiple=True,
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Read dependencies from this file (requirements, lock file, package.json ...); repeatable.",
)
@click.option("--only", "only", multiple=True, metavar="GROUP", help="Keep only these groups: runtime, dev, test, docs, optional[:EXTRA] (repeatable or comma-separated).")
@click.option("--format", "-f", "format_", type=click.Choice(FORMAT_NAMES), default="table", show_default=True, help="Output format.")
@click.option("--cyclonedx-version", type=click.Choice(["1.6", "1.5"]), default="1.6", show_default=True, help="CycloneDX spec version (with --format cyclonedx).")
@click.option("--online", is_flag=True, help="Ask PyPI / npm about packages that are not installed (answers cached on disk).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of standard output (an existing file is not overwritten without --force).")
@click.option("--force", is_flag=True, help="With -o: replace FILE if it exists.")
@click.option("--no-cache", is_flag=True, help="Identify every installed package afresh (do not reuse earlier answers).")
def command(path, python, files, only, format_, cyclonedx_version, online, output, force, no_cache) -> None:
    """List the dependencies of a project (PATH, default: the current folder), of
    dependency files (--file) or of an installed environment (--python), each with
    its SPDX license, how sure reportgen is, and the evidence.

    \b
    Examples:
      reportgen licenses                         the project in this folder
      reportgen licenses --python .venv/bin/python --format json
      reportgen licenses --file requirements.txt --online
      reportgen licenses -f cyclonedx -o sbom.cdx.json
    """
    from reportgen.errors import InputError, Location
    from reportgen.formats import render
    from reportgen.inventory import inventory

    if output is not None and output.exists() and not force:
        raise InputError("already exists", Location(str(output)), hint="choose another -o file, or add --force to replace it")

    progress = _Progress()
    try:
        reports = inventory(
            path, python=python, files=files, only=only or None, online=online, progress=progress, cache=not no_cache
        )
    finally:
        progress.close()

    options = {}
    if format_ == "cyclonedx":
        options = {"spec_version": cyclonedx_version, "project_name": _project_name(path, files, python)}
    text = render(format_, reports, **options)

    if output is None:
        click.echo(text, nl=False)
    else:
        from reportgen.fsutil import atomic_write

        atomic_write(output, text)
        click.echo(f"wrote {len(reports)} packages to {output}", err=True)


def _project_name(path: Path | None, files: tuple[Path, ...], python: str | None) -> str | None:
    if path is not None:
        return path.resolve().name
    if files:
        return files[0].resolve().parent.name
    if python:
        return None
    return Path.cwd().name
