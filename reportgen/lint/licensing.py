"""License helpers for the license rules, through the identification and knowledge
packages (``reportgen.licenses.expression``, ``reportgen.licenses.identify``,
``reportgen.knowledge.kb``), with a small fallback of our own while those are
not importable (so lint never crashes on another part's state).
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportgen.model import normalize_name

NOASSERTION = "NOASSERTION"

#: Short labels students write for a license, and the SPDX id they name (fallback only).
_LABELS = {
    "mit": "MIT", "mit license": "MIT", "the mit license": "MIT", "expat": "MIT",
    "bsd-3": "BSD-3-Clause", "bsd 3": "BSD-3-Clause", "bsd3": "BSD-3-Clause", "bsd-3 clause": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause", "bsd 3 clause": "BSD-3-Clause", "3-clause bsd": "BSD-3-Clause",
    "bsd-3-clause license": "BSD-3-Clause", "bsd 3-clause license": "BSD-3-Clause", "new bsd": "BSD-3-Clause",
    "modified bsd": "BSD-3-Clause", "revised bsd": "BSD-3-Clause", "bsd-2": "BSD-2-Clause",
    "bsd 2-clause": "BSD-2-Clause", "2-clause bsd": "BSD-2-Clause", "simplified bsd": "BSD-2-Clause",
    "apache 2.0": "Apache-2.0", "apache 2": "Apache-2.0", "apache-2": "Apache-2.0", "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0", "apache license version 2.0": "Apache-2.0", "apache2": "Apache-2.0",
    "gplv3": "GPL-3.0-only", "gpl v3": "GPL-3.0-only", "gpl-3": "GPL-3.0-only", "gpl 3": "GPL-3.0-only",
    "gplv2": "GPL-2.0-only", "gpl v2": "GPL-2.0-only", "lgplv3": "LGPL-3.0-only", "lgpl v3": "LGPL-3.0-only",
    "lgplv2.1": "LGPL-2.1-only", "agplv3": "AGPL-3.0-only", "mpl 2.0": "MPL-2.0", "mpl-2": "MPL-2.0",
    "isc license": "ISC", "psf": "PSF-2.0", "psf license": "PSF-2.0", "python software foundation license": "PSF-2.0",
    "unlicense": "Unlicense", "the unlicense": "Unlicense", "public domain": "LicenseRef-Public-Domain",
}
#: Labels that name a family, not one license.
AMBIGUOUS = {"bsd", "bsd license", "gpl", "lgpl", "apache", "gnu", "creative commons", "cc", "open source",
             "opensource", "free", "copyleft", "osi approved"}
#: What each license asks of you (fallback when the knowledge base is not there).
_CONDITIONS = {
    "MIT": ("include-copyright",), "ISC": ("include-copyright",), "BSD-2-Clause": ("include-copyright",),
    "BSD-3-Clause": ("include-copyright",), "Apache-2.0": ("include-copyright", "document-changes", "include-notice"),
    "PSF-2.0": ("include-copyright",), "MPL-2.0": ("disclose-source", "include-copyright", "same-license--file"),
    "LGPL-2.1-only": ("disclose-source", "include-copyright", "same-license--library"),
    "LGPL-3.0-only": ("disclose-source", "include-copyright", "same-license--library"),
    "GPL-2.0-only": ("disclose-source", "include-copyright", "same-license"),
    "GPL-3.0-only": ("disclose-source", "include-copyright", "same-license"),
    "AGPL-3.0-only": ("disclose-source", "network-use-disclose", "include-copyright", "same-license"),
    "Unlicense": (), "CC0-1.0": (), "0BSD": (), "WTFPL": (),
}


def _label_key(text: str) -> str:
    return " ".join(text.lower().replace("licence", "license").replace("_", " ").split()).strip(" .")


def normalize(text: str) -> str | None:
    """The SPDX expression a license_type names (labels accepted), or None when it names none clearly."""
    key = _label_key(text)
    if not key or key in AMBIGUOUS:
        return None
    if key in _LABELS:
        return _LABELS[key]
    try:
        from reportgen.licenses import expression as expr

        try:
            return expr.normalize(text)
        except expr.InvalidExpression:
            found = expr.lookup_alias(text)
            return found.expression if found is not None and found.confidence >= 0.8 else None
    except Exception:  # noqa: BLE001 - the identification package is not usable right now
        pass
    return _fallback_normalize(text)


def _fallback_normalize(text: str) -> str | None:
    try:
        from license_expression import get_spdx_licensing

        lic = _spdx()
        parsed = lic.parse(text, validate=False)
        if parsed is None or lic.unknown_license_keys(parsed):
            return None
        return parsed.render()
    except Exception:  # noqa: BLE001
        return None
    del get_spdx_licensing


@lru_cache(maxsize=1)
def _spdx():
    from license_expression import get_spdx_licensing

    return get_spdx_licensing()


def equivalent(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        from reportgen.licenses import expression as expr

        return expr.equivalent(a, b)
    except Exception:  # noqa: BLE001
        try:
            return bool(_spdx().is_equivalent(a, b))
        except Exception:  # noqa: BLE001
            return False


def license_ids(expression: str) -> set[str]:
    return {t for t in re.split(r"[\s()]+", expression) if t and t not in ("AND", "OR", "WITH")}


def or_choices(expression: str) -> list[str]:
    """The alternatives of a top-level OR ('MIT OR Apache-2.0' -> ['MIT', 'Apache-2.0']), else [expression]."""
    try:
        lic = _spdx()
        parsed = lic.parse(expression, validate=False)
        if parsed is not None and isinstance(parsed, lic.OR):
            return [str(arg) for arg in parsed.args]
    except Exception:  # noqa: BLE001 - an expression license-expression cannot read: take it whole
        pass
    return [expression]


def conditions(spdx_id: str) -> tuple[str, ...] | None:
    """Condition tags of a license (include-copyright, include-notice, disclose-source, same-license...)."""
    try:
        from reportgen.knowledge import kb

        return tuple(kb.license_facts(spdx_id).conditions)
    except Exception:  # noqa: BLE001 - unknown id or knowledge not there
        return _CONDITIONS.get(spdx_id)


def identify(dist) -> tuple[str, str] | None:
    """(SPDX expression, where it came from) of an installed distribution, or None when unsure."""
    memo = getattr(dist, "memo", None)
    if memo is None:
        return _identify(dist)
    if "license" not in memo:
        memo["license"] = _identify(dist)
    return memo["license"]


def _identify(dist) -> tuple[str, str] | None:
    try:
        from reportgen.licenses.identify import identify_distribution

        finding = identify_distribution(dist.dist_info)
        if finding.expression != NOASSERTION and finding.confidence >= 0.8:
            return finding.expression, f"identified from {dist.name} {dist.version}"
        return None
    except ImportError:
        pass
    except Exception:  # noqa: BLE001
        return None
    meta = dist.metadata()
    if meta.get("License-Expression"):
        norm = normalize(meta["License-Expression"])
        if norm:
            return norm, f"{dist.name} {dist.version} METADATA License-Expression"
    found = set()
    for c in meta.get("classifiers", []):
        label = c.rsplit("::", 1)[-1].strip()
        norm = normalize(label)
        if norm:
            found.add(norm)
    if len(found) == 1:
        return found.pop(), f"{dist.name} {dist.version} classifier"
    lic = meta.get("License")
    if lic and len(lic) < 60:
        norm = normalize(lic)
        if norm:
            return norm, f"{dist.name} {dist.version} METADATA License"
    return None


_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4"}
_CLAUSES = re.compile(r"\b(one|two|three|four)[\s-]+clause\b", re.I)
_URL = re.compile(r"\S+://\S+|\bwww\.\S+")
_LICENSE_WORDS = {"license", "licence", "licensed", "licenses", "licences"}
_PACKAGE_PART = re.compile(r"^\s*([A-Za-z0-9][\w.\-]*)\s*:\s*(\S.*?)\s*$")


def declared(text: str, package: str | None = None) -> str | None:
    """The SPDX expression a License Type cell names, or None when it names no license clearly.

    Beyond :func:`normalize` (an id, an expression, a label of one license), it reads the ways teams
    write one license in words: "three clause BSD License" (a number in words), a sentence that names
    exactly one license ("Flask-SocketIO is distributed under the MIT license."), and a per-package
    list of real licenses ("Flask: BSD-3-Clause License, werkzeug: BSD-3-Clause License"), which
    stands for the license of ``package`` when it is listed, else for all of them (``AND``).  A
    sentence that names no license, or several without saying which package has which, names none.
    """
    found = one_license(text)
    if found is not None:
        return found
    named = listed_per_package(text)
    if named:
        licenses = {m.group(1).lower(): one_license(m.group(2)) or _in_sentence(m.group(2)) for m in named}
        if all(licenses.values()):
            want = normalize_name(package or "")
            for name, expression in licenses.items():
                if normalize_name(name) == want:
                    return expression
            distinct = list(dict.fromkeys(licenses.values()))
            return distinct[0] if len(distinct) == 1 else " AND ".join(distinct)
    return _in_sentence(text)


def listed_per_package(text: str) -> list:
    """The parts of a "Name: license, Name: license" cell (regex matches of name and license), else []."""
    parts = [p for p in re.split(r"[,;\n]+", text) if p.strip()]
    named = [_PACKAGE_PART.match(p) for p in parts]
    return named if len(parts) > 1 and all(named) else []


def one_license(text: str) -> str | None:
    """normalize(), also with clause counts in words ("three clause BSD" is "3-clause BSD")."""
    found = normalize(text)
    if found is None and _CLAUSES.search(text):
        found = normalize(_CLAUSES.sub(lambda m: f"{_NUMBER_WORDS[m.group(1).lower()]}-clause", text))
    return found


def _in_sentence(text: str) -> str | None:
    """The one license a sentence names ("... is distributed under the MIT license."), else None.

    Reads the longest run of words at each place that names a license; a lone word counts only
    when written like an id (MIT, BSD-3-Clause, GPLv3) or followed by "license", so that words of
    the sentence that happen to be SPDX ids ("Fair", "JSON" ...) are not taken for licenses.
    """
    words = [w.strip(".,;:!?\"'()[]") for w in _URL.sub(" ", text).split()]
    words = [w for w in words if w]
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(8, len(words) - i), 0, -1):
            run = words[i:i + n]
            if all(w.lower() in _LICENSE_WORDS | {"the", "a", "an"} for w in run):
                continue
            if n == 1 and not (_id_like(run[0]) or (i + 1 < len(words) and words[i + 1].lower() in _LICENSE_WORDS)):
                continue
            expression = one_license(" ".join(run))
            if expression is not None:
                found.append(expression)
                i += n - 1
                break
        i += 1
    distinct = list(dict.fromkeys(found))
    return distinct[0] if len(distinct) == 1 else None


def _id_like(word: str) -> bool:
    """MIT, ISC, BSD-3-Clause, GPLv3, CC0-1.0: capitals or digits, as ids are written."""
    return any(c.isdigit() for c in word) or (len(word) > 1 and word.isupper())
