"""Judge a License Restrictions cell: does it say the license asks nothing of you?

A cell *denies* restrictions when it is "None", "N/A", "nothing" ... or says so in a
sentence ("There are no restrictions to this license", "you are free to do whatever you
want", "it is not restricted in any way").  It *names a condition* when it mentions
something the license really asks or limits: the notice / copyright / attribution, the
license text travelling with copies, sharing source, the same license, warranty or
liability, trademarks / endorsement, stating changes, patents.  A condition named in a
clause that says it is not needed ("you do not have to share the source") does not count.
The vocabulary is data, in ``restrictions.toml`` next to this module.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from reportgen.tomlutil import tomllib

_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b|\bcannot\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bshan'?t\b"), "shall not"),
    (re.compile(r"\b(do|does|did|is|are|was|were|has|have|had|should|would|could|must|need)n'?t\b"), r"\1 not"),
    (re.compile(r"n't\b"), " not"),
)
_TRIM = " \t\n.!,;:()[]\"'-*"
_SENTENCE_SPLIT = re.compile(r"[.;:!?\n]+(?:\s|$)|\s[-\u2013\u2014]+\s")
_ASIDE = re.compile(r"\([^()]*\)")
_CLAUSE_SPLIT = re.compile(
    r"[,;:.!?()\n]|\b(?:but|except|besides|however|as long as|so long as|provided|unless|other than|apart from|"
    r"aside from|although|though|while|only if|just|only)\b")


@lru_cache(maxsize=1)
def _vocabulary() -> dict:
    data = tomllib.loads((Path(__file__).parent / "restrictions.toml").read_text("utf-8"))
    deny = data["deny"]
    whole = re.compile(r"(?:(?:%s) )?(?:%s)(?: (?:%s))?" % tuple(
        "|".join(deny[k]) for k in ("before", "whole", "after")))
    return {
        "whole": whole,
        "anywhere": [re.compile(p) for p in data["deny"]["anywhere"]],
        "negated": [re.compile(p) for p in data["negated"]["clause"]],
        "conditions": {name: [re.compile(p) for p in pats] for name, pats in data["conditions"].items()},
    }


def normalise(text: str) -> str:
    """Lower case, straight quotes, contractions spelt out, one space between words."""
    out = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    for pattern, repl in _CONTRACTIONS:
        out = pattern.sub(repl, out)
    return " ".join(out.split())


def denies(text: str) -> bool:
    """True when the text says the license restricts nothing / asks nothing of you."""
    vocab = _vocabulary()
    norm = normalise(text)
    if norm and not norm.strip(_TRIM):
        return True  # "-", "--", "..."
    bare = _ASIDE.sub(" ", norm)
    if any(vocab["whole"].fullmatch(" ".join(s.split()).strip(_TRIM)) for s in _SENTENCE_SPLIT.split(bare)):
        return True
    return any(p.search(norm) for p in vocab["anywhere"])


def conditions_named(text: str) -> list[str]:
    """The kinds of real condition the text names (notice, source, same_license, warranty ...)."""
    vocab = _vocabulary()
    found: list[str] = []
    for clause in _CLAUSE_SPLIT.split(normalise(text)):
        clause = (clause or "").strip()
        if not clause or any(p.search(clause) for p in vocab["negated"]):
            continue
        for name, patterns in vocab["conditions"].items():
            if name not in found and any(p.search(clause) for p in patterns):
                found.append(name)
    return found


def understated(text: str) -> bool:
    """The text denies any restriction and names no real condition."""
    return bool((text or "").strip()) and denies(text) and not conditions_named(text)
