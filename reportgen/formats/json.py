"""JSON: a list of package records (see :func:`reportgen.formats.common.record`)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from reportgen.formats.common import record
from reportgen.model import PackageReport


def render(reports: Sequence[PackageReport], **_options: object) -> str:
    return json.dumps([record(r) for r in reports], indent=2, ensure_ascii=False) + "\n"
