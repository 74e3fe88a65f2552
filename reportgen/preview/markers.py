"""Which part of the rendered report is which notes field, and lint findings placed beside it.

The report's HTML is made exactly as for ``reportgen build``; this module only works on
its element tree afterwards (through the ``annotate`` hook of
:func:`reportgen.render.html.to_html_fragment`), so the Markdown, HTML and PDF that
``build`` writes never carry these marks.

- A row of the General Information & Licensing table gets ``data-field="general.<name>"``,
  found by its label (the labels are :data:`reportgen.render.markdown.GENERAL_LABELS`).
- The heading of section *i* gets ``data-field="sections[i]"``: the *i*-th second-level
  heading after the table, as both built-in templates write one per section.
- Step *j* of that section's chain gets ``data-field="sections[i].chain[j]"``: the items of
  the last numbered list under the section's heading that has as many items as the chain.

A finding goes next to the marked element whose field is the longest prefix of the
finding's field (``sections[0].chain[3].link`` -> the fourth step); one with no such
element (``package``, a file that did not parse) goes into a box at the top.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from reportgen.notes.model import field_lineage
from reportgen.render.markdown import GENERAL_LABELS

#: table label -> notes field
LABEL_FIELDS = {label: f"general.{name}" for name, label in GENERAL_LABELS.items()}
LABEL_FIELDS["Who worked with this?"] = "general.who_worked"


def _text(el: Element) -> str:
    return " ".join("".join(el.itertext()).split())


def dom_id(field: str) -> str:
    """An HTML id for a field path: ``sections[0].chain[3]`` -> ``rg-sections-0-chain-3``."""
    return "rg-" + "-".join(p for p in re.split(r"[.\[\]]+", field) if p)


class Marks:
    """Field path -> (parent, element) for the marked parts of one report tree."""

    def __init__(self) -> None:
        self.at: dict[str, tuple[Element, Element]] = {}

    def mark(self, parent: Element, el: Element, field: str) -> None:
        if field in self.at:
            return
        el.set("data-field", field)
        if el.get("id") is None:
            el.set("id", dom_id(field))
        self.at[field] = (parent, el)

    def nearest(self, field: str) -> tuple[Element, Element] | None:
        """The marked element of ``field`` or of its nearest marked parent field."""
        return next((self.at[probe] for probe in field_lineage(field) if probe in self.at), None)


def mark(root: Element, notes) -> Marks:
    """Set ``data-field`` and ``id`` on the table rows, section headings and chain steps."""
    marks = Marks()
    children = list(root)
    after_table = 0
    for index, el in enumerate(children):
        if el.tag != "table":
            continue
        for body in el:
            for tr in body.findall("tr"):
                cells = tr.findall("td")
                field = LABEL_FIELDS.get(_text(cells[0])) if cells else None
                if field is not None:
                    marks.mark(body, tr, field)
                    after_table = index + 1
    sections = list(getattr(notes, "sections", []) or [])
    heads = [i for i in range(after_table, len(children)) if children[i].tag == "h2"][: len(sections)]
    if len(heads) == len(sections):
        groups = [(heads[n], heads[n + 1] if n + 1 < len(heads) else len(children)) for n in range(len(heads))]
        for n, (start, _) in enumerate(groups):
            marks.mark(root, children[start], f"sections[{n}]")
    else:  # a template that titles sections differently: match the chains in order over the whole page
        groups = []
    start_at = after_table
    for n, section in enumerate(sections):
        if not section.chain:
            continue
        lo, hi = groups[n] if groups else (start_at, len(children))
        lists = [i for i in range(lo, hi) if children[i].tag == "ol" and len(children[i].findall("li")) == len(section.chain)]
        if not lists:
            continue
        chosen = lists[-1] if groups else lists[0]
        start_at = chosen + 1
        for j, li in enumerate(children[chosen].findall("li")):
            marks.mark(children[chosen], li, f"sections[{n}].chain[{j}]")
    return marks


def _finding_el(finding) -> Element:
    box = Element("div", {"class": f"rg-finding rg-{finding.severity}", "data-code": finding.code,
                          "data-finding-field": finding.field})
    code = Element("span", {"class": "rg-code"})
    code.text = finding.code
    code.tail = " "
    message = Element("span", {"class": "rg-message"})
    message.text = finding.message
    message.tail = " "
    where = Element("span", {"class": "rg-where"})
    where.text = f"line {finding.line}:{finding.column}" + (f" ({finding.field})" if finding.field else "")
    box.extend([code, message, where])
    if finding.fix:
        fix = Element("div", {"class": "rg-fix"})
        fix.text = f"Fix: {finding.fix}"
        box.append(fix)
    return box


def place_findings(root: Element, marks: Marks, findings) -> None:
    """Put each finding (code, message, fix) right after or inside the element it concerns."""
    groups: dict[int, tuple[tuple[Element, Element] | None, list]] = {}
    for finding in findings:
        target = marks.nearest(finding.field)
        groups.setdefault(id(target[1]) if target else 0, (target, []))[1].append(finding)
    for target, items in groups.values():
        box = Element("div", {"class": "rg-findings"})
        box.extend(_finding_el(f) for f in items)
        if target is None:
            box.set("class", "rg-findings rg-file-findings")
            root.insert(0, box)
            continue
        parent, el = target
        box.set("data-for", el.get("data-field", ""))
        if el.tag == "tr":
            row = Element("tr", {"class": "rg-findings-row"})
            cell = Element("td", {"colspan": "2"})
            cell.append(box)
            row.append(cell)
            parent.insert(list(parent).index(el) + 1, row)
        elif el.tag == "li":
            el.append(box)
        else:
            parent.insert(list(parent).index(el) + 1, box)


def annotator(notes, findings):
    """The ``annotate`` callback for :func:`reportgen.render.html.to_html_fragment`."""

    def annotate(root: Element) -> None:
        place_findings(root, mark(root, notes), findings)

    return annotate
