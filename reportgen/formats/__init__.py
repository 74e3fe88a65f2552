"""Output formats of ``reportgen licenses``: one module each, each a pure function.

Every format module defines ``render(reports, **options) -> str`` taking the
list of :class:`reportgen.model.PackageReport` that
:func:`reportgen.inventory.inventory` returns.  Modules are imported only when
used.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from reportgen.model import PackageReport

#: format name -> module.  The first is the default.
FORMATS: dict[str, str] = {
    "table": "reportgen.formats.table",
    "json": "reportgen.formats.json",
    "csv": "reportgen.formats.csv",
    "markdown": "reportgen.formats.markdown",
    "cyclonedx": "reportgen.formats.cyclonedx",
}


def render(name: str, reports: Sequence[PackageReport], **options: Any) -> str:
    """Render ``reports`` in the format ``name`` (a key of :data:`FORMATS`)."""
    try:
        module_name = FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}") from None
    module = importlib.import_module(module_name)
    return module.render(reports, **options)
