"""``reportgen update``: refresh the auto-filled facts in notes, keeping every hand edit."""

from __future__ import annotations

import click


@click.command(name="update")
@click.argument("notes", nargs=-1, type=click.Path())
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if an update is due (for CI).")
@click.option("--project", "project_dir", type=click.Path(file_okay=False),
              help="The project folder (default: the folder above reports/).")
@click.option("--python", type=click.Path(exists=True, dir_okay=False),
              help="The Python of the project's environment (where its packages are installed).")
def command(notes, check, project_dir, python) -> None:
    """Refresh the values marked '# from: ...' in NOTES (default: reports/*.yaml).

    Only those values (new version, new license, moved repository) and their
    comments change; everything else stays byte-for-byte. Prints a diff.
    """
    from pathlib import Path

    from reportgen.notes import find_notes
    from reportgen.project import update as project_update

    files = find_notes(list(notes))
    if not files:
        raise click.UsageError("no notes files found (looked in reports/); name them")
    providers: dict[str, project_update.FactsProvider] = {}
    due = 0
    for path in files:
        root = Path(project_dir) if project_dir else _project_of(path)
        facts_for = providers.setdefault(str(root), project_update.provider(root, python))
        result = project_update.update_file(path, facts_for, check=check)
        if result.skipped:
            click.echo(f"{path}: skipped ({result.skipped})")
        elif result.changed:
            due += 1
            click.echo(result.diff(), nl=False)
            word = "update due" if check else "updated"
            click.echo(f"{path}: {word} (" + ", ".join(c.field for c in result.changes) + ")" if result.changes
                       else f"{path}: {word} (sources)", err=True)
        else:
            click.echo(f"{path}: up to date", err=True)
    if check and due:
        raise click.exceptions.Exit(1)


def _project_of(path):
    from pathlib import Path

    folder = Path(path).resolve().parent
    return folder.parent if folder.name == "reports" else folder
