"""Chain continuity (RG108) and drift (RG110) on links pinned to branches, against the installed
sources: Flask-SocketIO 5.6.1, gevent 26.5.0, werkzeug 3.1.8 (the test extra) and the running
Python's standard library.  Expected line numbers come from ``inspect`` on the imported code, not
from the linter's own parser.
"""

import importlib.metadata
import inspect
import sys

import gevent.baseserver
import pytest
import werkzeug.serving

from reportgen.lint import lint
from reportgen.lint.callgraph import graph as callgraph_graph
from reportgen.lint.pyast import text_symbols

SIO = "https://github.com/miguelgrinberg/Flask-SocketIO/blob"
WZ = "https://github.com/pallets/werkzeug/blob"


def lines_of(obj):
    src, first = inspect.getsourcelines(obj)
    return first, first + len(src) - 1


def notes(tmp_path, steps, package="flask-socketio==5.6.1"):
    chain = ""
    for link, symbol, text in steps:
        chain += f"      - link: {link}\n"
        if symbol:
            chain += f"        symbol: {symbol}\n"
        chain += f"        text: \"{text}\"\n"
    path = tmp_path / "notes.yaml"
    path.write_text(f"technology: T\npackage: {package}\nsections:\n  - title: Chain\n    chain:\n{chain}", encoding="utf-8")
    return path


def run_lines():
    import flask_socketio

    start, end = lines_of(flask_socketio.SocketIO.run)
    call = start + next(i for i, line in enumerate(inspect.getsourcelines(flask_socketio.SocketIO.run)[0])
                        if line.strip() == "self.wsgi_server.serve_forever()" and i > 150)
    return start, end, call


@pytest.fixture(scope="module")
def graph():
    return callgraph_graph()


def test_module_graph_follows_imports_reexports_and_bases(graph):
    # flask_socketio imports gevent.pywsgi inside run(); WSGIServer's bases live in gevent.server, gevent.baseserver
    assert graph.reaches("flask_socketio", "gevent.pywsgi")
    assert graph.reaches("flask_socketio", "gevent.baseserver")
    # flask_sock imports simple_websocket, whose package re-exports Server from simple_websocket.ws
    assert graph.reaches("flask_sock", "simple_websocket.ws")
    # engineio picks its driver with importlib.import_module('engineio.async_drivers.' + mode)
    assert graph.reaches("engineio.base_server", "engineio.async_drivers.gevent")
    # a handler class: socketserver does not import werkzeug, werkzeug's handler subclasses http.server's
    assert not graph.reaches("socketserver", "werkzeug.serving")
    assert graph.connected("socketserver", "werkzeug.serving")
    # nothing flask_socketio uses gets to multiprocessing's managers, nor the other way round
    assert not graph.connected("flask_socketio", "multiprocessing.managers")


def test_callee_of_an_attribute_made_from_a_class_is_resolved_through_the_bases(graph):
    start, end, call = run_lines()
    found = graph.callees("flask_socketio", graph.module("flask_socketio"), start, end, "serve_forever")
    assert {line for line, _ in found} >= {call}
    (target,) = {t for _, t in found}
    assert target.label == "gevent/baseserver.py BaseServer.serve_forever"
    assert (target.start, target.end) == lines_of(gevent.baseserver.BaseServer.serve_forever)


def test_jump_into_a_module_never_reached_is_found_on_branches_and_names_the_real_step(tmp_path):
    start, end, call = run_lines()
    path = notes(tmp_path, [
        (f"{SIO}/main/src/flask_socketio/__init__.py#L{start}-L{end}", "SocketIO.run", "picks gevent"),
        (f"{SIO}/main/src/flask_socketio/__init__.py#L{call}", None, "`self.wsgi_server.serve_forever()`"),
        ("https://github.com/python/cpython/blob/main/Lib/multiprocessing/managers.py#L164-L184",
         "Server.serve_forever", "the loop"),
    ])
    (found,) = lint([path], select=["RG108"]).findings
    assert found.field == "sections[0].chain[2].link"
    assert "flask_socketio does not import multiprocessing.managers" in found.message
    assert "for the link on 'main'" in found.message
    assert f"at line {call} goes to gevent/baseserver.py BaseServer.serve_forever (gevent 26.5.0 (installed))" in found.message
    s, e = lines_of(gevent.baseserver.BaseServer.serve_forever)
    assert found.fix == f"https://github.com/gevent/gevent/blob/26.5.0/src/gevent/baseserver.py#L{s}-L{e}"


