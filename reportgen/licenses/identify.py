"""Identify the license of one dependency from what is installed (or given).

``identify`` dispatches on the ecosystem; ``identify_distribution`` reads a
``*.dist-info`` / ``*.egg-info`` folder; ``identify_npm`` reads a package.json
and the package folder; ``identify_metadata`` is the pure core the others wrap
(``--online`` feeds it PyPI JSON data).  All evidence is kept in the finding.
"""

from __future__ import annotations

import json
import os
import re
from itertools import chain
from pathlib import Path

from reportgen.licenses.headers import header_samples, top_folders, version_clauses
from reportgen.licenses.matchers import PYTHON
from reportgen.licenses.matchers import license_field as field_matcher
from reportgen.licenses.matchers.base import BUNDLED, PRIMARY, Subject, evidence, file_role
from reportgen.licenses.matchers.license_files import match_bundled, match_one
from reportgen.licenses.resolve import resolve
from reportgen.model import NOASSERTION, Dependency, Evidence, LicenseFinding

_LICENSE_NAME = re.compile(r"^(licen[cs]e|copying|copyright|notice|unlicense)([-._ ].*)?$", re.IGNORECASE)
MAX_FILE_BYTES = 400_000
#: Fields of the core metadata identification reads.
FIELDS = ("License-Expression", "License", "Classifier", "License-File")


def identify(dep: Dependency) -> LicenseFinding:
    if dep.ecosystem == "pypi" and dep.location:
        return identify_distribution(Path(dep.location))
    if dep.ecosystem == "npm":
        package_dir = Path(dep.location) if dep.location else None
        manifest = dep.extra.get("manifest") if isinstance(dep.extra.get("manifest"), dict) else None
        if manifest is None and package_dir is not None and (package_dir / "package.json").is_file():
            manifest = _read_json(package_dir / "package.json")
        if manifest is not None or package_dir is not None:
            return identify_npm(package_dir, manifest or {})
    return LicenseFinding(NOASSERTION, 0.0, (), "not installed; no metadata (try --online)")


def identify_metadata(fields: dict[str, list[str]], license_files: dict[str, str],
                      *, origin: str = "METADATA") -> LicenseFinding:
    """The license from core-metadata-like fields and license file texts (path -> text)."""
    subject = Subject(fields=fields, license_files=license_files, origin=origin)
    found: list[Evidence] = []
    for matcher in PYTHON:
        found.extend(matcher.match(subject))
    return resolve(found)


# --- Python distributions -----------------------------------------------------------------


def read_metadata(dist_info: Path) -> tuple[dict[str, list[str]], str]:
    """The header fields of a dist-info METADATA / egg-info PKG-INFO (folder or file), and the file's name."""
    candidates = [(dist_info, "PKG-INFO")] if dist_info.is_file() else [
        (dist_info / name, name) for name in ("METADATA", "PKG-INFO")]
    for path, name in candidates:
        if path.is_file():
            raw = path.read_text(encoding="utf-8", errors="replace")
            head, cut_off = header_block(raw)  # the body is the long description
            fields = parse_headers(head)
            license_text = [block for block in cut_off if _LICENSE_WORDS.search(block)]
            if license_text and fields.get("License"):
                fields["License"][0] = "\n".join([fields["License"][0], *license_text])
            return fields, name
    return {}, "METADATA"


_CORE_HEADER = re.compile(r"^(?:Metadata-Version|Name|Version|Summary|Home-page|Download-URL|Author|Author-email|"
                          r"Maintainer|Maintainer-email|License|License-Expression|License-File|Classifier|"
                          r"Platform|Keywords|Requires-Dist|Requires-Python|Provides-Extra|Project-URL|"
                          r"Description|Description-Content-Type|Supported-Platform|Requires-External|"
                          r"Provides-Dist|Obsoletes-Dist|Dynamic): ", re.IGNORECASE)
_LICENSE_WORDS = re.compile(r"licen[cs]e|copyright|permission", re.IGNORECASE)


