"""SPDX license expressions: validate, normalise, compare, and map common names to SPDX.

Normalising goes through license-expression's SPDX licensing (canonical case of
ids, ``GPL-2.0+`` -> ``GPL-2.0-or-later``, deprecated ``GPL-2.0`` -> ``GPL-2.0-only``,
duplicates removed).  Loading that licensing costs about 0.3 s, so the common
shapes -- one id, or ids joined by a single kind of operator -- are normalised
from the SPDX id table alone and give the same answer.
"""

from __future__ import annotations

import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportgen.errors import ReportgenError
from reportgen.jsoncache import JsonCache
from reportgen.model import NOASSERTION

DATA = Path(__file__).resolve().parent.parent / "data" / "spdx"

_LICENSEREF = re.compile(r"^(DocumentRef-[A-Za-z0-9.\-]+:)?LicenseRef-[A-Za-z0-9.\-]+$")
_TOKEN = re.compile(r"\s*(\(|\)|[^\s()]+)")


class InvalidExpression(ReportgenError):
    """Text that is not a valid SPDX license expression."""


def _load_toml(name: str) -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    with open(DATA / name, "rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class _IdTable:
    licenses: dict[str, str]  # lower-case id or alias -> canonical SPDX id
    exceptions: dict[str, str]


@lru_cache(maxsize=1)
def licensedb_index() -> list[dict]:
    """The ScanCode LicenseDB index vendored by license-expression (about 1 MB of JSON), read once
    per process for both identification's id table and the knowledge base's fallback facts."""
    spec = importlib.util.find_spec("license_expression")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - it is a dependency
        return []
    index_file = Path(spec.submodule_search_locations[0]) / "data" / "scancode-licensedb-index.json"
    return json.loads(index_file.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _ids() -> _IdTable:
    """SPDX ids from license-expression's vendored index, read without building the parser."""
    licenses: dict[str, str] = {}
    exceptions: dict[str, str] = {}
    for entry in licensedb_index():
        key = entry.get("spdx_license_key")
        if not key or key.startswith("LicenseRef-"):
            continue
        table = exceptions if entry.get("is_exception") else licenses
        table[key.lower()] = key
        for other in entry.get("other_spdx_license_keys") or ():
            # deprecated SPDX ids ("GPL-2.0+"), not scancode's loose names ("GPL", "GPL 2.0")
            if not other.startswith("LicenseRef-") and " " not in other and any(c.isdigit() for c in other):
                table.setdefault(other.lower(), key)
    return _IdTable(licenses, exceptions)


@lru_cache(maxsize=1)
def _licensing():
    """license-expression's licensing, built from the SPDX ids of its index only (not scancode's
    LicenseRef-scancode-* keys nor loose names like "GPL"): quicker to build, and SPDX-strict."""
    from license_expression import get_license_index, load_licensing_from_license_index

    entries = []
    for entry in get_license_index():
        key = entry.get("spdx_license_key")
        if not key or key.startswith("LicenseRef-"):
            continue
        aliases = [a for a in entry.get("other_spdx_license_keys") or ()
                   if not a.startswith("LicenseRef-") and " " not in a and any(c.isdigit() for c in a)]
        entries.append({"key": key, "aliases": aliases, "is_exception": bool(entry.get("is_exception"))})
    return load_licensing_from_license_index(entries)


def _exception(token: str) -> str | None:
    """The canonical exception id of a token after WITH: an SPDX exception, or a LicenseRef for
    an exception SPDX has no id for (``LGPL-3.0-or-later WITH LicenseRef-OpenSSL-exception``)."""
    if _LICENSEREF.match(token):
        return token
    return _ids().exceptions.get(token.lower())


def _fast(text: str) -> str | None:
    """Normalise 'ID', 'ID+' or 'ID OP ID OP ...' (one operator kind, no parens); None otherwise."""
    tokens = text.split()
    if not tokens:
        return None
    if len(tokens) == 3 and tokens[1].upper() == "WITH":
        lic, exc = _ids().licenses.get(tokens[0].lower()), _exception(tokens[2])
        return f"{lic} WITH {exc}" if lic and exc and not tokens[0].endswith("+") else None
    ops = {t.upper() for t in tokens[1::2]}
    if len(tokens) % 2 == 0 or len(ops) > 1 or not ops <= {"AND", "OR"}:
        return None
    table = _ids().licenses
    out: list[str] = []
    for tok in tokens[0::2]:
        if tok.upper() in ("AND", "OR", "WITH") or "(" in tok or ")" in tok:
            return None
        if _LICENSEREF.match(tok):
            canon = tok
        else:
            plus = tok.endswith("+")
            canon = table.get(tok.lower())
            if canon is None or plus:
                return None  # '+' and unknowns take the full parser
        if canon not in out:
            out.append(canon)
    op = f" {ops.pop()} " if ops else ""
    return op.join(out)


class _Unsure(Exception):
    """The small parser leaves this text to license-expression."""


_OPERATORS = ("AND", "OR", "WITH")


def _structured(text: str) -> str | None:
    """Normalise an expression with parentheses, mixed AND / OR and WITH, of known SPDX ids
    (no ``+``): what license-expression answers (tests compare the two), without loading it.
    None for anything else, and for every syntax error (license-expression words those)."""
    tokens = _TOKEN.findall(text)
    ids = _ids()
    pos = 0

    def atom():
        nonlocal pos
        if pos >= len(tokens):
            raise _Unsure
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            node = either()
            if pos >= len(tokens) or tokens[pos] != ")":
                raise _Unsure
            pos += 1
            return node
        if tok == ")" or tok.upper() in _OPERATORS or tok.endswith("+"):
            raise _Unsure
        lic = tok if _LICENSEREF.match(tok) else ids.licenses.get(tok.lower())
        if lic is None:
            raise _Unsure
        if pos < len(tokens) and tokens[pos].upper() == "WITH":
            exc = _exception(tokens[pos + 1]) if pos + 1 < len(tokens) else None
            if exc is None or lic.startswith(("LicenseRef-", "DocumentRef-")):
                raise _Unsure
            pos += 2
            return f"{lic} WITH {exc}"
        return lic

    def chain(op: str, part):
        nonlocal pos
        items = [part()]
        while pos < len(tokens) and tokens[pos].upper() == op:
            pos += 1
            items.append(part())
        return items[0] if len(items) == 1 else (op, tuple(items))

    def either():
        return chain("OR", lambda: chain("AND", atom))

    try:
        tree = either()
    except _Unsure:
        return None
    if pos != len(tokens):
        return None
    return _render(_dedup(tree))


def _dedup(node):
    """license-expression's dedup: equal operands of one operator (in order) are kept once,
    and an operator left with one operand is that operand."""
    if isinstance(node, str):
        return node
    op, items = node
    kept: list = []
    for item in (_dedup(i) for i in items):
        if item not in kept:
            kept.append(item)
    return kept[0] if len(kept) == 1 else (op, tuple(kept))


def _render(node, inner: bool = False) -> str:
    if isinstance(node, str):
        return node
    op, items = node
    text = f" {op} ".join(_render(i, True) for i in items)
    return f"({text})" if inner else text


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The canonical SPDX expression for ``text``; raises InvalidExpression."""
    if not isinstance(text, str) or not text.strip():
        raise InvalidExpression("empty license expression", hint="write an SPDX id such as MIT")
    text = " ".join(text.split())
    if text.upper() == NOASSERTION:
        return NOASSERTION
    quick = _fast(text)
    if quick is not None:
        return quick
    _reject_unknown_ids(text)
    nested = _structured(text)
    if nested is not None:
        return nested
    known = _DISK_CACHE.get(text)
    if known is not None:
        if known[0] == "ok":
            return known[1]
        raise InvalidExpression(known[1], hint=known[2])
    try:
        result = _normalize_full(text)
    except InvalidExpression as err:
        _DISK_CACHE.put(text, ["error", err.message, err.hint])
        raise
    _DISK_CACHE.put(text, ["ok", result])
    return result


# license-expression takes ~0.3 s to load; what it answered is kept on disk, so that a
# run that meets only expressions seen before never loads it.
_CACHE_VERSION = "2"


def _disk_cache_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        lib = version("license-expression")
    except PackageNotFoundError:  # pragma: no cover
        lib = "unknown"
    return f"expressions-{_CACHE_VERSION}-{lib}.json"


_DISK_CACHE = JsonCache(_disk_cache_name, limit=5000, sort_keys=True)


def _normalize_full(text: str) -> str:
    from license_expression import ExpressionError, ExpressionParseError

    licensing = _licensing()
    try:
        parsed = licensing.parse(text, validate=False)
    except (ExpressionError, ExpressionParseError, IndexError) as err:  # IndexError: "() MIT"
        raise InvalidExpression(f"not an SPDX license expression: {text!r}: {err}",
                                hint="see https://spdx.org/licenses/") from None
    if parsed is None:
        raise InvalidExpression("empty license expression", hint="write an SPDX id such as MIT")
    unknown = [k for k in licensing.unknown_license_keys(parsed) if not _LICENSEREF.match(k)]
    ids = _ids()
    for tok in _TOKEN.findall(text):  # license-expression also takes loose names ("GPL"); SPDX does not
        if tok in ("(", ")") or tok.upper() in ("AND", "OR", "WITH") or _LICENSEREF.match(tok):
            continue
        if tok.lower() not in ids.licenses and tok.lower() not in ids.exceptions \
                and tok.rstrip("+").lower() not in ids.licenses:
            unknown.append(tok)
    if unknown:
        raise InvalidExpression(
            f"unknown SPDX license id {', '.join(sorted(set(unknown)))!s} in {text!r}",
            hint="use an id from https://spdx.org/licenses/ or LicenseRef-<name>",
        )
    _check_with(text)
    return licensing.dedup(parsed).render()


def _reject_unknown_ids(text: str) -> None:
    """Unknown ids make an expression invalid whatever its shape: say so without the full parser."""
    ids = _ids()
    unknown = []
    for tok in _TOKEN.findall(text):
        if tok in ("(", ")") or tok.upper() in ("AND", "OR", "WITH") or _LICENSEREF.match(tok):
            continue
        low = tok.lower()
        if low not in ids.licenses and low not in ids.exceptions and low.rstrip("+") not in ids.licenses:
            unknown.append(tok)
    if unknown:
        raise InvalidExpression(
            f"unknown SPDX license id {', '.join(sorted(set(unknown)))!s} in {text!r}",
            hint="use an id from https://spdx.org/licenses/ or LicenseRef-<name>",
        )


def _check_with(text: str) -> None:
    tokens = _TOKEN.findall(text)
    for i, tok in enumerate(tokens):
        if tok.upper() == "WITH":
            if i + 1 >= len(tokens) or _exception(tokens[i + 1]) is None:
                after = tokens[i + 1] if i + 1 < len(tokens) else ""
                raise InvalidExpression(f"{after!r} after WITH is not an SPDX license exception in {text!r}",
                                        hint="e.g. GPL-2.0-or-later WITH Classpath-exception-2.0")


def is_valid(text: str) -> bool:
    try:
        normalize(text)
    except InvalidExpression:
        return False
    return True


def equivalent(a: str, b: str) -> bool:
    """True when both expressions mean the same (order and duplicates don't matter)."""
    try:
        na, nb = normalize(a), normalize(b)
    except InvalidExpression:
        return False
    if na == nb:
        return True
    if NOASSERTION in (na, nb):
        return False
    return bool(_licensing().is_equivalent(na, nb))


def gnu_key(spdx_id: str) -> str:
    """GPL-2.0-only and GPL-2.0-or-later have the same text; compare texts by this key."""
    return spdx_id.removesuffix("-only").removesuffix("-or-later")


def license_ids(expr: str) -> set[str]:
    """The license ids (not exceptions) an expression names, normalised."""
    norm = normalize(expr)
    if norm == NOASSERTION:
        return set()
    tokens = [t for t in _TOKEN.findall(norm) if t not in ("(", ")")]
    out: set[str] = set()
    skip = False
    for tok in tokens:
        if tok in ("AND", "OR"):
            continue
        if tok == "WITH":
            skip = True
            continue
        if skip:
            skip = False
            continue
        out.add(tok)
    return out


# --- aliases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alias:
    expression: str
    confidence: float
    note: str = ""


def _alias_key(text: str) -> str:
    key = text.lower().replace("licence", "license")
    key = re.sub(r"[\s,;:()\"'`]+", " ", key)
    key = re.sub(r"\bversion\b|v(?=\d)", " ", key)
    key = re.sub(r"^the\s+", "", key.strip()).rstrip(".")  # a sentence's full stop is not part of the name
    return " ".join(key.split())


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, Alias]:
    data = _load_toml("aliases.toml")
    table: dict[str, Alias] = {}
    for name, expr in data["aliases"].items():
        table[_alias_key(name)] = Alias(expr, 0.9)
    for name, entry in data.get("ambiguous", {}).items():
        table[_alias_key(name)] = Alias(entry["expression"], entry["confidence"], entry.get("note", ""))
    # the names inside Trove classifiers ("GNU Lesser General Public License v3 or later (LGPLv3+)")
    for classifier, entry in _load_toml("classifiers.toml")["classifiers"].items():
        name = _alias_key(classifier.rsplit("::", 1)[-1])
        if name and name not in table and name not in ("osi approved", "public domain"):
            table[name] = Alias(entry["expression"], min(entry["confidence"] + 0.1, 0.9), entry.get("note", ""))
    # the SPDX list's full names ('BSD 3-Clause "New" or "Revised" License') of the shipped license texts
    from reportgen.licenses.text import spdx_names

    for spdx_id, full_name in spdx_names():
        table.setdefault(_alias_key(full_name), Alias(spdx_id, 0.9))
    return table


def lookup_alias(text: str) -> Alias | None:
    """An SPDX expression for a common license name, with how sure the mapping is."""
    if not text or len(text) > 200:
        return None
    table = _alias_table()
    key = _alias_key(text)
    # "MIT License", "MIT Licensing", "MIT licensed", "License MIT": the same license
    for candidate in (key, re.sub(r"\s+licens(?:e|ing|ed)$", "", key), re.sub(r"^license\s+", "", key)):
        if candidate in table:
            return table[candidate]
        if candidate and candidate in _ids().licenses:
            return Alias(_ids().licenses[candidate], 0.9)
    return None


def from_alias(text: str) -> str | None:
    """The SPDX expression for a common license name ("Apache 2.0", "new BSD", "GPLv3+"), or None."""
    found = lookup_alias(text)
    return found.expression if found else None
