"""Reading a license policy: ``[tool.reportgen.policy]`` in pyproject.toml, or a TOML file.

A policy says which licenses a project accepts from its dependencies.  Every
mistake in it (a misspelt key, an unknown license id or category, an exception
without a reason) is reported as one line, ``FILE:LINE:COL: message (hint)``,
pointing at the offending key or value.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.errors import InputError, Location
from reportgen.knowledge.kb import CATEGORIES as KB_CATEGORIES

#: Categories a policy may name (the knowledge base's vocabulary, minus "unknown").
CATEGORIES = tuple(c for c in KB_CATEGORIES if c != "unknown")
DISTRIBUTIONS = ("distributed", "network-service")
UNKNOWN_MODES = ("fail", "warn")
COMPATIBILITY_MODES = ("fail", "warn", "off")
KEYS = ("allow", "deny", "unknown", "exceptions", "only", "project_license", "distribution", "compatibility")
EXCEPTION_KEYS = ("package", "version", "reason", "ecosystem")
TABLE = "tool.reportgen.policy"


class PolicyError(InputError):
    """The policy file is malformed or says something reportgen cannot use."""


@dataclass(frozen=True)
class Rule:
    """One entry of ``allow`` or ``deny``: an id, a glob over ids, a category, or ``ID WITH EXCEPTION``."""

    text: str  # as written (canonical case for ids)
    kind: str  # id | glob | category | with | exception
    license: str = ""  # for "with": the license part
    exception: str = ""  # for "with" and "exception": the exception id

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class PackageException:
    """A dependency the policy lets through whatever its license, for a stated reason."""

    package: str
    reason: str
    version: str | None = None  # a PEP 440 specifier such as "<5" (npm versions compared the same way)
    ecosystem: str | None = None
    line: int | None = None

    def matches(self, name: str, version: str | None, ecosystem: str) -> bool:
        from reportgen.model import normalize_name

        if self.ecosystem and self.ecosystem != ecosystem:
            return False
        if normalize_name(self.package, ecosystem) != normalize_name(name, ecosystem):
            return False
        if not self.version:
            return True
        if version is None:
            return False
        from packaging.specifiers import SpecifierSet
        from packaging.version import InvalidVersion, Version

        try:
            return Version(version) in SpecifierSet(self.version, prereleases=True)
        except InvalidVersion:
            return False

    def __str__(self) -> str:
        return self.package + (f" {self.version}" if self.version else "")


@dataclass(frozen=True)
class Policy:
    """A license policy.  The defaults are what ``reportgen check`` uses with no policy at all."""

    allow: tuple[Rule, ...] = ()
    deny: tuple[Rule, ...] = ()
    unknown: str = "fail"
    exceptions: tuple[PackageException, ...] = ()
    only: tuple[str, ...] | None = None
    project_license: str | None = None
    distribution: str = "distributed"
    compatibility: str = "fail"
    path: str | None = None  # where it was read from (None: built-in defaults)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


# --- finding ---------------------------------------------------------------------------------


def find_policy(start: str | os.PathLike[str]) -> Path | None:
    """The nearest pyproject.toml, in ``start`` or a parent folder, with a ``[tool.reportgen.policy]`` table."""
    here = Path(start).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except OSError:
                continue
            if re.search(r"^\s*\[\s*tool\s*\.\s*reportgen\s*\.\s*policy\s*[\].]", text, re.M) or re.search(
                r"^\s*tool\s*\.\s*reportgen\s*\.\s*policy\s*[.=]", text, re.M
            ):
                return candidate
    return None


# --- loading ---------------------------------------------------------------------------------


def _tomllib():
    from reportgen.tomlutil import tomllib

    return tomllib


def load_policy(path: str | os.PathLike[str]) -> Policy:
    """Read a policy file: a pyproject.toml (its ``[tool.reportgen.policy]``) or a TOML file
    with the same keys at top level or under ``[tool.reportgen.policy]``.

    Raises :class:`PolicyError` with the file, line and column of the first mistake.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError(f"no such policy file: {file}", hint="give --policy a TOML file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise PolicyError(f"cannot read policy file {file}: {err}") from None
    return load_policy_text(text, str(file))


def load_policy_text(text: str, path: str = "<policy>") -> Policy:
    from reportgen.tomlutil import loads

    data = loads(text, path, PolicyError)
    table, under_tool = _policy_table(data)
    if table is None:
        if Path(path).name == "pyproject.toml":
            raise PolicyError("no [tool.reportgen.policy] table", Location(path, 1, 1),
                              "add one, or give --policy a policy file")
        table = {}
    return _Builder(text, path, under_tool).build(table)


def _policy_table(data: dict[str, Any]) -> tuple[dict[str, Any] | None, bool]:
    tool = data.get("tool")
    if isinstance(tool, dict) and isinstance(tool.get("reportgen"), dict) and "policy" in tool["reportgen"]:
        policy = tool["reportgen"]["policy"]
        return (policy if isinstance(policy, dict) else {"__bad__": policy}), True
    top = {k: v for k, v in data.items() if k != "tool" and k != "project"}
    if top or "tool" not in data:
        return (top if top or data == {} else None), False
    return None, False


class _Builder:
    """Turns the policy table into a :class:`Policy`, locating every mistake in the text."""

    def __init__(self, text: str, path: str, under_tool: bool):
        self.text = text
        self.lines = text.splitlines()
        self.path = path
        self.start = self._section_start() if under_tool else 0

    # -- positions --
    def _section_start(self) -> int:
        for i, line in enumerate(self.lines):
            if re.match(r"^\s*\[\s*tool\s*\.\s*reportgen\s*\.\s*policy\s*\]", line):
                return i
        for i, line in enumerate(self.lines):
            if re.match(r"^\s*\[\[?\s*tool\s*\.\s*reportgen\s*\.\s*policy", line):
                return i
        return 0

    def locate(self, key: str, value: str | None = None, *, from_line: int | None = None) -> Location:
        """Where ``key = ...`` (and in it, ``value``) is written, searching from the policy table on."""
        start = self.start if from_line is None else from_line
        key_re = re.compile(r"^\s*(?:[\w.\"-]*\.)?\"?" + re.escape(key) + r"\"?\s*=")
        for i in range(start, len(self.lines)):
            m = key_re.match(self.lines[i])
            if not m:
                continue
            if value is None:
                col = self.lines[i].index(key) + 1 if key in self.lines[i] else 1
                return Location(self.path, i + 1, col)
            for j in range(i, min(len(self.lines), i + 200)):
                for quoted in (f'"{value}"', f"'{value}'"):
                    k = self.lines[j].find(quoted)
                    if k >= 0:
                        return Location(self.path, j + 1, k + 1)
                if j > i and re.match(r"^\s*(\[|[\w\"-]+\s*=)", self.lines[j]):
                    break
            return Location(self.path, i + 1, m.end() + 1)
        return Location(self.path, start + 1 if self.lines else 1, 1)

    def error(self, message: str, where: Location, hint: str | None = None) -> PolicyError:
        return PolicyError(message, where, hint)

    # -- building --
    def build(self, table: dict[str, Any]) -> Policy:
        if "__bad__" in table:
            raise self.error("[tool.reportgen.policy] must be a table", self.locate("policy"))
        for key in table:
            if key not in KEYS:
                close = difflib.get_close_matches(key, KEYS, n=1)
                raise self.error(
                    f"unknown policy key {key!r}",
                    self.locate(key),
                    f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(KEYS),
                )
        allow = self._rules(table, "allow")
        deny = self._rules(table, "deny")
        unknown = self._choice(table, "unknown", UNKNOWN_MODES, "fail")
        distribution = self._choice(table, "distribution", DISTRIBUTIONS, "distributed")
        compatibility = self._choice(table, "compatibility", COMPATIBILITY_MODES, "fail")
        only = self._only(table)
        project_license = self._project_license(table)
        exceptions = self._exceptions(table)
        return Policy(
            allow=allow,
            deny=deny,
            unknown=unknown,
            exceptions=exceptions,
            only=only,
            project_license=project_license,
            distribution=distribution,
            compatibility=compatibility,
            path=self.path,
        )

    def _strings(self, table: dict[str, Any], key: str) -> list[str]:
        value = table[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"{key} must be a list of strings", self.locate(key), f'e.g. {key} = ["MIT", "permissive"]')
        return value

    def _rules(self, table: dict[str, Any], key: str) -> tuple[Rule, ...]:
        if key not in table:
            return ()
        return tuple(self._rule(key, entry) for entry in self._strings(table, key))

    def _rule(self, key: str, entry: str) -> Rule:
        text = " ".join(entry.split())
        where = lambda: self.locate(key, entry)  # noqa: E731
        if not text:
            raise self.error(f"empty entry in {key}", where())
        if text in CATEGORIES:
            return Rule(text, "category")
        if text.lower() in CATEGORIES:
            return Rule(text.lower(), "category")
        if any(ch in text for ch in "*?["):
            if " " in text:
                raise self.error(f"a wildcard is matched against single ids: {entry!r}", where(), "e.g. GPL-*")
            return Rule(text, "glob")
        parts = re.split(r"\s+with\s+", text, flags=re.I)
        if len(parts) == 2:
            lic = self._known(parts[0], key, entry, want="license")
            exc = self._known(parts[1], key, entry, want="exception")
            return Rule(f"{lic} WITH {exc}", "with", license=lic, exception=exc)
        if len(parts) > 2 or re.search(r"\s(and|or)\s|[()]", text, re.I):
            raise self.error(
                f"{key} entries are single license ids, not expressions: {entry!r}",
                where(),
                "list each id on its own; an OR expression passes when any of its ids is allowed",
            )
        canonical = self._known(text, key, entry, want="any")
        from reportgen.knowledge import kb

        if kb.license_facts(canonical).kind == "exception":
            return Rule(canonical, "exception", exception=canonical)
        return Rule(canonical, "id", license=canonical)

    def _known(self, text: str, key: str, entry: str, *, want: str) -> str:
        from reportgen.knowledge import kb

        if text.startswith("LicenseRef-") and want != "exception":
            try:
                return kb.license_facts(text).spdx_id
            except kb.UnknownLicense:
                return text  # a project's own LicenseRef is fine
        try:
            facts = kb.license_facts(text)
        except kb.UnknownLicense as err:
            close = [c for c in CATEGORIES if difflib.SequenceMatcher(None, c, text.lower()).ratio() > 0.75]
            hint = f"did you mean the category {close[0]!r}?" if close else err.hint
            what = "license exception" if want == "exception" else "license id or category"
            raise self.error(f"unknown {what} {text!r} in {key}", self.locate(key, entry), hint) from None
        if want == "exception" and facts.kind != "exception":
            raise self.error(f"{text!r} after WITH is not a license exception", self.locate(key, entry),
                             "e.g. GPL-2.0-only WITH Classpath-exception-2.0")
        if want == "license" and facts.kind == "exception":
            raise self.error(f"{text!r} is a license exception, not a license", self.locate(key, entry))
        return facts.spdx_id

    def _choice(self, table: dict[str, Any], key: str, choices: tuple[str, ...], default: str) -> str:
        if key not in table:
            return default
        value = table[key]
        if value not in choices:
            shown = value if isinstance(value, str) else json.dumps(value)
            raise self.error(
                f"{key} must be one of {', '.join(repr(c) for c in choices)}, not {shown!r}",
                self.locate(key, value if isinstance(value, str) else None),
            )
        return value

    def _only(self, table: dict[str, Any]) -> tuple[str, ...] | None:
        if "only" not in table:
            return None
        groups = self._strings(table, "only")
        for group in groups:
            base = group.split(":", 1)[0]
            if base not in ("runtime", "dev", "test", "docs", "optional", "group"):
                raise self.error(
                    f"unknown dependency group {group!r} in only",
                    self.locate("only", group),
                    "groups: runtime, dev, test, docs, optional, optional:<extra>, group:<name>",
                )
        return tuple(groups)

    def _project_license(self, table: dict[str, Any]) -> str | None:
        if "project_license" not in table:
            return None
        value = table["project_license"]
        if not isinstance(value, str) or not value.strip():
            raise self.error("project_license must be an SPDX expression", self.locate("project_license"), 'e.g. "MIT"')
        from reportgen.licenses.expression import InvalidExpression, normalize

        try:
            return normalize(value)
        except InvalidExpression as err:
            raise self.error(f"project_license: {err.message}", self.locate("project_license", value), err.hint) from None

    def _exceptions(self, table: dict[str, Any]) -> tuple[PackageException, ...]:
        if "exceptions" not in table:
            return ()
        raw = table["exceptions"]
        entries: list[tuple[dict[str, Any], str | None]] = []
        if isinstance(raw, list):
            entries = [(e, None) for e in raw]
        elif isinstance(raw, dict):  # exceptions.<package> = { reason = ... }
            entries = [(e, name) for name, e in raw.items()]
        else:
            raise self.error("exceptions must be a list of tables", self.locate("exceptions"),
                             'e.g. [[tool.reportgen.policy.exceptions]] package = "chardet" reason = "..."')
        headers = [i for i, line in enumerate(self.lines)
                   if re.match(r"^\s*\[\[\s*(tool\s*\.\s*reportgen\s*\.\s*policy\s*\.\s*)?exceptions\s*\]\]", line)]
        out = []
        for n, (entry, name) in enumerate(entries):
            line0 = headers[n] if n < len(headers) else None
            if line0 is None and name is not None:
                line0 = self._line_of(name)
            here = Location(self.path, (line0 + 1) if line0 is not None else None, 1)

            def at(key: str, value: str | None = None) -> Location:
                if line0 is None:
                    return self.locate(key, value) if key != "exceptions" else here
                found = self.locate(key, value, from_line=line0)
                return found if found.line and found.line >= line0 + 1 else here

            if not isinstance(entry, dict):
                raise self.error("each exception must be a table with package and reason", at("exceptions"))
            for key in entry:
                if key not in EXCEPTION_KEYS:
                    close = difflib.get_close_matches(key, EXCEPTION_KEYS, n=1)
                    raise self.error(f"unknown key {key!r} in an exception", at(key),
                                     f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(EXCEPTION_KEYS))
            package = entry.get("package", name)
            if not isinstance(package, str) or not package.strip():
                raise self.error("an exception needs the package it applies to", here, 'add package = "NAME"')
            reason = entry.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                raise self.error(f"the exception for {package!r} has no reason", at("package", package) if name is None else here,
                                 'add reason = "why this license is acceptable here"')
            version = entry.get("version")
            if version is not None:
                from packaging.specifiers import InvalidSpecifier, SpecifierSet

                if not isinstance(version, str):
                    raise self.error("version must be a string such as \"<5\"", at("version"))
                try:
                    SpecifierSet(version)
                except InvalidSpecifier:
                    fixed = f"=={version}" if re.fullmatch(r"[\w.!+-]+", version.strip()) else None
                    raise self.error(f"not a version range: {version!r}", at("version", version),
                                     f'write "{fixed}"' if fixed else 'e.g. "<5" or ">=2,<3"') from None
            ecosystem = entry.get("ecosystem")
            if ecosystem is not None and ecosystem not in ("pypi", "npm", "docker", "system"):
                raise self.error(f"unknown ecosystem {ecosystem!r}", at("ecosystem", str(ecosystem)), "pypi, npm, docker or system")
            out.append(PackageException(package.strip(), reason.strip(), version, ecosystem,
                                        (line0 + 1) if line0 is not None else None))
        return tuple(out)

    def _line_of(self, needle: str) -> int | None:
        for i in range(self.start, len(self.lines)):
            if needle in self.lines[i]:
                return i
        return None


# --- the project's own license -------------------------------------------------------------


def project_metadata(project_dir: str | os.PathLike[str]) -> tuple[str | None, str | None, str | None]:
    """(name, license expression, where it came from) of the project in ``project_dir``.

    Reads ``[project] license`` (a PEP 639 expression, or the older ``{text = ...}``)
    or ``license-expression`` from pyproject.toml, else ``license`` from package.json.
    """
    folder = Path(project_dir)
    if folder.is_file():
        folder = folder.parent
    name = license_ = source = None
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = _tomllib().loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, _tomllib().TOMLDecodeError):
            data = {}
        project = data.get("project") if isinstance(data.get("project"), dict) else {}
        name = project.get("name") if isinstance(project.get("name"), str) else None
        poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
        if not name and isinstance(poetry, dict) and isinstance(poetry.get("name"), str):
            name = poetry["name"]
        raw = project.get("license-expression") or project.get("license")
        if isinstance(raw, dict):
            raw = raw.get("text")
        if not raw and isinstance(poetry, dict):
            raw = poetry.get("license")
        if isinstance(raw, str) and raw.strip():
            license_, source = _as_spdx(raw), f"{pyproject}: [project] license"
    package_json = folder / "package.json"
    if package_json.is_file() and (name is None or license_ is None):
        try:
            manifest = json.loads(package_json.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            manifest = {}
        if isinstance(manifest, dict):
            name = name or (manifest.get("name") if isinstance(manifest.get("name"), str) else None)
            raw = manifest.get("license")
            if license_ is None and isinstance(raw, str) and raw.strip() and raw.strip().upper() != "UNLICENSED":
                license_, source = _as_spdx(raw), f"{package_json}: license"
    return name, license_, source


def _as_spdx(text: str) -> str | None:
    from reportgen.licenses.expression import InvalidExpression, from_alias, normalize

    try:
        return normalize(text)
    except InvalidExpression:
        alias = from_alias(text)
        return normalize(alias) if alias else None


def rule_matches(rule: Rule, license_id: str, categories: tuple[str, ...]) -> bool:
    """Does an allow/deny rule name this (plain) license id or one of these categories?"""
    if rule.kind == "id":
        return rule.license.lower() == license_id.lower()
    if rule.kind == "glob":
        return fnmatch.fnmatchcase(license_id.lower(), rule.text.lower())
    if rule.kind == "category":
        return rule.text in categories
    return False
