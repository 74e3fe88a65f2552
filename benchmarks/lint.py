"""Benchmark: lint 50 notes files with 500 links offline (target: under 2 s in all).

The notes cite real installed code (werkzeug 3.1.8 and the running Python's standard library),
so every link goes through parsing, source resolution, AST analysis and the chain check.
Run: python benchmarks/lint.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

W = "https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py"
STEPS = [
    (f"{W}#L961-L1126", "run_simple"), (f"{W}#L907-L949", "make_server"), (f"{W}#L712-L813", "BaseWSGIServer.__init__"),
    (f"{W}#L818-L824", "BaseWSGIServer.serve_forever"), (f"{W}#L396-L406", "WSGIRequestHandler.handle"),
    (f"{W}#L249-L394", "WSGIRequestHandler.run_wsgi"), (f"{W}#L168-L247", "WSGIRequestHandler.make_environ"),
    ("https://github.com/pallets/werkzeug/blob/main/src/werkzeug/serving.py#L10", None),
    ("https://docs.python.org/3/library/socketserver.html", None),
    ("https://github.com/pallets/werkzeug/blob/3.1.8/src/werkzeug/serving.py#L553-#L720", None),
]


def make(folder: Path, files: int = 50, links_per_file: int = 10) -> list[Path]:
    paths = []
    for i in range(files):
        lines = ["technology: Werkzeug", "package: werkzeug==3.1.8", "general:",
                 "  code_repository: https://github.com/pallets/werkzeug", "  license_type: BSD-3-Clause",
                 "  license_restrictions: Keep the notice.", "sections:", "  - chain:"]
        for j in range(links_per_file):
            link, symbol = STEPS[(i + j) % len(STEPS)]
            lines.append(f"      - link: {link}")
            if symbol:
                lines.append(f"        symbol: {symbol}")
            lines.append(f"        text: step {j}")
        p = folder / f"notes{i:02}.yaml"
        p.write_text("\n".join(lines) + "\n")
        paths.append(p)
    return paths


def main() -> int:
    from reportgen.lint import lint

    with tempfile.TemporaryDirectory() as tmp:
        paths = make(Path(tmp))
        t0 = time.perf_counter()
        result = lint(paths)
        elapsed = time.perf_counter() - t0
    links = 50 * 10
    print(f"lint: {len(paths)} files, {links} links, {len(result.findings)} findings in {elapsed:.2f} s "
          f"({elapsed / links * 1000:.2f} ms/link)")
    return 0 if elapsed < 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
