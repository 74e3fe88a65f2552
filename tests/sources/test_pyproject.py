"""pyproject.toml: PEP 621, PEP 735 groups, Poetry tables, TOML errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.sources.pyproject import PyprojectSource

FIX = Path(__file__).parent / "fixtures"


def deps_of(path: Path) -> list:
    return list(PyprojectSource(path).collect())


def test_pep621_and_dependency_groups():
    deps = deps_of(FIX / "uv" / "pyproject.toml")
    got = sorted((d.name, d.group, d.specifier) for d in deps)
    assert got == [
        ("flask", "runtime", ">=3.0"),
        ("pysocks", "optional:socks", ">=1.7"),
        ("pytest", "dev", ">=8"),  # via {include-group = "test"}
        ("pytest", "test", ">=8"),
        ("requests", "runtime", ">=2.31"),
        ("ruff", "dev", ">=0.4"),
    ]
    flask = next(d for d in deps if d.name == "flask")
    assert flask.source.endswith("pyproject.toml:6") and flask.direct


def test_poetry_tables():
    deps = {(d.name, d.group): d for d in deps_of(FIX / "poetry" / "pyproject.toml")}
    assert set(deps) == {
        ("flask", "runtime"),
        ("redis", "optional:cache"),
        ("pytest", "dev"),
        ("mkdocs", "docs"),
    }
    assert deps[("flask", "runtime")].specifier == "^3.0"
    assert deps[("flask", "runtime")].version is None


def test_poetry_exact_and_old_dev_dependencies(tmp_path: Path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.poetry]\nname = "x"\n\n[tool.poetry.dependencies]\npython = "^3.9"\nsix = "1.16.0"\n'
        'attrs = {version = "==23.2.0"}\n\n[tool.poetry.dev-dependencies]\npytest = "*"\n'
        '\n[tool.poetry.group.lint.dependencies]\nruff = "^0.4"\n\n[tool.poetry.group.perf.dependencies]\nasv = "*"\n'
    )
    deps = {d.name: d for d in deps_of(path)}
    assert deps["six"].version == "1.16.0"
    assert deps["attrs"].version == "23.2.0"
    assert deps["pytest"].group == "dev" and deps["pytest"].version is None
    assert deps["ruff"].group == "dev"  # "lint" reads as a dev group
    assert deps["asv"].group == "group:perf"
    assert "python" not in deps


def test_self_reference_skipped(tmp_path: Path):
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "My_Pkg"\ndependencies = ["six"]\n'
        '[project.optional-dependencies]\nall = ["my-pkg[extra]", "attrs==23.2.0"]\n'
    )
    deps = deps_of(path)
    assert [(d.name, d.group, d.version) for d in deps] == [
        ("six", "runtime", None),
        ("attrs", "optional:all", "23.2.0"),
    ]


def test_toml_syntax_error_has_line_and_column(tmp_path: Path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\ndependencies = [\n  "six",\n  oops\n]\n')
    with pytest.raises(SourceError) as err:
        deps_of(path)
    text = str(err.value)
    assert text.startswith(f"{path}:5:3: TOML syntax error"), text


def test_bad_requirement_is_located(tmp_path: Path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\ndependencies = [\n  "six",\n  "flask >= = 3",\n]\n')
    with pytest.raises(SourceError) as err:
        deps_of(path)
    text = str(err.value)
    assert text.startswith(f"{path}:5:"), text
    assert "cannot parse requirement 'flask >= = 3'" in text


def test_group_include_cycle(tmp_path: Path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[dependency-groups]\na = [{include-group = "b"}]\nb = [{include-group = "a"}]\n')
    with pytest.raises(SourceError, match="includes itself"):
        deps_of(path)
    path.write_text('[dependency-groups]\na = [{include-group = "nope"}]\n')
    with pytest.raises(SourceError, match="unknown dependency group 'nope'"):
        deps_of(path)
