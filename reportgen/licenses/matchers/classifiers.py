"""Trove ``License ::`` classifiers, mapped through reportgen/data/spdx/classifiers.toml.

Classifiers name families more often than licenses ("BSD License"), so they are
weak evidence.  Several license classifiers together usually mean a choice
(cryptography: Apache and BSD), so they are joined with OR.
"""

from __future__ import annotations

from functools import lru_cache

from reportgen.licenses.expression import _load_toml, normalize
from reportgen.licenses.matchers.base import Subject, evidence
from reportgen.model import NOASSERTION, Evidence

NAME = "classifier"


@lru_cache(maxsize=1)
def table() -> dict[str, dict]:
    return _load_toml("classifiers.toml")["classifiers"]


def lookup(classifier: str) -> dict | None:
    return table().get(" :: ".join(part.strip() for part in classifier.split("::")))


def match(subject: Subject) -> list[Evidence]:
    found = [c.strip() for c in subject.all("Classifier") if c.strip().startswith("License ::")]
    if not found:
        return []
    source = f"{subject.origin}:Classifier"
    named: list[tuple[str, float, str]] = []
    out: list[Evidence] = []
    for classifier in found:
        entry = lookup(classifier)
        if entry is None:
            out.append(evidence(NAME, source, None, 0.0, f"{classifier} (not in reportgen's classifier table)"))
            continue
        if entry["expression"] == NOASSERTION:
            out.append(evidence(NAME, source, None, 0.0, f"{classifier}: {entry.get('note', '')}".strip()))
            continue
        named.append((entry["expression"], entry["confidence"], classifier))
    if named:
        exprs = list(dict.fromkeys(e for e, _, _ in named))
        expr = normalize(" OR ".join(f"({e})" if " " in e else e for e in exprs))
        confidence = min(c for _, c, _ in named) * (0.8 if len(exprs) > 1 else 1.0)
        out.insert(0, evidence(NAME, source, expr, confidence, "; ".join(c for _, _, c in named)))
    return out
