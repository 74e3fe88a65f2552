"""A GitHub-flavoured Markdown table."""

from __future__ import annotations

from collections.abc import Sequence

from reportgen.formats.common import TABLE_COLUMNS, cell
from reportgen.model import PackageReport


def escape(text: str) -> str:
    """Make ``text`` safe inside a GFM table cell (pipes, backslashes, line breaks)."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())


def render(reports: Sequence[PackageReport], **_options: object) -> str:
    columns = list(TABLE_COLUMNS) + [("repository", "Repository")]
    out = [
        "| " + " | ".join(heading for _, heading in columns) + " |",
        "|" + "|".join(" ---: " if key == "confidence" else " --- " for key, _ in columns) + "|",
    ]
    for report in reports:
        values = []
        for key, _ in columns:
            value = escape(cell(report, key))
            if key == "repository" and value:
                value = f"<{value}>"
            values.append(value)
        out.append("| " + " | ".join(values) + " |")
    return "\n".join(out) + "\n"
