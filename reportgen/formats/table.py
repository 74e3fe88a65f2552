"""Plain-text table with aligned columns, for terminals."""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.formats.common import TABLE_COLUMNS, cell
from reportgen.model import PackageReport


def render(reports: Sequence[PackageReport], **_options: object) -> str:
    headings = [heading.upper() for _, heading in TABLE_COLUMNS]
    rows = [[cell(r, key).replace("\n", " ") for key, _ in TABLE_COLUMNS] for r in reports]
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(headings)]

    def line(values: list[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(headings), line(["-" * w for w in widths])]
    out.extend(line(row) for row in rows)
    known = sum(1 for r in reports if r.license.known)
    out.append("")
    out.append(f"{len(reports)} packages, {known} with a license, {len(reports) - known} NOASSERTION")
    return "\n".join(out) + "\n"
