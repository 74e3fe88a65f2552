"""Notes: the hand-written YAML a report is built from."""

from reportgen.notes.load import find_notes, load, load_lenient, load_text, load_text_lenient, schema
from reportgen.notes.model import AUTO, GENERAL_FIELDS, General, Notes, Section, Step

__all__ = ["AUTO", "GENERAL_FIELDS", "General", "Notes", "Section", "Step", "find_notes", "load", "load_lenient",
           "load_text", "load_text_lenient", "schema"]
