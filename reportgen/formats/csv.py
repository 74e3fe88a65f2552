"""CSV with a header row (RFC 4180 quoting)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reportgen.formats.common import cell
from reportgen.model import PackageReport

COLUMNS = ("name", "version", "ecosystem", "license", "confidence", "group", "direct", "repository", "purl", "source")


def render(reports: Sequence[PackageReport], **_options: object) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for report in reports:
        writer.writerow([cell(report, key) for key in COLUMNS])
    return buffer.getvalue()