def test_correct_chain_on_branches_is_clean(tmp_path):
    start, end, call = run_lines()
    s, e = lines_of(gevent.baseserver.BaseServer.serve_forever)
    rs, re_ = lines_of(werkzeug.serving.run_simple)
    ms, me = lines_of(werkzeug.serving.make_server)
    path = notes(tmp_path, [
        (f"{SIO}/main/src/flask_socketio/__init__.py#L{start}-L{end}", "SocketIO.run", "picks gevent"),
        (f"{SIO}/main/src/flask_socketio/__init__.py#L{call}", None, "`self.wsgi_server.serve_forever()`"),
        (f"https://github.com/gevent/gevent/blob/master/src/gevent/baseserver.py#L{s}-L{e}",
         "BaseServer.serve_forever", "waits"),
    ])
    assert lint([path], select=["RG108", "RG110"]).findings == []
    path = notes(tmp_path, [
        (f"{WZ}/main/src/werkzeug/serving.py#L{rs}-L{re_}", "run_simple", "the dev server"),
        (f"{WZ}/main/src/werkzeug/serving.py#L{ms}-L{me}", "make_server", "`BaseWSGIServer`"),
        ("https://github.com/python/cpython/blob/main/Lib/socketserver.py#L1", None, "`TCPServer.__init__`"),
    ], package="werkzeug")
    found = lint([path], select=["RG108", "RG110"]).findings
    assert [(f.code, f.field) for f in found] == [("RG110", "sections[0].chain[2].link")]  # only the drift


def test_line_level_check_on_branches_uses_the_installed_file_and_says_so(tmp_path):
    rs, re_ = lines_of(werkzeug.serving.run_simple)
    path = notes(tmp_path, [
        (f"{WZ}/main/src/werkzeug/serving.py#L{rs}-L{re_}", "run_simple", "the dev server"),
        (f"{WZ}/main/src/werkzeug/formparser.py#L1", "parse_form_data", "never called from there"),
    ], package="werkzeug")
    (found,) = lint([path], select=["RG108"]).findings
    assert found.field == "sections[0].chain[1].link"
    assert f"lines {rs}-{re_} of serving.py neither call it" in found.message
    assert "werkzeug 3.1.8 (installed) for the link on 'main'" in found.message


def test_moved_lines_on_a_branch_are_judged_at_the_symbol_and_reported_as_drift(tmp_path):
    rs, re_ = lines_of(werkzeug.serving.run_simple)
    ms, me = lines_of(werkzeug.serving.make_server)
    path = notes(tmp_path, [
        # run_simple's lines as cited are make_server's: drift; the step is judged at run_simple itself
        (f"{WZ}/main/src/werkzeug/serving.py#L{ms}-L{me}", "run_simple", "the dev server"),
        (f"{WZ}/main/src/werkzeug/serving.py#L{ms}-L{me}", "make_server", "builds the server"),
    ], package="werkzeug")
    found = lint([path], select=["RG108", "RG110"]).findings
    assert [(f.code, f.field) for f in found] == [("RG110", "sections[0].chain[0].link")]
    assert found[0].fix == f"{WZ}/3.1.8/src/werkzeug/serving.py#L{rs}-L{re_}"
    assert f"'run_simple' is at lines {rs}-{re_}" in found[0].message
    assert "werkzeug 3.1.8 (installed)" in found[0].message


def test_a_name_in_backticks_counts_where_the_lines_call_it(tmp_path):
    """A text naming what the lines call (`make_server`) is no drift when the lines call it."""
    rs, _ = lines_of(werkzeug.serving.run_simple)
    src, _ = inspect.getsourcelines(werkzeug.serving.run_simple)
    call = rs + next(i for i, line in enumerate(src) if "make_server(" in line)
    path = notes(tmp_path, [(f"{WZ}/main/src/werkzeug/serving.py#L{call}", None, "it calls `make_server()`")],
                 package="werkzeug")
    assert lint([path], select=["RG110"]).findings == []
    moved = notes(tmp_path, [(f"{WZ}/main/src/werkzeug/serving.py#L1-L3", None, "it calls `make_server()`")],
                  package="werkzeug")
    (found,) = lint([moved], select=["RG110"]).findings
    ms, me = lines_of(werkzeug.serving.make_server)
    assert found.fix == f"{WZ}/3.1.8/src/werkzeug/serving.py#L{ms}-L{me}"


