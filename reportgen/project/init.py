"""``init``: start notes files for the technologies a project uses.

Pure functions: list and rank the project's candidates, pick, render a notes
file as text, write it without overwriting.  The CLI (``reportgen.cli.init``)
does the prompting and the printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.errors import InputError, Location
from reportgen.fsutil import atomic_write
from reportgen.model import Dependency, normalize_name
from reportgen.project.facts import FACT_FIELDS, PackageFacts, collect, derive
from reportgen.project.ranking import COURSE_TOPICS, Candidate, rank, top_picks, topic_name
from reportgen.project.yamltext import render_block, render_flow

#: Where editors find the notes schema (published in the reportgen repository).
SCHEMA_URL = "https://raw.githubusercontent.com/reportgen/reportgen/main/schema/notes.schema.json"
TEMPLATES = ("cse312-v2", "cse312-v1")

#: What a link's "# from:" comment says while the link is still the skeleton init wrote.
LINK_SOURCE = "{label} release tag; add the file's #L lines, then delete this comment"

_GUIDE = {
    "tcp": (
        "Start after the TCP socket is created: where does {name} accept a connection and read the bytes "
        "of a request? Follow the calls down to the recv()/read()."
    ),
    "http-headers": (
        "Follow a request from the bytes read off the socket to where {name} splits the header lines and "
        "stores each header (name and value)."
    ),
    "websockets": (
        "Follow the upgrade: where {name} checks the handshake headers and computes Sec-WebSocket-Accept, "
        "then how it reads a frame (opcode, length, mask) and unmasks the payload."
    ),
}
_GUIDE_OTHER = "Follow the calls from your app's use of {name} down to the code that does the work."


@dataclass
class Pick:
    """One technology to write notes for."""

    name: str
    ecosystem: str = "pypi"
    topics: list[str] = field(default_factory=list)
    dependency: Dependency | None = None


@dataclass
class Draft:
    """A notes file ready to be written."""

    path: Path
    text: str
    facts: PackageFacts
    pick: Pick


def candidates(project_dir: str | Path, python: str | None = None) -> list[Candidate]:
    """The project's dependencies and services, best candidates for a report first."""
    deps = collect(project_dir, python=python)
    direct = [d for d in deps if d.direct]
    return rank(direct or deps)


def choose(
    ranked: list[Candidate], packages: list[str] | tuple[str, ...] = (), topic: str | None = None
) -> list[Pick]:
    """The picks: the named packages, or else one per course topic the project has."""
    if packages:
        picks = []
        for spec in packages:
            ecosystem, name = _split_name(spec)
            found = _find(ranked, name, ecosystem)
            if found is not None:
                topics = [topic] if topic else list(found.topics)
                picks.append(Pick(found.dependency.name, found.dependency.ecosystem, topics, found.dependency))
            else:
                picks.append(Pick(name, ecosystem or "pypi", [topic] if topic else []))
        return picks
    return [
        Pick(c.dependency.name, c.dependency.ecosystem, topics, c.dependency) for c, topics in top_picks(ranked, topic)
    ]


def _split_name(spec: str) -> tuple[str | None, str]:
    if spec.startswith("pkg:"):
        from reportgen.project.facts import split_spec

        eco, name, _ = split_spec(spec)
        return eco, name
    if ":" in spec and spec.split(":", 1)[0] in ("pypi", "npm", "docker"):
        eco, name = spec.split(":", 1)
        return eco, name
    return None, re.split(r"[<>=!~;\[ ]", spec.strip(), maxsplit=1)[0]


def _find(ranked: list[Candidate], name: str, ecosystem: str | None) -> Candidate | None:
    for cand in ranked:
        dep = cand.dependency
        if ecosystem and dep.ecosystem != ecosystem:
            continue
        if normalize_name(dep.name, dep.ecosystem) == normalize_name(name, dep.ecosystem):
            return cand
    return None


