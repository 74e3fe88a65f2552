"""Build a holdout corpus environment (tests/licenses/holdout/labels.toml, or a later corpus
named in ``CORPORA`` such as tests/licenses/holdout2/labels.toml or holdout3/labels.toml), cached.

Like the main corpus (see conftest.py), the exact files are downloaded from PyPI with pip and
the wheels are unpacked into the site-packages of a fresh venv.  Sdist rows are installed the
legacy way -- ``setup.py install --single-version-externally-managed`` run by a small builder
venv with a pinned setuptools -- which leaves an ``.egg-info`` folder (PKG-INFO, top_level.txt,
no license files), as old pip, ``setup.py develop`` era tooling and distro packages did.

Cache: ``$REPORTGEN_TEST_CACHE`` (default ``~/.cache/reportgen-tests``); downloads go to
``holdout-files/`` (shared: file names are exact), the venv to ``holdout-<hash of labels>/``.
Used by tests/licenses/test_holdout.py and tests/licenses/tools/measure_holdout.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
LABELS = HERE / "holdout" / "labels.toml"
#: The out-of-sample corpora by name: each a labels.toml of the same format and policy.  A later
#: one exists because an earlier one started being tuned on.
CORPORA = {"holdout": LABELS, "holdout2": HERE / "holdout2" / "labels.toml",
           "holdout3": HERE / "holdout3" / "labels.toml"}
#: Holdout packages some fixer inspected or tuned on (in-sample rows); see the file's header.
TUNED = HERE / "holdout" / "tuned.txt"
#: Each corpus's tuned list (a corpus without one has no in-sample rows).
TUNED_FILES = {"holdout": TUNED, "holdout2": HERE / "holdout2" / "tuned.txt",
               "holdout3": HERE / "holdout3" / "tuned.txt"}
#: Same pinned platform as the main corpus: CPython 3.11, manylinux x86-64.
PLATFORM_ARGS = [
    "--python-version", "3.11", "--implementation", "cp", "--platform", "manylinux_2_17_x86_64",
    "--platform", "manylinux2014_x86_64", "--platform", "manylinux_2_28_x86_64", "--platform", "any",
]
#: The builder's setuptools: the one CPython 3.11's ensurepip ships, which still writes
#: "License: UNKNOWN" for a setup() without a license, as the sdists' own era did.
BUILDER_REQUIREMENTS = ["setuptools==65.5.0", "wheel==0.45.1"]
KINDS = ("gpl-family", "bundle", "exception", "sdist", "unknown-metadata", "plain")


def labels_path(corpus: str = "holdout") -> Path:
    """The labels.toml of a corpus named in ``CORPORA``."""
    if corpus not in CORPORA:
        raise ValueError(f"unknown holdout corpus {corpus!r}: use one of {', '.join(CORPORA)}")
    return CORPORA[corpus]


def load_labels(path: Path = LABELS) -> list[dict]:
    with open(path, "rb") as handle:
        return tomllib.load(handle)["package"]


def load_tuned(path: Path = TUNED) -> set[str]:
    """Normalized names listed in tuned.txt (one a line, '#' starts a comment)."""
    from reportgen.model import normalize_name

    names = (line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines())
    return {normalize_name(n) for n in names if n}


def cache_base() -> Path:
    return Path(os.environ.get("REPORTGEN_TEST_CACHE", Path.home() / ".cache" / "reportgen-tests"))


def site_packages(env_dir: Path) -> Path:
    import sysconfig

    paths = sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})
    return Path(paths["purelib"])


def _python(env_dir: Path) -> Path:
    return env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def pip_download(python: str | Path, dest: Path, specs: list[str], *, sdist: bool) -> None:
    if sdist:  # the sdist only; its metadata is prepared with the builder's setuptools
        names = ",".join(s.split("==")[0] for s in specs)
        args = ["--no-build-isolation", "--no-binary", names]
    else:
        args = ["--only-binary", ":all:", *PLATFORM_ARGS]
    cmd = [str(python), "-m", "pip", "download", "--quiet", "--no-deps", *args, "-d", str(dest), *specs]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def builder(base: Path) -> Path:
    """A venv with the pinned setuptools, for downloading and installing the sdists; cached."""
    env_dir = base / "holdout-builder"
    python = _python(env_dir)
    if (env_dir / "complete").exists() and python.exists():
        return python
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", *BUILDER_REQUIREMENTS], check=True,
                   stdout=subprocess.DEVNULL)
    (env_dir / "complete").write_text("ok\n")
    return python


def download(labels: list[dict], files: Path, builder_python: Path) -> None:
    files.mkdir(parents=True, exist_ok=True)
    wheels = [f"{p['name']}=={p['version']}" for p in labels if "wheel" in p and not (files / p["wheel"]).exists()]
    sdists = [f"{p['name']}=={p['version']}" for p in labels if "sdist" in p and not (files / p["sdist"]).exists()]
    jobs = [(sys.executable, chunk, False) for chunk in (wheels[i::4] for i in range(4)) if chunk]
    jobs += [(builder_python, chunk, True) for chunk in (sdists[i::2] for i in range(2)) if chunk]
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda job: pip_download(job[0], files, job[1], sdist=job[2]), jobs))


#: pip's old way of running any setup.py (plain distutils ones too) under setuptools.
_SETUP_SHIM = (
    "import os, sys, setuptools, tokenize; sys.argv[0] = __file__ = 'setup.py';"
    "code = open('setup.py').read() if os.path.exists('setup.py') else 'setuptools.setup()';"
    "exec(compile(code, __file__, 'exec'))"
)


def install_sdist(archive: Path, site: Path, builder_python: Path) -> None:
    """``setup.py install --single-version-externally-managed`` of one sdist into ``site``."""
    with tempfile.TemporaryDirectory(prefix="holdout-sdist-") as tmp:
        work = Path(tmp)
        if archive.name.endswith(".zip"):
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(work / "src")
        else:
            with tarfile.open(archive) as tf:
                if hasattr(tarfile, "data_filter"):  # Python >= 3.11.4 / 3.12
                    tf.extractall(work / "src", filter="data")
                else:
                    tf.extractall(work / "src")
        (top,) = [p for p in (work / "src").iterdir() if p.is_dir()]
        cmd = [str(builder_python), "-c", _SETUP_SHIM, "install", "--single-version-externally-managed",
               "--record", str(work / "record.txt"), "--install-lib", str(site), "--install-scripts",
               str(work / "bin"), "--install-data", str(work / "data"), "--install-headers", str(work / "include"),
               "--no-compile"]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "SETUPTOOLS_USE_DISTUTILS": "local"}
        done = subprocess.run(cmd, cwd=top, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise RuntimeError(f"{archive.name}: setup.py install failed:\n{done.stderr[-2000:]}")


def unpack_wheel(wheel: Path, site: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        members = [m for m in zf.namelist() if ".data/" not in m.split("/", 1)[0] + "/"]
        zf.extractall(site, members=members)


def build_holdout_env(labels_path: Path = LABELS) -> tuple[Path, Path, float]:
    """(venv python, its site-packages, seconds the build took -- 0 when cached)."""
    base = cache_base()
    digest = hashlib.sha256(labels_path.read_bytes()).hexdigest()[:16]
    root = base / f"holdout-{digest}"
    env_dir = root / "venv"
    python, site = _python(env_dir), site_packages(env_dir)
    if (root / "complete").exists() and python.exists():
        return python, site, 0.0
    start = time.monotonic()
    labels = load_labels(labels_path)
    files = base / "holdout-files"
    builder_python = builder(base)
    download(labels, files, builder_python)
    if root.exists():
        shutil.rmtree(root)
    venv.EnvBuilder(with_pip=False, clear=True).create(env_dir)
    site = site_packages(env_dir)
    site.mkdir(parents=True, exist_ok=True)
    for p in labels:
        if "wheel" in p:
            unpack_wheel(files / p["wheel"], site)
    sdists = [files / p["sdist"] for p in labels if "sdist" in p]
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda archive: install_sdist(archive, site, builder_python), sdists))
    seconds = time.monotonic() - start
    (root / "complete").write_text(f"built in {seconds:.0f} s\n")
    return python, site, seconds


# --- scoring ------------------------------------------------------------------------------------


def installed(site: Path) -> dict[str, tuple[str, Path]]:
    """normalized name -> (version, the .dist-info / .egg-info folder) for every distribution in site."""
    from email.parser import HeaderParser

    from reportgen.model import normalize_name

    found: dict[str, tuple[str, Path]] = {}
    for folder in sorted([*site.glob("*.dist-info"), *site.glob("*.egg-info")]):
        meta = folder / ("METADATA" if folder.name.endswith(".dist-info") else "PKG-INFO")
        if not meta.is_file():
            continue
        head = meta.read_text(encoding="utf-8", errors="replace").split("\n\n", 1)[0]
        msg = HeaderParser().parsestr(head)
        found[normalize_name(msg["Name"])] = (msg["Version"], folder)
    return found


def pip_licenses(python: Path, source: str = "mixed") -> dict[str, str]:
    """What pip-licenses (``--from=SOURCE``) answers for each distribution of that interpreter."""
    import json

    from reportgen.model import normalize_name

    exe = shutil.which("pip-licenses", path=str(Path(sys.executable).parent)) or shutil.which("pip-licenses")
    if not exe:
        raise RuntimeError("pip-licenses is not installed (it is in the test extra)")
    out = subprocess.run([exe, "--python", str(python), f"--from={source}", "--format=json"],
                         capture_output=True, text=True, check=True).stdout
    return {normalize_name(row["Name"]): row["License"] for row in json.loads(out)}


def score(labels: list[dict], answers: dict[str, str], tuned: set[str] = frozenset()) -> dict:
    """Exact-match figures of one tool's answers (normalized name -> expression) on the labels:
    overall, per kind, on sure rows, on the rows not in ``tuned`` (normalized names: the
    out-of-sample rows, all and sure), and the misses (name, kind, found, expected, sure, tuned)."""
    from reportgen.licenses.expression import equivalent
    from reportgen.model import normalize_name

    rows = []
    for p in labels:
        found = answers.get(normalize_name(p["name"]), "")
        rows.append((p, found, equivalent(found, p["expected"]) if found else False))

    def frac(subset):
        return (sum(ok for _, _, ok in subset), len(subset))

    untuned = [r for r in rows if normalize_name(r[0]["name"]) not in tuned]
    return {
        "all": frac(rows),
        "sure": frac([r for r in rows if r[0].get("sure", True)]),
        "untuned": frac(untuned),
        "untuned-sure": frac([r for r in untuned if r[0].get("sure", True)]),
        "kinds": {k: frac([r for r in rows if r[0]["kind"] == k]) for k in KINDS},
        "egg-info": frac([r for r in rows if "sdist" in r[0]]),
        "misses": [(p["name"], p["kind"], found or "(nothing)", p["expected"], p.get("sure", True),
                    normalize_name(p["name"]) in tuned)
                   for p, found, ok in rows if not ok],
    }


def reportgen_answers(site: Path) -> dict[str, str]:
    from reportgen.licenses.identify import identify_distribution

    return {name: identify_distribution(folder).expression for name, (_v, folder) in installed(site).items()}