def test_text_symbols():
    assert text_symbols("calls `self.wsgi_server.serve_forever()` then `BaseServer` and `x = 1`") == [
        "wsgi_server.serve_forever", "BaseServer"]


@pytest.mark.skipif(sys.version_info[:3] != (3, 11, 7), reason="line numbers of the 3.11.7 standard library")
def test_drift_into_the_standard_library_pins_to_the_interpreter_tag(tmp_path):
    import socketserver

    s, e = lines_of(socketserver.BaseServer.serve_forever)
    path = notes(tmp_path, [("https://github.com/python/cpython/blob/main/Lib/socketserver.py#L10", None,
                             "`BaseServer.serve_forever` waits")], package="werkzeug")
    (found,) = lint([path], select=["RG110"]).findings
    assert found.fix == f"https://github.com/python/cpython/blob/v3.11.7/Lib/socketserver.py#L{s}-L{e}"


def test_callee_of_a_local_or_module_level_object(graph):
    from reportgen.lint.pyast import analyse

    source = (
        "from gevent import pywsgi\n"
        "server = pywsgi.WSGIServer(('', 1), None)\n"
        "def main():\n"
        "    server.serve_forever()\n"
        "def other():\n"
        "    s = pywsgi.WSGIServer(('', 1), None)\n"
        "    s.serve_forever()\n"
        "    pywsgi.WSGIServer(('', 1), None).serve_forever()\n"
        "    unknown.serve_forever()\n"
    )
    found = graph.callees("app", analyse(source, "app"), 1, 9, "serve_forever")
    assert [line for line, _ in sorted(found)] == [4, 7, 8]
    assert {t.label for _, t in found} == {"gevent/baseserver.py BaseServer.serve_forever"}


def test_branch_steps_without_a_symbol_are_listed_as_skipped_with_the_version_read(tmp_path):
    rs, re_ = lines_of(werkzeug.serving.run_simple)
    path = notes(tmp_path, [
        (f"{WZ}/main/src/werkzeug/serving.py#L{rs}", None, "step"),
        (f"{WZ}/main/src/werkzeug/serving.py#L{re_}", None, "step"),
    ], package="werkzeug")
    result = lint([path], select=["RG108", "RG110"])
    assert result.findings == []
    assert "line checks of branch links that name no symbol, read in werkzeug 3.1.8 (installed) " \
           "(their lines may have moved)" in result.skipped
    assert "drift checks of branch links that name no symbol defined in their file, read in " \
           "werkzeug 3.1.8 (installed)" in result.skipped


# -- links at commits: the named symbols are judged in the installed version, as a warning
COMMIT = "91b5ddc31bebeb6241d281252c711b160550ce01"  # a Flask-SocketIO commit of the 5.3 era, not 5.6.1
EIO = "https://github.com/miguelgrinberg/python-engineio/blob/678ae8b0efa6c12ae36d5c5b362e50aabc8dc8e9"
PSIO = "https://github.com/miguelgrinberg/python-socketio/blob/1fa70ccefa3e4447c5be42cae8d7222a57eaeb4c"


def test_commit_links_skipping_a_library_are_a_warning_naming_the_versions_read(tmp_path):
    """init_app calls socketio.Server(...): python-socketio's Server, not engineio's.  A chain that
    jumps from init_app to engineio's Server.__init__ is reported, read at the installed versions."""
    import socketio

    path = notes(tmp_path, [
        (f"{SIO}/{COMMIT}/src/flask_socketio/__init__.py#L243", "SocketIO.init_app", "init_app calls socketio.Server"),
        (f"{EIO}/src/engineio/server.py#L93", "Server.__init__", "goes through python-socketio to engineio"),
    ])
    (found,) = lint([path], select=["RG108"]).findings
    assert (found.field, found.severity) == ("sections[0].chain[1].link", "warning")
    assert "'SocketIO.init_app'" in found.message and "never calls or names it" in found.message
    assert "read in flask_socketio 5.6.1 (installed) and python_engineio" in found.message
    assert "not at the links' 678ae8b0efa6 / 91b5ddc31beb: the code there may differ" in found.message
    assert "goes to socketio/base_server.py BaseServer.__init__" in found.message  # the missing step
    s, e = lines_of(socketio.base_server.BaseServer.__init__)
    version = importlib.metadata.version("python-socketio")
    assert found.fix == f"https://github.com/miguelgrinberg/python-socketio/blob/v{version}/src/socketio/base_server.py#L{s}-L{e}"


