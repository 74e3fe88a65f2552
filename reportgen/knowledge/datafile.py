"""Reading reportgen's own data files (``reportgen/data/*.yaml``) fast.

The shipped data files are plain YAML (mappings, lists, strings, numbers,
booleans) written by us, so they are read with PyYAML's C-accelerated safe
loader (libyaml) when it is available, and PyYAML's pure-Python safe loader
otherwise.  That is 10-20 times faster than ruamel.yaml's pure-Python reader,
which matters because a lookup may need every license file.

User files (notes, compose files, pyproject) are *not* read here: they need
ruamel.yaml's positions and YAML 1.2 rules.  ``tests/knowledge/test_datafile.py``
checks that every shipped data file reads the same here as with ruamel.yaml
(YAML 1.2), so the two YAML dialects cannot silently disagree on our data.
"""

from __future__ import annotations

import os
from typing import Any


def _loader():
    import yaml

    return getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader


def load_yaml(path: str | os.PathLike[str]) -> Any:
    """The parsed content of one shipped YAML data file."""
    import yaml

    with open(path, "rb") as handle:
        return yaml.load(handle.read(), Loader=_loader())  # noqa: S506 - a safe loader