def header_block(raw: str) -> tuple[str, list[str]]:
    """The header lines of a METADATA text, and the indented blocks cut off from them.

    The headers end at the first blank line.  Some old wheel writers (Metadata-Version 2.0)
    put unindented blank lines into a multi-line License field: the rest of the field then
    follows the blank line as an indented block, and more header lines come after it
    (gevent-websocket 0.10.1: "License: Copyright ..." then the Apache notice, then the
    classifiers).  Such blocks are returned apart (dedented) and the headers after them kept.
    """
    end = raw.find("\n\n")
    if end < 0:
        return raw, []
    if raw[end + 2: end + 3] not in (" ", "\t", "\n"):
        return raw[: end + 1], []  # the usual case: the body follows
    head = [raw[: end + 1]]
    blocks: list[str] = []
    lines = raw[end + 1:].split("\n")
    i = 0
    while i < len(lines):
        while i < len(lines) and not lines[i].strip():
            i += 1
        j = i
        while j < len(lines) and (not lines[j].strip() or lines[j][:1] in (" ", "\t")):
            j += 1
        if j == i or j >= len(lines) or not _CORE_HEADER.match(lines[j]):
            break  # the body: not an indented block followed by more headers
        blocks.append("\n".join(line.strip() for line in lines[i:j]).strip())
        k = j
        while k < len(lines) and lines[k].strip():
            k += 1
        head.append("\n".join(lines[j:k]) + "\n")
        i = k
    return "".join(head), blocks


def parse_headers(head: str) -> dict[str, list[str]]:
    """The fields identification reads from a METADATA header block.

    Gives what ``email.parser.HeaderParser`` (compat32) gives for these headers -- a test
    compares the two on every installed distribution -- at a fraction of its cost: only
    the wanted lines are kept (see :func:`_wanted_headers`), so each one is a header line
    (it holds a colon) or the continuation of one.
    """
    fields: dict[str, list[str]] = {}
    key: str | None = None
    parts: list[str] = []

    def flush() -> None:
        if key is not None and (key in FIELDS or key.lower() in ("name", "version")):
            fields.setdefault(key, []).append(_unfold("".join(parts).rstrip("\r\n")))

    for line in _wanted_headers(head).splitlines(keepends=True):
        if line[:1] in (" ", "\t"):
            parts.append(line)
            continue
        flush()
        key, _, value = line.partition(":")
        parts = [value.lstrip(" \t")]
    flush()
    return fields


def _email_headers(head: str) -> dict[str, list[str]]:
    """The same fields read with the standard library's e-mail parser (the reference in tests)."""
    from email.parser import HeaderParser
    
    fields: dict[str, list[str]] = {}
    for key, value in HeaderParser().parsestr(_wanted_headers(head)).items():
        if key in FIELDS or key.lower() in ("name", "version"):
            fields.setdefault(key, []).append(_unfold(str(value)))
    return fields


_WANTED = tuple(f"{name.lower()}:" for name in (*FIELDS, "Name", "Version"))


def _wanted_headers(head: str) -> str:
    """Only the header lines identification reads (and their continuation lines): parsing
    the dozens of other headers of a big METADATA costs more than all the rest."""
    from reportgen.sources.environment import select_headers

    return select_headers(head, _WANTED)


def _unfold(value: str) -> str:
    if "\n" not in value:
        return value.strip()
    lines = value.splitlines()
    rest = [re.sub(r"^ {1,8}\|?", "", line) for line in lines[1:]]
    return "\n".join([lines[0], *rest]).strip()


