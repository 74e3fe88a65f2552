"""The work-points data file names functions that exist in the installed libraries."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect

import pytest

from reportgen.trace import workpoints
from reportgen.trace.client import parse_request
from reportgen.trace.record import default_requests

POINTS = workpoints.all_points()


def _unwrap(obj):
    if isinstance(obj, property):
        return obj.fget
    if isinstance(obj, (classmethod, staticmethod)):
        return obj.__func__
    return inspect.unwrap(obj)


@pytest.mark.parametrize("point", POINTS, ids=[p.name for p in POINTS])
def test_work_point_exists_in_installed_version(point):
    if importlib.util.find_spec(point.module.split(".")[0]) is None:
        pytest.skip(f"{point.library} is not installed")
    module = importlib.import_module(point.module)
    assert ("/" + module.__file__.replace("\\", "/")).endswith(point.file_suffixes)
    assert point.topics and set(point.topics) <= set(workpoints.TOPICS)
    assert point.what
    if "<locals>" in point.qualname:  # a nested function: ast finds the def inside its parent
        want = point.qualname.replace(".<locals>", "").split(".")
        tree = ast.parse(inspect.getsource(module))

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

        assert isinstance(find(tree, want), (ast.FunctionDef, ast.AsyncFunctionDef)), point.name
        return
    obj = module
    for part in point.qualname.split("."):
        obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(obj, part)
    func = _unwrap(obj)
    assert func.__code__.co_qualname == point.qualname
    assert inspect.getsourcefile(func) == module.__file__


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
