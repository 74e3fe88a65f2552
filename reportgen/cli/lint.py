"""``reportgen lint``: check notes for the mistakes graders find, against the real source."""

from __future__ import annotations

import sys

import click

from reportgen.errors import InputError


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out


@click.command(name="lint")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif"]), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rules (codes, prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules.")
@click.option("--online/--offline", default=None, help="Fetch linked files from the code host when not installed (cached).")
@click.option("--explain", metavar="CODE", help="Print a rule's documentation and exit.")
@click.option("--python", "python", metavar="PATH", help="Python whose installed packages are the source (default: this one).")
@click.option("--list-rules", is_flag=True, help="List the rules and exit.")
def command(paths, fmt, select, ignore, online, explain, python, list_rules):
    """Check notes (files or folders; default: reports/) for the mistakes graders find.

    \b
    Exit status: 0 clean, 1 findings, 2 usage or input error.
    Config: [tool.reportgen.lint] in pyproject.toml (select, ignore, per-file-ignores, online).
    """
    from reportgen.lint import formats, lint, registry
    from reportgen.lint.config import load_config

    if explain:
        rule = registry.get(explain)
        if rule is None:
            raise InputError(f"no rule '{explain}'", hint="see reportgen lint --list-rules")
        click.echo(f"{rule.code} {rule.name}\n\n{rule.doc()}")
        return
    if list_rules:
        for rule in registry.all_rules():
            click.echo(f"{rule.code}  {rule.name:26} {rule.summary()}")
        return
    config = load_config()
    select_l = _split(select) or config.select
    ignore_l = _split(ignore) + config.ignore
    bad = registry.unknown_selectors(select_l + ignore_l)
    if bad:
        raise InputError(f"unknown rule '{bad[0]}'", hint="see reportgen lint --list-rules")
    use_online = config.online if online is None else online
    if not paths:
        from reportgen.notes import find_notes

        find_notes([])  # a clear error when there is no reports/ folder
    result = lint(list(paths) or ["reports"], select=select_l or None, ignore=ignore_l or None, online=use_online,
                  python=python, per_file_ignores=config.per_file_ignores)
    out = formats.FORMATS[fmt](result.findings) if fmt != "sarif" else formats.sarif(result.findings)
    click.echo(out, nl=False)
    if result.network_error:
        click.echo(f"reportgen: offline: {result.network_error}; link checks that needed it were skipped", err=True)
    if result.skipped:
        nosrc = [s[len("no source for "):].split(";")[0] for s in result.skipped if s.startswith("no source for ")]
        other = [s for s in result.skipped if not s.startswith("no source for ")]
        parts = ([f"no source for {', '.join(nosrc)}" + ("" if use_online else "; use --online")] if nosrc else []) + other
        click.echo("reportgen: source checks skipped: " + "; ".join(parts), err=True)
    if fmt == "text":
        count = len(result.findings)
        click.echo(f"{count} finding{'s' if count != 1 else ''} in {result.files} file{'s' if result.files != 1 else ''}",
                   err=True)
    if result.failed:
        sys.exit(1)