def _read_text(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def distribution_license_files(dist_info: Path, fields: dict[str, list[str]]) -> dict[str, str]:
    """License files of an installed distribution: key = path shown in evidence."""
    files: dict[str, str] = {}
    top = {entry.name: entry for entry in os.scandir(dist_info)}
    lic_dir = dist_info / "licenses"
    in_licenses: dict[str, Path] = {}
    if "licenses" in top and top["licenses"].is_dir():
        for folder, _dirs, names in os.walk(lic_dir):
            for name in names:
                path = Path(folder, name)
                in_licenses[path.relative_to(lic_dir).as_posix()] = path
    for name in fields.get("License-File", []):
        path = in_licenses.get(name)
        if path is None and name in top:
            path = dist_info / name
        if path is None and Path(name).name in top:
            path = dist_info / Path(name).name
        if path is not None:
            text = _read_text(path)
            if text is not None:
                files[name] = text
    for rel, path in sorted(in_licenses.items()):
        if rel not in files:
            text = _read_text(path)
            if text is not None:
                files[rel] = text
    for name, entry in sorted(top.items()):
        if name not in files and _LICENSE_NAME.match(name) and entry.is_file():
            text = _read_text(dist_info / name)
            if text is not None:
                files[name] = text
    return files


def package_license_files(dist_info: Path) -> dict[str, str]:
    """LICENSE-like files at the top of the distribution's own package folders."""
    site = dist_info.parent
    files: dict[str, str] = {}
    if dist_info.name.endswith(".egg-info") and ((site / "setup.py").is_file() or (site / "pyproject.toml").is_file()):
        # an egg-info in a source tree (an sdist unpacked, a develop install): the project's
        # license files are next to it
        for path in sorted(site.iterdir()):
            if path.is_file() and _LICENSE_NAME.match(path.name):
                text = _read_text(path)
                if text is not None:
                    files[path.name] = text
    for top in top_folders(dist_info)[:10]:
        folder = site / top
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.is_file() and _LICENSE_NAME.match(path.name):
                text = _read_text(path)
                if text is not None:
                    files[f"{top}/{path.name}"] = text
    return files


def _version_unsettled(found: list[Evidence]) -> bool:
    """Whether the evidence names a GNU license (GPL, LGPL, AGPL) without both a version and
    "or later" stated: then the source headers are worth reading."""
    gnu = [e for e in found if e.expression and "GPL-" in e.expression]
    return bool(gnu) and ("-only" in " ".join(e.expression for e in gnu) or any(
        e.matcher in ("license-field", "classifier") and not any(c.isdigit() for c in e.detail) for e in gnu))


#: This much of the long description (the README in METADATA's body) is read for a GNU grant.
DESCRIPTION_CHARS = 20_000


def _description(dist_info: Path, origin: str) -> list[tuple[str, str]]:
    """The long description (METADATA's body), where a README may state the version clause
    (ewmh: "distributed under the GNU Lesser General Public License, version 3, or, at your
    option, any later version"), as one (source, text) sample for ``version_clauses``."""
    try:
        raw = (dist_info / origin).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    end = raw.find("\n\n")
    head = raw if end < 0 else raw[:end]
    # Metadata 1.x writes it as an indented "Description:" header (ewmh's PKG-INFO), later ones as the body
    field = re.search(r"^Description: ?(.*(?:\n[ \t|].*)*)", head, re.MULTILINE)
    text = field.group(1) if field else raw[end + 2:] if end >= 0 else ""
    return [(f"{origin}:description", text[:DESCRIPTION_CHARS])] if text.strip() else []


def identify_distribution(dist_info: Path) -> LicenseFinding:
    """The license of an installed distribution (a *.dist-info or *.egg-info folder)."""
    dist_info = Path(dist_info)
    if not dist_info.is_dir():
        return LicenseFinding(NOASSERTION, 0.0, (), f"{dist_info}: no such metadata folder")
    fields, origin = read_metadata(dist_info)
    files = distribution_license_files(dist_info, fields)
    subject = Subject(fields=fields, license_files=files, origin=origin)
    found: list[Evidence] = []
    for matcher in PYTHON:
        found.extend(matcher.match(subject))
    if not any(e.matcher == "license-file" and e.detail.startswith(PRIMARY) and e.expression for e in found):
        for rel, text in package_license_files(dist_info).items():
            role = file_role(rel.split("/", 1)[-1])
            found.append(match_one(rel, text, role=role))
    if _version_unsettled(found) or not any(e.expression for e in found):
        # a GNU license without its version clause; or nothing stated at all, where a source
        # header's grant is the only statement (lettuce's sdist: no License, no license file)
        found.extend(version_clauses(chain(_description(dist_info, origin), header_samples(dist_info))))
    finding = resolve(found)
    if finding.expression == NOASSERTION and finding.reason.startswith("evidence disagrees"):
        bundled = [match_bundled(e.source, files[e.source]) for e in found
                   if e.matcher == "license-file" and e.detail.startswith(BUNDLED) and e.source in files]
        if any(e.expression for e in bundled):
            finding = resolve([e for e in found if not (e.matcher == "license-file" and e.source in
                                                        {b.source for b in bundled})] + bundled)
    return finding


# --- npm --------------------------------------------------------------------------------


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


NPM_SPDX_CONFIDENCE = 0.95  # npm asks for SPDX expressions and warns on anything else


def identify_npm(package_dir: Path | None, manifest: dict) -> LicenseFinding:
    """The license of an npm package from its package.json and the files in its folder.

    ``UNLICENSED`` (npm's word for "no license granted") answers NOASSERTION with
    the reason "proprietary: UNLICENSED": it is not an open-source license, and
    SPDX has no id for it.
    """
    found: list[Evidence] = []
    source = "package.json:license"
    lic = manifest.get("license")
    if isinstance(lic, dict):
        lic = lic.get("type")
        source = "package.json:license.type"
    if isinstance(lic, str) and lic.strip():
        value = lic.strip()
        if value.upper() == "UNLICENSED":
            found.append(evidence("license-field", source, None, 0.0, "UNLICENSED"))
            files = _npm_files(package_dir)
            found.extend(match_one(rel, text) for rel, text in files.items())
            return LicenseFinding(NOASSERTION, 0.0, tuple(found), "proprietary: UNLICENSED")
        see = re.match(r"^see licen[cs]e in\s+(.+)$", value, re.IGNORECASE)
        if see:
            target = see.group(1).strip().strip("'\"")
            text = None
            if package_dir is not None:
                path = (package_dir / target).resolve()
                if path.is_file() and package_dir.resolve() in path.parents:
                    text = _read_text(path)
            if text is None:
                found.append(evidence("license-field", source, None, 0.0, f"{value!r}: file not found"))
            else:
                found.append(match_one(target, text, role=PRIMARY))
        else:
            found.append(field_matcher.interpret(value, source, spdx_confidence=NPM_SPDX_CONFIDENCE))
    old = manifest.get("licenses")
    if isinstance(old, (list, dict)) and not (isinstance(lic, str) and lic.strip()):
        items = old if isinstance(old, list) else [old]
        names = [i.get("type") if isinstance(i, dict) else i for i in items]
        names = [n for n in names if isinstance(n, str) and n.strip()]
        parts = [field_matcher.interpret(n, "package.json:licenses") for n in names]
        if parts and all(p.expression for p in parts):
            from reportgen.licenses.expression import normalize

            expr = normalize(" OR ".join(p.expression if " " not in p.expression else f"({p.expression})"
                                         for p in parts if p.expression))
            found.append(evidence("license-field", "package.json:licenses", expr,
                                  min(p.confidence for p in parts) * 0.9, f"licenses array {names} read as a choice"))
        else:
            found.extend(parts)
    already = {e.source for e in found}
    for rel, text in _npm_files(package_dir).items():
        if rel not in already:
            found.append(match_one(rel, text))
    return resolve(found)


def _npm_files(package_dir: Path | None) -> dict[str, str]:
    files: dict[str, str] = {}
    if package_dir is None or not package_dir.is_dir():
        return files
    for path in sorted(package_dir.iterdir()):
        if path.is_file() and _LICENSE_NAME.match(path.name):
            text = _read_text(path)
            if text is not None:
                files[path.name] = text
    return files