def notes_filename(name: str) -> str:
    """``reports/<this>``: the package name made safe as a file name."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", name.lstrip("@")).strip("-.").lower()
    return (base or "notes") + ".yaml"


def draft(
    pick: Pick,
    project_dir: str | Path,
    *,
    template: str = "cse312-v2",
    python: str | None = None,
    schema_ref: str = SCHEMA_URL,
) -> Draft:
    """Derive the facts of a pick and render its notes file."""
    if template not in TEMPLATES:
        raise InputError(f"unknown template '{template}'", hint="use " + " or ".join(TEMPLATES))
    facts = derive(pick.name, pick.ecosystem, project_dir=project_dir, python=python, dependency=pick.dependency)
    text = render_notes(facts, pick.topics, template=template, schema_ref=schema_ref)
    path = Path(project_dir) / "reports" / notes_filename(facts.name)
    return Draft(path, text, facts, pick)


def link_skeleton(facts: PackageFacts, topic: str | None) -> tuple[str, str | None]:
    """The first chain link init writes and its provenance (None when no repository/tag is known)."""
    url = facts.tree_url(topic)
    if url is None:
        return "TODO", None
    return url, LINK_SOURCE.format(label=f"{facts.name} {facts.version}")


def _flow(key: str, value: str, indent: int, source: str | None = None, style: str = "plain") -> str:
    line = " " * indent + f"{key}: {render_flow(value, style)}"
    return line + (f"  # from: {source}" if source else "")


def _folded(key: str, value: str, indent: int, source: str | None = None) -> list[str]:
    head = " " * indent + f"{key}: >-" + (f"  # from: {source}" if source else "")
    return [head, *render_block(value, ">-", indent + 2)]


def render_notes(
    facts: PackageFacts, topics: list[str], *, template: str = "cse312-v2", schema_ref: str = SCHEMA_URL
) -> str:
    """The text of a new notes file (loads with reportgen.notes.load)."""
    name = facts.name
    topic_text = ", ".join(topic_name(t) for t in topics) if topics else None
    out: list[str] = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# Notes for a CSE312 Open-Source Report on {name}, started by `reportgen init`.",
        "# A value followed by '# from: ...' was filled in by reportgen; `reportgen update`",
        "# refreshes those. Change a value by hand and delete its '# from:' comment, and",
        "# reportgen will leave it alone. Build with: reportgen build; check with: reportgen lint",
        f"template: {template}",
        _flow("technology", facts.title or name, 0),
    ]
    if topic_text:
        out.append(_flow("topic", topic_text, 0))
    if facts.package is not None:
        out.append(_flow("package", facts.package.value, 0, facts.package.source))
    out.append("general:")
    for key in FACT_FIELDS:
        fact = facts.values.get(key)
        if fact is None:
            out.append(f"  {key}: auto  # reportgen found nothing yet: fill it in, or let `reportgen build` try")
        elif key in ("license_description", "license_restrictions"):
            out.extend(_folded(key, fact.value, 2, fact.source))
        else:
            out.append(_flow(key, fact.value, 2, fact.source))
    if template == "cse312-v1":
        out.append("  who_worked: []  # the team members who worked with it, e.g. [Ana, Ben]")
    first_topic = topics[0] if topics else None
    out.append("sections:")
    for index, topic in enumerate(topics or [None]):
        guide = _GUIDE.get(topic or "", _GUIDE_OTHER).format(name=name)
        title = f"Chain of calls ({topic_name(topic)})" if topic else "Chain of calls"
        out.append(_flow("  - title", title, 0))
        if template == "cse312-v1":
            out.append("    purpose: >-")
            out.append(f"      TODO: what your app uses {name} for.")
        out.append("    # " + "\n    # ".join(_wrap_comment(guide)))
        out.append("    explanation: |")
        out.append("      TODO: an overview of the chain below, in your own words.")
        out.append("    chain:")
        out.append("      # One step per call. Each link: a file of the repository at the release tag,")
        out.append("      # with the exact lines (#L10 or #L10-L42); text: what happens there.")
        link, source = link_skeleton(facts, topic if topic else first_topic)
        out.append(_flow("      - link", link, 0, source))
        out.append("        text: >-")
        out.append("          TODO: what happens at this step.")
    return "\n".join(out) + "\n"


def _wrap_comment(text: str, width: int = 84) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width=width, break_on_hyphens=False)


def write(draft: Draft) -> bool:
    """Write a draft unless its file exists; True when written.  Never overwrites."""
    if draft.path.exists():
        return False
    atomic_write(draft.path, draft.text)
    return True


def check_project(project_dir: str | Path) -> Path:
    root = Path(project_dir)
    if not root.is_dir():
        raise InputError("no such project folder", Location(str(project_dir)), "give the folder of your app")
    return root


__all__ = [
    "COURSE_TOPICS",
    "Draft",
    "Pick",
    "SCHEMA_URL",
    "candidates",
    "check_project",
    "choose",
    "draft",
    "link_skeleton",
    "notes_filename",
    "render_notes",
    "write",
]
