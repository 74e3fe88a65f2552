"""Build a wheel, install it in a fresh venv (dependencies from PyPI), build a report from elsewhere.

This checks what a user gets: the templates ship inside the wheel and are found
at run time, and without the ``pdf`` extra the PDF is skipped with a warning
(or refused with an install hint when asked for explicitly).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "render" / "fixtures" / "socketio-v2.yaml"

pytestmark = pytest.mark.slow


def _run(cmd, **kw):
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=600, **kw)


@pytest.fixture(scope="session")
def installed(tmp_path_factory):
    """(bin folder, site-packages) of a venv with only the reportgen wheel and its dependencies."""
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    proc = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT])
    assert proc.returncode == 0, proc.stderr
    [wheel] = dist.glob("reportgen-*.whl")
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    proc = _run([bindir / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel])
    assert proc.returncode == 0, proc.stderr
    return bindir


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return env


def test_wheel_ships_templates(installed):
    proc = _run([installed / "python", "-c",
                 "import reportgen, pathlib; print(pathlib.Path(reportgen.__file__).parent)"], env=_env(), cwd="/")
    package = Path(proc.stdout.strip())
    assert not str(package).startswith(str(ROOT))  # the installed copy, not the checkout
    assert (package / "templates" / "cse312-v2.md.j2").is_file()
    assert (package / "templates" / "cse312-v1.md.j2").is_file()
    assert (package / "render" / "report.css").is_file()


def test_installed_build_from_another_folder(installed, tmp_path):
    work = tmp_path / "project"
    (work / "reports").mkdir(parents=True)
    shutil.copy(SAMPLE, work / "reports" / "socket.yaml")
    proc = _run([installed / "reportgen", "build"], cwd=work, env=_env())
    assert proc.returncode == 0, proc.stderr
    # no 'pdf' extra in this venv: one warning line, md and html still built
    assert proc.stderr.strip().splitlines() == [
        "reportgen: warning: no PDF engine, building md,html only (pip install 'reportgen[pdf]')"
    ]
    assert "Open-Source Report" in (work / "reports" / "socket.md").read_text()
    assert "<table>" in (work / "reports" / "socket.html").read_text()
    assert not (work / "reports" / "socket.pdf").exists()

    proc = _run([installed / "reportgen", "build", "--format", "pdf"], cwd=work, env=_env())
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "pip install 'reportgen[pdf]'" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1

    proc = _run([installed / "reportgen", "build", "reports/socket.yaml", "--template", "cse312-v1", "-o", "out",
                 "--format", "md"], cwd=work, env=_env())
    assert proc.returncode == 0, proc.stderr
    assert "Who worked with this?" in (work / "out" / "socket.md").read_text()


def test_installed_preview_without_its_extra_says_how_to_get_it(installed, tmp_path):
    work = tmp_path / "project"
    (work / "reports").mkdir(parents=True)
    shutil.copy(SAMPLE, work / "reports" / "socket.yaml")
    proc = _run([installed / "python", "-c",
                 "import reportgen.preview, pathlib; print(pathlib.Path(reportgen.preview.__file__).parent)"],
                env=_env(), cwd="/")
    pages = Path(proc.stdout.strip()) / "pages"
    assert {"report.html.j2", "index.html.j2", "preview.js", "preview.css"} <= {p.name for p in pages.iterdir()}
    proc = _run([installed / "reportgen", "preview"], cwd=work, env=_env())  # no aiohttp, no watchfiles here
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "reportgen: preview needs aiohttp and watchfiles, from the 'preview' extra "
        "(install it with: pip install 'reportgen[preview]')"
    ]
