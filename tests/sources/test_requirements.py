"""requirements*.txt files: includes, constraints, markers, URLs, errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.sources.requirements import RequirementsSource

REQ = Path(__file__).parent / "fixtures" / "requirements"


def by_name(path: Path, **kwargs) -> dict:
    return {d.name: d for d in RequirementsSource(path, **kwargs).collect()}


def test_main_file():
    deps = by_name(REQ / "requirements.txt")
    assert set(deps) == {"flask", "requests", "pymongo", "bcrypt", "mylib", "flask-sock", "gunicorn"}
    assert deps["flask"].specifier == "<4,>=3.0" and deps["flask"].version is None
    # pinned with ==, extras kept, hashes and the continuation lines swallowed
    assert deps["requests"].version == "2.31.0"
    assert deps["requests"].extra["extras"] == ["socks"]
    assert deps["requests"].source.endswith("requirements.txt:6")
    # versions from the -c constraints file; the constraint alone is not a dependency
    assert deps["pymongo"].version == "4.6.1"
    assert deps["bcrypt"].version == "4.1.2"
    assert deps["bcrypt"].extra["marker"] == 'python_version >= "3.8"'
    assert "unused-constraint" not in deps
    # pywin32's marker is false here (unless on Windows)
    assert ("pywin32" in deps) == (sys.platform == "win32")
    assert deps["mylib"].extra["url"] == "https://example.com/mylib-1.0.tar.gz"
    assert deps["flask-sock"].extra["editable"] is True
    assert deps["gunicorn"].extra["url"].startswith("git+https://github.com/benoitc/gunicorn.git")
    assert all(d.group == "runtime" and d.direct for d in deps.values())


def test_all_markers_keeps_other_platforms():
    deps = by_name(REQ / "requirements.txt", all_markers=True)
    assert deps["pywin32"].version == "306"
    assert deps["pywin32"].extra["marker"] == 'sys_platform == "win32"'


def test_include_and_group_from_file_name():
    deps = by_name(REQ / "requirements-dev.txt")
    assert deps["pytest"].group == "dev" and deps["pytest"].version == "8.0.0"
    assert deps["black"].group == "dev"
    assert deps["flask"].group == "runtime"  # from the included requirements.txt
    assert deps["flask"].source == f"{REQ / 'requirements.txt'}:5"
    docs = by_name(REQ / "requirements" / "docs.txt")
    assert docs["mkdocs"].group == "docs" and docs["pymongo"].version == "4.6.1"


def test_names_agree_with_pip(tmp_path):
    """pip's own parser reads the same requirement lines (cross-check, skipped without pip)."""
    req_file = pytest.importorskip("pip._internal.req.req_file")
    session_mod = pytest.importorskip("pip._internal.network.session")
    from packaging.requirements import Requirement

    pip_names = set()
    for parsed in req_file.parse_requirements(str(REQ / "requirements.txt"), session=session_mod.PipSession()):
        if parsed.constraint:
            continue
        text = parsed.requirement
        if "#egg=" in text:
            pip_names.add(text.rsplit("#egg=", 1)[1])
        elif text.startswith("./"):
            continue
        else:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                pip_names.add(req.name)
    assert pip_names == set(by_name(REQ / "requirements.txt"))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("flask\nrequests >= = 2\n", ":2:10: cannot parse requirement: Expected"),
        ("flask>=3 \\\n  ;; python_version\n", ":1:"),
        ("--frobnicate yes\n", ":1:1: unknown option --frobnicate"),
        ("-r missing.txt\n", ":1:4: included file not found: missing.txt"),
        ("-r https://example.com/r.txt\n", ":1:1: cannot include a remote file offline"),
    ],
)
def test_errors_are_located(tmp_path: Path, content: str, expected: str):
    path = tmp_path / "requirements.txt"
    path.write_text(content)
    with pytest.raises(SourceError) as err:
        list(RequirementsSource(path).collect())
    text = str(err.value)
    assert text.startswith(str(path) + ":"), text
    assert expected in text, text
    assert "\n" not in text


def test_include_cycle_is_read_once(tmp_path: Path):
    (tmp_path / "a.txt").write_text("-r requirements-b.txt\nsix\n")
    (tmp_path / "requirements-b.txt").write_text("-r a.txt\nattrs==23.2.0\n")
    deps = by_name(tmp_path / "a.txt")
    assert set(deps) == {"six", "attrs"}


def test_missing_file(tmp_path: Path):
    with pytest.raises(SourceError, match="file not found"):
        list(RequirementsSource(tmp_path / "requirements.txt").collect())


def test_local_paths_and_archives(tmp_path: Path):
    lib = tmp_path / "libs" / "mylib"
    lib.mkdir(parents=True)
    (lib / "pyproject.toml").write_text('[project]\nname = "my-lib"\nversion = "0.4.0"\n')
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "the-project"\n')
    path = tmp_path / "requirements.txt"
    path.write_text(
        "-e .\n"
        "-e ./libs/mylib\n"
        "./wheels/six-1.16.0-py2.py3-none-any.whl\n"
        "https://example.com/dl/attrs-23.2.0.tar.gz\n"
        "../elsewhere\n"
    )
    deps = by_name(path)
    assert set(deps) == {"my-lib", "six", "attrs"}
    assert deps["my-lib"].version == "0.4.0" and deps["my-lib"].extra["editable"] is True
    assert deps["six"].version == "1.16.0"
    assert deps["attrs"].version == "23.2.0"


def test_environment_variables_are_expanded_as_pip_does(tmp_path: Path, monkeypatch):
    """``${NAME}`` is replaced by the variable (pip's rule: upper case, digits, _); pip itself
    reads the same file to the same names and versions."""
    monkeypatch.setenv("SIX_VERSION", "1.16.0")
    monkeypatch.setenv("REQ_DIR", "reqs")
    monkeypatch.setenv("lower_case", "2.0")  # not a name pip expands
    (tmp_path / "reqs").mkdir()
    (tmp_path / "reqs" / "base.txt").write_text("attrs==23.2.0\n")
    path = tmp_path / "requirements.txt"
    path.write_text("-r ${REQ_DIR}/base.txt\nsix==${SIX_VERSION}  # pinned from the CI\n"
                    "idna @ https://example.org/${lower_case}/idna.whl\n")
    deps = by_name(path)
    assert deps["six"].version == "1.16.0"
    assert deps["attrs"].version == "23.2.0"
    assert deps["idna"].extra["url"] == "https://example.org/${lower_case}/idna.whl"

    req_file = pytest.importorskip("pip._internal.req.req_file")
    session_mod = pytest.importorskip("pip._internal.network.session")
    parsed = [r.requirement for r in req_file.parse_requirements(str(path), session=session_mod.PipSession())]
    assert "six==1.16.0" in parsed and "attrs==23.2.0" in parsed
    assert "idna @ https://example.org/${lower_case}/idna.whl" in parsed


def test_an_unset_variable_is_named_in_the_error(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("SIX_VERSION", raising=False)
    path = tmp_path / "requirements.txt"
    path.write_text("flask\nsix==${SIX_VERSION}\n")
    with pytest.raises(SourceError) as err:
        list(RequirementsSource(path).collect())
    text = str(err.value)
    assert text.startswith(f"{path}:2:") and "SIX_VERSION is not set" in text
