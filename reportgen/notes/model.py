"""The notes model: typed objects for one hand-written notes file."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The value that asks reportgen to fill a general field from the package.
AUTO = "auto"

GENERAL_FIELDS = ("code_repository", "license_type", "license_description", "license_restrictions")
DEFAULT_TEMPLATE = "cse312-v2"


def field_lineage(path: str):
    """``path``, then each field it is inside: ``sections[0].chain[3].link``, ``sections[0].chain[3]``,
    ``sections[0].chain``, ``sections[0]``, ``sections``."""
    probe = path
    while probe:
        yield probe
        cut = max(probe.rfind("."), probe.rfind("["))
        probe = probe[:cut] if cut > 0 else ""


@dataclass
class Step:
    link: str
    symbol: str | None = None
    text: str = ""


@dataclass
class Section:
    title: str | None = None
    purpose: str | None = None
    explanation: str | None = None
    chain: list[Step] = field(default_factory=list)


@dataclass
class General:
    code_repository: str | None = None
    license_type: str | None = None
    license_description: str | None = None
    license_restrictions: str | None = None
    who_worked: list[str] = field(default_factory=list)

    def is_auto(self, name: str) -> bool:
        value = getattr(self, name)
        return value is None or (isinstance(value, str) and value.strip().lower() == AUTO)


@dataclass
class Notes:
    """One notes file, validated.

    ``positions`` maps a field path such as ``general.license_type`` or
    ``sections[0].chain[3].link`` to the 1-based (line, column) of its value in
    the file, so that every later stage can point the user at the exact spot.
    Tools that edit the file in place read it again with
    :func:`reportgen.notes.load.load_roundtrip` (comments kept).
    """

    path: str
    technology: str
    template: str = DEFAULT_TEMPLATE
    topic: str | None = None
    package: str | None = None
    general: General = field(default_factory=General)
    sections: list[Section] = field(default_factory=list)
    positions: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)
    #: where each auto-filled general value came from (field -> human-readable source)
    provenance: dict[str, str] = field(default_factory=dict)
    #: problems with the notes format a lenient load found (reportgen.errors.NotesSchemaError,
    #: each with ``.field``); empty for notes from the strict loader, which raises instead
    problems: list = field(default_factory=list, repr=False)

    def position(self, path: str) -> tuple[int, int]:
        """The position of a field, or of its nearest parent that is in the file."""
        for probe in field_lineage(path):
            if probe in self.positions:
                return self.positions[probe]
        return self.positions.get("", (1, 1))

    def steps(self):
        """Every chain step with its field path: (path, section_index, step_index, step)."""
        for si, section in enumerate(self.sections):
            for ci, step in enumerate(section.chain):
                yield f"sections[{si}].chain[{ci}]", si, ci, step
