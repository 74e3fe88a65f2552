"""The work-points data file names functions that exist in the installed libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from packaging.specifiers import SpecifierSet

from reportgen.trace import workpoints
from reportgen.trace._child import PURE_PYTHON
from reportgen.trace.client import parse_request
from reportgen.trace.record import default_requests

POINTS = workpoints.all_points()


# Run in a child Python: importing eventlet and gevent into pytest's own process can leave
# the main thread waiting in eventlet's hub for the tests that come after.
CHECK = r"""
import ast, importlib, importlib.metadata, importlib.util, inspect, json, sys
from packaging.specifiers import SpecifierSet

def unwrap(obj):
    if isinstance(obj, property):
        return obj.fget
    if isinstance(obj, (classmethod, staticmethod)):
        return obj.__func__
    return inspect.unwrap(obj)

def find(node, parts):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if child.name == parts[0]:
                return child if len(parts) == 1 else find(child, parts[1:])
        else:
            hit = find(child, parts)
            if hit is not None:
                return hit
    return None

def check(library, module_name, qualname, versions):
    if importlib.util.find_spec(module_name.split(".")[0]) is None:
        return {"installed": False}
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:  # the module is there, a dependency of it is missing or too old
        if isinstance(exc, ModuleNotFoundError) and module_name.startswith(exc.name or "?"):
            raise
        return {"installed": True, "import_error": str(exc)}
    out = {"installed": True, "file": module.__file__.replace("\\", "/")}
    if library != "python":
        out["version"] = importlib.metadata.version(library)
        if out["version"] not in SpecifierSet(versions):
            return out  # a function of other releases: nothing to find in this one
    if "<locals>" in qualname:  # a nested function: ast finds the def inside its parent
        node = find(ast.parse(inspect.getsource(module)), qualname.replace(".<locals>", "").split("."))
        out["nested_def"] = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        return out
    obj = module
    for part in qualname.split("."):
        obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(obj, part)
    func = unwrap(obj)
    out["co_qualname"] = func.__code__.co_qualname
    out["source_file"] = inspect.getsourcefile(func).replace("\\", "/")
    return out

points = json.loads(sys.stdin.read())
print(json.dumps({name: check(lib, m, q, v) for name, lib, m, q, v in points}))
"""


@pytest.fixture(scope="module")
def checked() -> dict:
    # with the environment the traced app gets: aiohttp's pure-Python parser, not its C one
    env = dict(os.environ, **PURE_PYTHON)
    done = subprocess.run([sys.executable, "-c", CHECK], input=json.dumps([[p.name, p.library, p.module, p.qualname, p.versions] for p in POINTS]),
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.parametrize("point", POINTS, ids=[p.name for p in POINTS])
def test_work_point_exists_in_installed_version(point, checked):
    got = checked[point.name]
    if not got["installed"]:
        pytest.skip(f"{point.library} is not installed")
    if "import_error" in got:
        pytest.skip(f"{point.module} cannot be imported with the libraries installed here: {got['import_error']}")
    assert ("/" + got["file"]).endswith(point.file_suffixes)
    assert point.topics and set(point.topics) <= set(workpoints.TOPICS)
    assert point.what
    if point.versions and got["version"] not in SpecifierSet(point.versions):
        pytest.skip(f"{point.library} {got['version']} is not one of the releases with it ({point.versions})")
    if "<locals>" in point.qualname:
        assert got["nested_def"], point.name
    else:
        assert got["co_qualname"] == point.qualname
        assert got["source_file"] == got["file"]


def test_every_topic_has_points_and_names_are_unique():
    names = [p.name for p in POINTS]
    assert len(names) == len(set(names))
    for topic in workpoints.TOPICS:
        assert workpoints.for_topic(topic)


@pytest.mark.parametrize("text,key", [("HTTP headers", "http-headers"), ("WebSockets", "websockets"),
                                      ("websocket", "websockets"), ("TCP", "tcp"), ("TCP sockets", "tcp")])
def test_topic_key(text, key):
    assert workpoints.topic_key(text) == key


def test_requests_per_topic_and_parsed():
    assert [r.kind for r in default_requests("TCP")] == ["tcp"]
    assert [r.kind for r in default_requests("WebSockets")] == ["ws"]
    assert [(r.kind, r.path) for r in default_requests("WebSockets", socketio=True)] == [("socketio", "/socket.io/")]
    http = default_requests("HTTP headers")[0]
    assert http.kind == "http" and len(http.headers) >= 3
    req = parse_request("POST /items; X-Token: 1; Accept: text/plain")
    assert (req.kind, req.method, req.path, req.headers) == ("http", "POST", "/items", [("X-Token", "1"), ("Accept", "text/plain")])
    assert parse_request("WS /chat").kind == "ws"
    assert parse_request("TCP").path == "/"
    for bad in ("GET items", "GET /x; NoColon", "G3T /x", "GET /a /b"):
        with pytest.raises(ValueError):
            parse_request(bad)
