"""reportgen.policy: the license policy gate behind ``reportgen check``.

Public API::

    find_policy(start) -> Path | None           # nearest pyproject.toml with [tool.reportgen.policy]
    load_policy(path) -> Policy                   # raises PolicyError (FILE:LINE:COL: message (hint))
    load_policy_text(text, path) -> Policy
    evaluate(reports, policy, *, project_license=None, project_name=None) -> CheckResult
    check(path=None, *, python=None, policy_file=None, only=None, online=False) -> CheckResult
    compatibility(dep, dep_category, project, project_category, mode) -> Compatibility | None
    render_text / render_json / render_junit (CheckResult) -> str
"""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.policy.compat import Compatibility, compatibility
from reportgen.policy.config import (
    PackageException,
    Policy,
    PolicyError,
    Rule,
    find_policy,
    load_policy,
    load_policy_text,
    project_metadata,
)
from reportgen.policy.evaluate import CheckResult, Outcome, Problem, dependency_paths, evaluate
from reportgen.policy.formats import render_json, render_junit, render_text, to_dict

__all__ = [
    "CheckResult",
    "Compatibility",
    "Outcome",
    "PackageException",
    "Policy",
    "PolicyError",
    "Problem",
    "Rule",
    "check",
    "compatibility",
    "dependency_paths",
    "evaluate",
    "find_policy",
    "load_policy",
    "load_policy_text",
    "project_metadata",
    "render_json",
    "render_junit",
    "render_text",
    "to_dict",
]


def resolve_policy(start: str | os.PathLike[str], policy_file: str | os.PathLike[str] | None = None) -> Policy:
    """The policy to use: ``policy_file``, else the nearest ``[tool.reportgen.policy]``, else the defaults."""
    if policy_file is not None:
        return load_policy(policy_file)
    found = find_policy(start)
    return load_policy(found) if found is not None else Policy()


def check(
    path: str | os.PathLike[str] | None = None,
    *,
    python: str | os.PathLike[str] | None = None,
    policy_file: str | os.PathLike[str] | None = None,
    only: tuple[str, ...] | list[str] | None = None,
    online: bool = False,
) -> CheckResult:
    """Collect, identify and judge the dependencies of the project in ``path`` (default: the
    current folder), or of the environment of ``python`` when only it is given."""
    from reportgen.errors import InputError
    from reportgen.inventory import inventory

    start = Path(path) if path is not None else Path.cwd()
    if path is not None and not start.exists():
        raise InputError(f"no such folder: {start}", hint="give the project folder to check")
    policy = resolve_policy(start, policy_file)
    name, license_, source = project_metadata(start)
    if name is None:
        name = start.resolve().name if (path is not None or python is None) else "environment"
    project_dir = path if path is not None else (None if python is not None else ".")
    groups = tuple(only) if only else policy.only
    reports = inventory(project_dir, python=python, only=groups, online=online, repositories=False)
    return evaluate(reports, policy, project_license=license_, project_name=name, project_license_source=source)
