"""The rule registry: ``@register`` on each rule class; no central table to edit."""

from __future__ import annotations

import importlib
import pkgutil

from reportgen.lint.base import Rule

_RULES: dict[str, type[Rule]] = {}
_loaded = False


def register(cls: type[Rule]) -> type[Rule]:
    if not cls.code or not cls.name:
        raise ValueError(f"rule {cls.__name__} needs a code and a name")
    other = _RULES.get(cls.code)
    if other is not None and other is not cls:
        raise ValueError(f"duplicate rule code {cls.code}: {other.__name__} and {cls.__name__}")
    _RULES[cls.code] = cls
    return cls


def _load() -> None:
    global _loaded
    if _loaded:
        return
    import reportgen.lint.rules as pkg

    for info in pkgutil.iter_modules(pkg.__path__):
        importlib.import_module(f"{pkg.__name__}.{info.name}")
    _loaded = True


def all_rules() -> list[type[Rule]]:
    """Every registered rule, by code."""
    _load()
    return [_RULES[c] for c in sorted(_RULES)]


def get(code_or_name: str) -> type[Rule] | None:
    """A rule by code (RG005, case-insensitive) or name (link-unpinned)."""
    key = code_or_name.strip()
    for rule in all_rules():
        if rule.code.lower() == key.lower() or rule.name == key.lower():
            return rule
    return None


def _matches(rule: type[Rule], selector: str) -> bool:
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    # prefixes select groups: RG0 -> RG001..RG009
    return rule.code.upper().startswith(s.upper()) or rule.name == s.lower()


def unknown_selectors(selectors) -> list[str]:
    out = []
    for s in selectors or ():
        if s.strip().upper() != "ALL" and not any(_matches(r, s) for r in all_rules()):
            out.append(s)
    return out


def selected(select=None, ignore=None) -> list[type[Rule]]:
    """Rules chosen by --select / --ignore (codes, code prefixes or names)."""
    rules = all_rules()
    if select:
        rules = [r for r in rules if any(_matches(r, s) for s in select)]
    if ignore:
        rules = [r for r in rules if not any(_matches(r, s) for s in ignore)]
    return rules
