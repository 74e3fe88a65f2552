"""``reportgen init``: start notes for the technologies a project uses."""

from __future__ import annotations

import sys

import click


@click.command(name="init")
@click.argument("project", default=".", type=click.Path(file_okay=False))
@click.option("--package", "packages", multiple=True, metavar="NAME",
              help="Write notes for this package (repeatable); e.g. flask-sock, pkg:npm/ws, docker:mongo.")
@click.option("--topic", help="What the report explains: tcp, http-headers, websockets, or your own words.")
@click.option("--template", type=click.Choice(["cse312-v2", "cse312-v1"]), default="cse312-v2", show_default=True)
@click.option("--yes", "-y", is_flag=True, help="No questions: take the best pick for each topic the project has.")
@click.option("--skip-existing", is_flag=True, help="Exit 0 when a notes file already exists (it is left as it is).")
@click.option("--python", type=click.Path(exists=True, dir_okay=False),
              help="The Python of the project's environment (where its packages are installed).")
def command(project, packages, topic, template, yes, skip_existing, python) -> None:
    """Start notes (reports/<package>.yaml) for the technologies PROJECT uses.

    Lists the project's direct dependencies and services, the ones the course asks
    about (servers, HTTP parsing, WebSockets) first, and writes one notes file per
    pick with the license facts filled in and a chain-of-calls skeleton.
    An existing notes file is never overwritten.
    """
    from reportgen.project import init as project_init
    from reportgen.project.ranking import normalize_topic, topic_name

    root = project_init.check_project(project)
    topic_key = normalize_topic(topic) if topic else None
    ranked = project_init.candidates(root, python=python)
    if packages:
        picks = project_init.choose(ranked, packages, topic_key)
    else:
        if not ranked:
            raise click.UsageError(f"found no dependencies in {root}; name one with --package NAME")
        click.echo(f"Dependencies and services of {root}, most likely report topics first:")
        for number, cand in enumerate(ranked, 1):
            dep = cand.dependency
            version = f" {dep.version}" if dep.version else ""
            click.echo(f"  {number:>2}. {dep.name}{version} [{dep.ecosystem}]  {cand.reason}")
        picks = project_init.choose(ranked, (), topic_key)
        if not yes:
            if not sys.stdin.isatty():
                raise click.UsageError("not a terminal, so no questions: pass --yes or --package NAME")
            default = ",".join(str(ranked.index(next(c for c in ranked if c.dependency == p.dependency)) + 1)
                               for p in picks)
            answer = click.prompt("Write notes for (numbers, comma-separated)", default=default or "1")
            picks = []
            for item in answer.replace(" ", "").split(","):
                if not item:
                    continue
                if not item.isdigit() or not 1 <= int(item) <= len(ranked):
                    raise click.UsageError(f"'{item}' is not a number from the list")
                cand = ranked[int(item) - 1]
                topics = [topic_key] if topic_key else list(cand.topics)
                picks.append(project_init.Pick(cand.dependency.name, cand.dependency.ecosystem, topics, cand.dependency))
        if not picks:
            raise click.UsageError("nothing the course asks about was found; name one with --package NAME")
    existed = False
    for pick in picks:
        draft = project_init.draft(pick, root, template=template, python=python)
        shown = draft.path.relative_to(root) if draft.path.is_relative_to(root) else draft.path
        if not project_init.write(draft):
            existed = True
            click.echo(f"{shown}: exists, left as it is")
            continue
        facts = draft.facts
        lic = facts.values.get("license_type")
        topics = ", ".join(topic_name(t) for t in pick.topics) or "no topic"
        click.echo(f"wrote {shown}: {facts.name} {facts.version or ''} ({lic.value if lic else 'license unknown'}; {topics})")
    if existed and not skip_existing:
        raise click.exceptions.Exit(1)
