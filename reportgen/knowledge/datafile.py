"""Reading reportgen's own data files (``reportgen/data/**/*.yaml``) fast.

The shipped data files are plain YAML (mappings, lists, strings, numbers,
booleans) written by us, so they are read with PyYAML's C-accelerated safe
loader (libyaml) when it is available, and PyYAML's pure-Python safe loader
otherwise.  That is 10-20 times faster than ruamel.yaml's pure-Python reader,
which matters because a lookup may need every license file.

Faster still: ``reportgen/data/yaml-index.json`` holds every data file already
parsed, as JSON, next to the SHA-256 of the file it was made from.  A file whose
bytes still have that digest is answered from the index (PyYAML is not even
imported); any other file, such as one edited since the index was built, is
parsed as YAML.  So the index can be out of date without ever giving an out of
date answer.  Rebuild it with ``python -m reportgen.knowledge.datafile``; a test
checks that the shipped index is the one this builds.

User files (notes, compose files, pyproject) are *not* read here: they need
ruamel.yaml's positions and YAML 1.2 rules.  ``tests/knowledge/test_datafile.py``
checks that every shipped data file reads the same here as with ruamel.yaml
(YAML 1.2), so the two YAML dialects cannot silently disagree on our data.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
INDEX_FILE = DATA / "yaml-index.json"
INDEX_FORMAT = 1


def _loader():
    import yaml

    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def _parse(raw: bytes) -> Any:
    import yaml

    return yaml.load(raw, Loader=_loader())  # noqa: S506 - a safe loader


@lru_cache(maxsize=1)
def _index() -> dict[str, list[str]]:
    """relative path -> [sha256 of the YAML bytes, the parsed content as JSON text]."""
    try:
        data = json.loads(INDEX_FILE.read_text(encoding="utf-8"))
        if data.get("format") == INDEX_FORMAT and isinstance(data.get("files"), dict):
            return data["files"]
    except (OSError, ValueError, AttributeError):
        pass
    return {}


def _key(path: Path) -> str | None:
    try:
        return path.resolve().relative_to(DATA).as_posix()
    except ValueError:
        return None  # not one of ours: never in the index


def load_yaml(path: str | os.PathLike[str]) -> Any:
    """The parsed content of one shipped YAML data file (a fresh object on every call)."""
    path = Path(path)
    with open(path, "rb") as handle:
        raw = handle.read()
    key = _key(path)
    entry = _index().get(key) if key is not None else None
    if entry is not None and entry[0] == hashlib.sha256(raw).hexdigest():
        return json.loads(entry[1])
    return _parse(raw)


def build_index_text() -> str:
    """The text of ``yaml-index.json`` for the data files as they are now."""
    files: dict[str, list[str]] = {}
    for path in sorted(DATA.rglob("*.yaml")):
        raw = path.read_bytes()
        content = _parse(raw)
        encoded = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        if json.loads(encoded) != content:
            continue  # not plain JSON data (dates, say): always read as YAML
        files[path.relative_to(DATA).as_posix()] = [hashlib.sha256(raw).hexdigest(), encoded]
    payload = {
        "_source": "Generated from the YAML files of reportgen/data (same authors and license) by "
                   "python -m reportgen.knowledge.datafile; do not edit.",
        "format": INDEX_FORMAT,
        "files": files,
    }
    return json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main() -> int:
    from reportgen.fsutil import write_if_changed

    changed = write_if_changed(INDEX_FILE, build_index_text())
    print(f"{'wrote' if changed else 'unchanged'} {INDEX_FILE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