def test_commit_links_that_follow_the_calls_are_clean(tmp_path):
    for steps in ([(f"{SIO}/{COMMIT}/src/flask_socketio/__init__.py#L243", "SocketIO.init_app", "calls socketio.Server"),
                   (f"{PSIO}/src/socketio/base_server.py#L20", "BaseServer.__init__", "python-socketio's server")],
                  [(f"{SIO}/{COMMIT}/src/flask_socketio/__init__.py#L401", "SocketIO.emit", "emit"),
                   (f"{PSIO}/src/socketio/server.py#L120", "Server.emit", "self.server.emit")]):
        path = notes(tmp_path, steps)
        assert [(f.field, f.message) for f in lint([path], select=["RG108"]).findings] == []


def test_commit_links_in_reverse_order_or_revisits_are_not_gaps(tmp_path):
    """run_simple calls serve_forever: listing serve_forever first is an order slip.  A class step
    stands for its methods: coming back to one after a detour is a revisit."""
    wz = "https://github.com/pallets/werkzeug/blob/6bae1de3a1b95e0e4fdf2b5fcb3e6ecc8e3d6b8e/src/werkzeug/serving.py"
    path = notes(tmp_path, [
        (f"{wz}#L700", "BaseWSGIServer.serve_forever", "the loop"),
        (f"{wz}#L900", "run_simple", "run_simple made the server and calls serve_forever"),
    ], package="werkzeug==3.1.8")
    assert [(f.field, f.message) for f in lint([path], select=["RG108"]).findings] == []
    st = "https://github.com/encode/starlette/blob/24c1fac62a80bb153c6548145334fc643991e35a/starlette"
    path = notes(tmp_path, [
        (f"{st}/websockets.py#L21", "WebSocket", "starlette's WebSocket is an HTTPConnection"),
        (f"{st}/requests.py#L63", "HTTPConnection", "a detour into the base class"),
        (f"{st}/websockets.py#L162", "WebSocket.send_text", "back to WebSocket: send_text"),
    ], package="starlette")
    assert [(f.field, f.message) for f in lint([path], select=["RG108"]).findings] == []


def test_commit_links_whose_symbol_the_installed_version_lacks_are_not_judged(tmp_path):
    """python-socketio 5.x has no Server._emit_internal: nothing can be said offline."""
    path = notes(tmp_path, [
        (f"{PSIO}/src/socketio/server.py#L379", "Server._emit_internal", "sends the packet"),
        (f"{SIO}/{COMMIT}/src/flask_socketio/__init__.py#L789", "SocketIO._handle_event", "the handler runs"),
    ])
    assert lint([path], select=["RG108"]).findings == []


def test_commit_link_to_a_file_that_moved_is_read_where_the_package_has_it(tmp_path):
    """flask's scaffold.py is flask/sansio/scaffold.py in 3.x; Scaffold.add_url_rule there only raises
    NotImplementedError and never calls Scaffold.get (the shortcut for GET routes)."""
    fl = "https://github.com/pallets/flask/blob/cc66213e579d6b35d9951c21b685d0078f373c44/src/flask/scaffold.py"
    path = notes(tmp_path, [
        (f"{fl}#L423", "Scaffold.route", "route() takes the rule"),
        (f"{fl}#L455", "Scaffold.add_url_rule", "records the methods"),
        (f"{fl}#L383", "Scaffold.get", "get() for GET routes"),
    ], package="flask==3.1.3")
    (found,) = lint([path], select=["RG108"]).findings
    assert found.field == "sections[0].chain[2].link" and found.severity == "warning"
    assert "'Scaffold.add_url_rule'" in found.message and "read in flask 3.1.3 (installed)" in found.message
