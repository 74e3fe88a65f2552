"""Rank a project's dependencies by how likely each is one a CSE312 report covers.

The knowledge of which technology does what is data
(``reportgen/data/technology_roles.yaml``); this module only scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from reportgen.model import Dependency, normalize_name

#: The course topics, in the order a report usually covers them.
COURSE_TOPICS = ("tcp", "http-headers", "websockets")

_TOPIC_ALIASES = {
    "tcp": "tcp",
    "http": "http-headers",
    "headers": "http-headers",
    "http-headers": "http-headers",
    "http headers": "http-headers",
    "websocket": "websockets",
    "websockets": "websockets",
    "ws": "websockets",
}


@dataclass(frozen=True)
class Technology:
    """What the roles data file says about one technology."""

    name: str
    ecosystem: str | None = None
    roles: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    repository: str | None = None
    tag: str | None = None  # e.g. "v{version}"
    entry: dict[str, str] = field(default_factory=dict)

    def entry_for(self, topic: str | None) -> str | None:
        if topic and topic in self.entry:
            return self.entry[topic]
        return self.entry.get("default")


@dataclass(frozen=True)
class Candidate:
    """A dependency with its score and why."""

    dependency: Dependency
    technology: Technology | None
    score: int
    reason: str

    @property
    def name(self) -> str:
        return self.dependency.name

    @property
    def topics(self) -> tuple[str, ...]:
        return self.technology.topics if self.technology else ()

    @property
    def roles(self) -> tuple[str, ...]:
        return self.technology.roles if self.technology else ()


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    from ruamel.yaml import YAML

    text = (Path(__file__).resolve().parent.parent / "data" / "technology_roles.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def topic_name(topic: str) -> str:
    """The heading form of a topic key ("http-headers" -> "HTTP headers"); other names as given."""
    return _data().get("topic_names", {}).get(topic, topic)


def normalize_topic(text: str) -> str:
    """A topic key from what a user typed (``HTTP headers``, ``websocket`` ...); unknown topics stay as typed."""
    key = " ".join(text.strip().lower().replace("_", "-").split())
    return _TOPIC_ALIASES.get(key, _TOPIC_ALIASES.get(key.replace(" ", "-"), text.strip()))


def lookup(name: str, ecosystem: str | None = None) -> Technology | None:
    """The roles entry of a technology, by (ecosystem-qualified) name."""
    techs = _data().get("technologies", {})
    keys = []
    if ecosystem:
        keys.append(f"{ecosystem}:{normalize_name(name, ecosystem)}")
        keys.append(normalize_name(name, ecosystem))
    keys.append(name.lower())
    for key in keys:
        entry = techs.get(key)
        if entry is None:
            continue
        entry_eco = entry.get("ecosystem")
        if ecosystem and entry_eco and entry_eco != ecosystem and ":" not in key:
            continue
        return Technology(
            name=key.split(":", 1)[-1] if key.startswith(("docker:", "npm:", "pypi:")) else key,
            ecosystem=entry_eco,
            roles=tuple(entry.get("roles") or ()),
            topics=tuple(entry.get("topics") or ()),
            repository=entry.get("repository"),
            tag=entry.get("tag"),
            entry=dict(entry.get("entry") or {}),
        )
    return None


def score(dep: Dependency) -> Candidate:
    """Score one dependency: its best role, more topics, direct runtime use first."""
    tech = lookup(dep.name, dep.ecosystem)
    weights = _data().get("role_weights", {})
    if tech is None:
        base, why = 0, "not a technology the course asks about"
    else:
        best = max(tech.roles, key=lambda r: weights.get(r, 0), default="other")
        base = weights.get(best, 0)
        why = best
        if tech.topics:
            base += 5 * len(tech.topics)
            why += " (" + ", ".join(topic_name(t) for t in tech.topics) + ")"
    if not dep.direct:
        base -= 40
        why += ", indirect"
    if dep.group not in ("runtime",):
        base -= 50
        why += f", {dep.group} only"
    return Candidate(dependency=dep, technology=tech, score=base, reason=why)


def rank(deps: Iterable[Dependency]) -> list[Candidate]:
    """Candidates best first; one entry per package (the direct runtime one wins)."""
    best: dict[str, Candidate] = {}
    for dep in deps:
        cand = score(dep)
        key = dep.key
        if key not in best or cand.score > best[key].score:
            best[key] = cand
    return sorted(best.values(), key=lambda c: (-c.score, c.dependency.ecosystem, c.name.lower()))


def top_picks(candidates: list[Candidate], topic: str | None = None) -> list[tuple[Candidate, list[str]]]:
    """The picks ``--yes`` takes: the best candidate for each course topic the project has.

    Returns (candidate, topics it was picked for); a candidate that is best for
    several topics is picked once.  With ``topic``, only that topic is considered;
    a topic the roles data does not know picks the best-ranked candidate.
    """
    wanted = [topic] if topic else list(COURSE_TOPICS)
    picks: dict[str, tuple[Candidate, list[str]]] = {}
    for want in wanted:
        pool = [c for c in candidates if want in c.topics and c.score > 0]
        if not pool and topic and topic not in COURSE_TOPICS:
            pool = [c for c in candidates if c.score > 0][:1]
        if not pool:
            continue
        chosen = pool[0]
        if chosen.dependency.key in picks:
            picks[chosen.dependency.key][1].append(want)
        else:
            picks[chosen.dependency.key] = (chosen, [want])
    return list(picks.values())
