"""Benchmark: ``reportgen check`` against pip-licenses' ``--fail-on`` / ``--allow-only`` gate.

Uses the ~250-package corpus venv that ``benchmarks/licenses.py`` builds (built
here the same way if missing), or ``--venv DIR``.  Writes a policy file
(allow permissive / public-domain / weak-copyleft, deny AGPL-* and SSPL-1.0,
unknown = warn, project license MIT, distributed) and times, median of N runs
each (subprocesses, wall clock):

* ``reportgen check --python VENV --policy FILE --format json``, with the
  findings cache warm (the usual repeated CI run on one machine), cold
  (``REPORTGEN_NO_CACHE=1``, every license identified again) and as a first
  run (every cache folder empty: a fresh CI runner);
* ``pip-licenses --python VENV --fail-on "<denied names>"``;
* ``pip-licenses --python VENV --allow-only "<every license name it reports>"``
  (so that it scans the whole environment instead of stopping at the first miss).

The commands take turns (one run of each per round), so that a machine slowing down
for a while slows all of them alike.  It prints each median, the ratio reportgen /
pip-licenses (target: <= 0.5), and what each gate decided.

Usage::

    python benchmarks/check.py [--venv DIR] [--runs 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _runs import interleaved

HERE = Path(__file__).resolve().parent
#: exit codes of a gate that ran: 0 passed, 1 found violations
GATE = (0, 1)
POLICY = """\
[tool.reportgen.policy]
allow = ["permissive", "public-domain", "weak-copyleft"]
deny = ["AGPL-*", "SSPL-1.0"]
unknown = "warn"
project_license = "MIT"
distribution = "distributed"
"""


def corpus_python(venv: Path | None) -> Path:
    """The corpus venv of benchmarks/licenses.py if it is complete, else our own copy of it.

    Never deletes or writes into a folder another run may be building: our copy is
    built in a fresh folder and renamed into place when complete.
    """
    if venv is not None:
        python = venv / "bin" / "python"
        if not python.exists():
            raise SystemExit(f"{venv} is not a venv")
        return python
    sys.path.insert(0, str(HERE))
    import licenses as corpus  # benchmarks/licenses.py

    labels = corpus.load_labels()
    shared = corpus.default_venv(labels)
    if (shared / ".reportgen-complete").exists():
        return shared / "bin" / "python"
    own = shared.with_name(shared.name + "-check")
    if (own / ".reportgen-complete").exists():
        return own / "bin" / "python"
    own.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=own.name + ".", dir=own.parent))
    print(f"building a corpus venv in {own} ({len(labels)} packages) ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(building)], check=True)
    specs = [f"{name}=={version}" for name, (version, _) in sorted(labels.items())]
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(building / "bin" / "python"), "install", "-q",
         "--disable-pip-version-check", "--no-deps", "--only-binary", ":all:", *specs],
        check=True,
    )
    (building / ".reportgen-complete").write_text("\n".join(specs) + "\n")
    building.rename(own)
    return own / "bin" / "python"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, help="venv folder (default: the licenses benchmark's corpus venv)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    python = corpus_python(args.venv)
    bindir = Path(sys.executable).parent
    reportgen = str(bindir / "reportgen")
    pip_licenses = str(bindir / "pip-licenses")

    with tempfile.TemporaryDirectory() as tmp:
        policy = Path(tmp) / "policy.toml"
        policy.write_text(POLICY)
        check_cmd = [reportgen, "check", "--python", str(python), "--policy", str(policy), "--format", "json"]
        # warm-up (file cache, interpreter probe, findings cache), not timed
        subprocess.run(check_cmd, capture_output=True)
        listing = subprocess.run([pip_licenses, f"--python={python}", "--format=json"], capture_output=True, text=True, check=True)
        names = sorted({row["License"] for row in json.loads(listing.stdout)})
        fail_on = "GNU Affero General Public License v3;AGPL-3.0-only;AGPL-3.0-or-later;SSPL-1.0"

        runs = interleaved({
            "reportgen check (warm cache)": {"command": check_cmd, "ok": GATE},
            "reportgen check (cold, REPORTGEN_NO_CACHE=1)": {"command": check_cmd, "ok": GATE,
                                                             "env": {**os.environ, "REPORTGEN_NO_CACHE": "1"}},
            "reportgen check (first run, empty caches)": {"command": check_cmd, "ok": GATE, "fresh_cache": True},
            "pip-licenses --fail-on": {"command": [pip_licenses, f"--python={python}", f"--fail-on={fail_on}"],
                                       "ok": GATE},
            "pip-licenses --allow-only": {"command": [pip_licenses, f"--python={python}",
                                                      "--allow-only=" + ";".join(names)], "ok": GATE},
        }, args.runs)

    result = json.loads(runs["reportgen check (warm cache)"][1].stdout)
    medians = {name: statistics.median(times) for name, (times, _) in runs.items()}
    pip_fast = min(medians["pip-licenses --fail-on"], medians["pip-licenses --allow-only"])
    figures = {
        "python": str(python),
        "dependencies": len(result["dependencies"]),
        "runs": args.runs,
        "median_seconds": {k: round(v, 3) for k, v in medians.items()},
        "ratio_warm_vs_fastest_pip_licenses": round(medians["reportgen check (warm cache)"] / pip_fast, 3),
        "ratio_cold_vs_fastest_pip_licenses": round(medians["reportgen check (cold, REPORTGEN_NO_CACHE=1)"] / pip_fast, 3),
        "ratio_first_run_vs_fastest_pip_licenses": round(medians["reportgen check (first run, empty caches)"] / pip_fast, 3),
        "reportgen_counts": result["counts"],
        "reportgen_violation_groups": {k: len(v) for k, v in result["violations"].items()},
        "pip_licenses_exit": {k: proc.returncode for k, (_, proc) in runs.items() if k.startswith("pip")},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"environment: {python} ({figures['dependencies']} dependencies), median of {args.runs} runs")
    for name, value in figures["median_seconds"].items():
        print(f"  {name:48} {value:7.3f} s")
    print(f"ratio reportgen/pip-licenses (warm): {figures['ratio_warm_vs_fastest_pip_licenses']}  (target <= 0.5)")
    print(f"ratio reportgen/pip-licenses (cold): {figures['ratio_cold_vs_fastest_pip_licenses']}  (target <= 0.5)")
    print(f"ratio reportgen/pip-licenses (first run): {figures['ratio_first_run_vs_fastest_pip_licenses']}")
    print(f"reportgen: {figures['reportgen_counts']}, violations by reason: {figures['reportgen_violation_groups']}")
    print(f"pip-licenses exit codes: {figures['pip_licenses_exit']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
