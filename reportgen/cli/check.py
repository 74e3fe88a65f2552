"""``reportgen check``: the license policy gate for CI (exit 0 pass, 1 violations, 2 bad input)."""

from __future__ import annotations

from pathlib import Path

import click

FORMATS = ("text", "json", "junit")


@click.command(name="check")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--python", "python", metavar="PATH", help="Check the packages installed for this interpreter (a venv's python).")
@click.option("--policy", "policy_file", metavar="FILE", type=click.Path(path_type=Path),
              help="Policy file (TOML; keys at top level or under [tool.reportgen.policy]). "
                   "Default: [tool.reportgen.policy] in the nearest pyproject.toml.")
@click.option("--format", "-f", "format_", type=click.Choice(FORMATS), default="text", show_default=True, help="Output format.")
@click.option("--only", "only", multiple=True, metavar="GROUP",
              help="Check only these dependency groups (overrides the policy's only): runtime, dev, test, docs, optional[:EXTRA].")
@click.option("--online", is_flag=True, help="Ask PyPI / npm about packages that are not installed (answers cached on disk).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the report to FILE (e.g. junit.xml); an existing file is not replaced without --force.")
@click.option("--force", is_flag=True, help="With -o: replace FILE if it exists.")
@click.option("-v", "--verbose", is_flag=True, help="Text format: list every dependency with the license relied on.")
def command(path, python, policy_file, format_, only, online, output, force, verbose) -> None:
    """Check every dependency's license against the project's policy and against
    the project's own license.

    \b
    Exit status: 0 the policy is met, 1 violations, 2 bad input or usage.
    Examples:
      reportgen check                              the project in this folder
      reportgen check --python .venv/bin/python --format junit -o license-report.xml
      reportgen check --policy licenses.toml --format json
    """
    from reportgen.errors import InputError
    from reportgen.fsutil import atomic_write
    from reportgen.policy import check
    from reportgen.policy.formats import render_json, render_junit, render_text

    if output is not None and output.exists() and not force:
        raise InputError(f"{output} already exists", hint="choose another -o file, or add --force to replace it")
    only_groups = tuple(part.strip() for item in only for part in item.split(",") if part.strip()) or None
    result = check(path, python=python, policy_file=policy_file, only=only_groups, online=online)
    if format_ == "json":
        text = render_json(result)
    elif format_ == "junit":
        text = render_junit(result)
    else:
        text = render_text(result, verbose=verbose)
    if output is not None:
        atomic_write(output, text)
        if format_ != "text":
            text = render_text(result, verbose=verbose)
    click.echo(text, nl=False)
    if result.exit_code:
        raise click.exceptions.Exit(result.exit_code)
