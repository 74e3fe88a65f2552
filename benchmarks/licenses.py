"""Benchmark: ``reportgen licenses`` against ``pip-licenses`` on a labelled corpus.

Builds (once, then reuses) a virtual environment holding the labelled corpus
of real distributions (``tests/licenses/corpus/labels.*``: name==version and
the expected SPDX expression), then runs, each 5 times:

* ``reportgen licenses --python VENV --format json``
* ``pip-licenses --python VENV --format=json --from=mixed``
* ``pip-licenses --python VENV --format=json --from=meta``

and prints, for each: exact-SPDX accuracy against the labels (equivalent
expressions count, via ``reportgen.licenses.expression.equivalent``; an answer
that is not a valid SPDX expression counts as wrong), how many answers are
UNKNOWN / NOASSERTION, the median wall time, and the time ratio
reportgen / pip-licenses.

Usage::

    python benchmarks/licenses.py [--venv DIR] [--runs 5] [--json]

The venv defaults to ``$REPORTGEN_CACHE_DIR/bench/corpus-<hash of the labels>``.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from _runs import interleaved

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "licenses" / "corpus"


# -- labels --------------------------------------------------------------------


def load_labels(corpus: Path = CORPUS) -> dict[str, tuple[str, str]]:
    """canonical name -> (version, expected SPDX expression), from labels.toml/.json/.csv/.tsv."""
    from packaging.utils import canonicalize_name

    rows: list[dict] = []
    for candidate in sorted(corpus.glob("labels.*")):
        text = candidate.read_text(encoding="utf-8")
        if candidate.suffix == ".toml":
            try:
                import tomllib
            except ModuleNotFoundError:  # Python 3.10
                import tomli as tomllib

            data = tomllib.loads(text)
            rows = _rows_from_mapping(data)
        elif candidate.suffix == ".json":
            rows = _rows_from_mapping(json.loads(text))
        elif candidate.suffix in (".yaml", ".yml"):
            from ruamel.yaml import YAML

            rows = _rows_from_mapping(YAML(typ="safe").load(text))
        elif candidate.suffix in (".csv", ".tsv"):
            lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
            rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t" if candidate.suffix == ".tsv" else ","))
        if rows:
            break
    labels: dict[str, tuple[str, str]] = {}
    for row in rows:
        spec = str(row.get("spec") or row.get("package") or row.get("requirement") or "")
        name = row.get("name") or spec.split("==")[0]
        version = row.get("version") or (spec.split("==", 1)[1] if "==" in spec else "")
        expected = row.get("license") or row.get("expected") or row.get("spdx") or row.get("expression")
        if name and version and expected:
            labels[canonicalize_name(str(name).strip())] = (str(version).strip(), str(expected).strip())
    if not labels:
        raise SystemExit(f"no labels found in {corpus}/labels.* (expected rows of name, version, license)")
    return labels


def _rows_from_mapping(data) -> list[dict]:
    if isinstance(data, list):
        return [row for row in data if isinstance(row, dict)]
    if isinstance(data, dict):
        for key in ("package", "packages", "labels", "corpus"):
            if isinstance(data.get(key), list):
                return [row for row in data[key] if isinstance(row, dict)]
        rows = []
        for spec, value in data.items():  # {"name==version": "MIT"} or {"name==version": {license: ...}}
            if isinstance(value, str):
                rows.append({"spec": spec, "license": value})
            elif isinstance(value, dict):
                rows.append({"spec": spec, **value})
        return rows
    return []


# -- the venv --------------------------------------------------------------------


def default_venv(labels: dict[str, tuple[str, str]]) -> Path:
    from reportgen.registry import cache_dir

    digest = hashlib.sha256(
        "\n".join(f"{n}=={v}" for n, (v, _) in sorted(labels.items())).encode()
    ).hexdigest()[:12]
    return cache_dir() / "bench" / f"corpus-{digest}"


def missing_distributions(folder: Path, labels: dict[str, tuple[str, str]]) -> list[str]:
    """Labelled name==version pairs without their dist-info folder in the venv."""
    from packaging.utils import canonicalize_name

    present = set()
    for dist_info in folder.glob("lib/python*/site-packages/*.dist-info"):
        name, _, version = dist_info.name[: -len(".dist-info")].partition("-")
        present.add((canonicalize_name(name), version))
    return [f"{n}=={v}" for n, (v, _) in sorted(labels.items()) if (n, v) not in present]


def ensure_venv(folder: Path, labels: dict[str, tuple[str, str]]) -> Path:
    python = folder / "bin" / "python"
    marker = folder / ".reportgen-complete"
    if marker.exists() and python.exists():
        if not (folder / "pyvenv.cfg").exists():
            # a venv without its pyvenv.cfg runs as the base interpreter: restore it in place
            subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
        missing = missing_distributions(folder, labels)
        if missing:
            print(f"reinstalling {len(missing)} distributions missing from the venv: {' '.join(missing)}", file=sys.stderr)
            subprocess.run(
                [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check",
                 "--no-deps", "--only-binary", ":all:", "--force-reinstall", *missing],
                check=True,
            )
        return python
    if folder.exists():
        shutil.rmtree(folder)
    print(f"building the corpus venv in {folder} ({len(labels)} packages) ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    specs = [f"{name}=={version}" for name, (version, _) in sorted(labels.items())]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--disable-pip-version-check", "--no-deps", "--only-binary", ":all:", *specs],
        check=True,
    )
    check = subprocess.run([str(python), "-c", "import sys; print(sys.prefix != sys.base_prefix)"], capture_output=True, text=True)
    if check.stdout.strip() != "True":
        raise SystemExit(f"{folder} does not behave as a virtual environment")
    marker.write_text("\n".join(specs) + "\n")
    return python


# -- runs ------------------------------------------------------------------------


def tool_command(tool: str, python: Path) -> list[str]:
    bindir = Path(sys.executable).parent
    if tool.startswith("reportgen"):
        cold = ["--no-cache"] if tool == "reportgen:cold" else []
        return [str(bindir / "reportgen"), "licenses", "--python", str(python), "--format", "json", *cold]
    source = tool.split(":", 1)[1]
    # --with-system: also list pip/setuptools/wheel and pip-licenses' own dependencies, as reportgen does
    return [str(bindir / "pip-licenses"), "--python", str(python), "--format=json", f"--from={source}", "--with-system"]


def answers(tool: str, output: str) -> dict[str, str]:
    """canonical name -> license answer (as the tool printed it)."""
    from packaging.utils import canonicalize_name

    found = {}
    for record in json.loads(output):
        if tool.startswith("reportgen"):
            found[canonicalize_name(record["name"])] = record["license"]
        else:
            found[canonicalize_name(record["Name"])] = record["License"]
    return found


def score(labels: dict[str, tuple[str, str]], found: dict[str, str]) -> dict:
    from reportgen.licenses.expression import equivalent, is_valid

    correct = unknown = missing = 0
    wrong: list[tuple[str, str, str]] = []
    for name, (_, expected) in sorted(labels.items()):
        answer = found.get(name)
        if answer is None:
            missing += 1
            wrong.append((name, expected, "(not listed)"))
            continue
        if answer.strip().upper() in ("UNKNOWN", "NOASSERTION", ""):
            unknown += 1
        ok = False
        if is_valid(answer):
            try:
                ok = equivalent(answer, expected)
            except Exception:
                ok = False
        if ok:
            correct += 1
        else:
            wrong.append((name, expected, answer))
    return {
        "labelled": len(labels),
        "correct": correct,
        "accuracy": correct / len(labels),
        "unknown": unknown,
        "missing": missing,
        "wrong": wrong,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, help="the corpus venv folder (built if missing)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-wrong", type=int, default=0, metavar="N", help="list N wrong answers per tool")
    args = parser.parse_args(argv)

    labels = load_labels()
    python = ensure_venv(args.venv or default_venv(labels), labels)
    # warm the file cache and the interpreter probe once, outside the timings
    subprocess.run(tool_command("reportgen", python), capture_output=True)

    # the tools take turns, one run of each per round: a slow spell of the machine hits all alike
    tools = ("reportgen:first", "reportgen:cold", "reportgen", "pip-licenses:mixed", "pip-licenses:meta")
    runs = interleaved({tool: {"command": tool_command(tool, python), "fresh_cache": tool == "reportgen:first"}
                        for tool in tools}, args.runs)
    results = {}
    for tool, (times, last) in runs.items():
        results[tool] = {"median_s": statistics.median(times), "times_s": times,
                         **score(labels, answers(tool, last.stdout))}

    for tool in ("pip-licenses:mixed", "pip-licenses:meta"):
        results[tool]["ratio_reportgen_over_this"] = results["reportgen"]["median_s"] / results[tool]["median_s"]
        results[tool]["ratio_cold_reportgen_over_this"] = results["reportgen:cold"]["median_s"] / results[tool]["median_s"]
        results[tool]["ratio_first_reportgen_over_this"] = results["reportgen:first"]["median_s"] / results[tool]["median_s"]

    if args.json:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "wrong"} for k, v in results.items()}, indent=2))
        return 0
    print(f"corpus: {len(labels)} labelled distributions in {python.parent.parent}; {args.runs} runs each")
    print("reportgen = warm findings cache (the usual repeated run); reportgen:cold = --no-cache;"
          " reportgen:first = every cache folder empty (a first run on a machine)")
    print(f"{'tool':22} {'exact SPDX':>14} {'UNKNOWN/NOASSERTION':>20} {'median wall':>12} {'warm/this':>10} "
          f"{'cold/this':>10} {'first/this':>10}")
    for tool, r in results.items():
        ratios = [r.get(k) for k in ("ratio_reportgen_over_this", "ratio_cold_reportgen_over_this",
                                     "ratio_first_reportgen_over_this")]
        print(
            f"{tool:22} {r['correct']:>4}/{r['labelled']:<4} {r['accuracy']:6.1%} {r['unknown']:>20} "
            f"{r['median_s'] * 1000:>9.0f} ms " + " ".join(f"{'' if x is None else f'{x:.2f}':>10}" for x in ratios)
        )
        for name, expected, answer in r["wrong"][: args.show_wrong]:
            print(f"    {name}: expected {expected}, got {answer}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
