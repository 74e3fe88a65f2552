"""Repository discovery: URL shapes, docs hosts, and the real metadata of installed packages."""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reportgen.knowledge import repos


@pytest.mark.parametrize(("raw", "expected"), [
    ("git+ssh://git@github.com/pallets/flask.git", "https://github.com/pallets/flask"),
    ("git://github.com/pallets/flask.git", "https://github.com/pallets/flask"),
    ("git@github.com:miguelgrinberg/Flask-SocketIO.git", "https://github.com/miguelgrinberg/Flask-SocketIO"),
    ("http://www.github.com/pallets/click/", "https://github.com/pallets/click"),
    ("https://github.com/pallets/flask/tree/main/src/flask", "https://github.com/pallets/flask"),
    ("https://github.com/pallets/flask/issues", "https://github.com/pallets/flask"),
    ("https://github.com/pallets/flask/blob/main/CHANGES.rst", "https://github.com/pallets/flask"),
    ("https://github.com/pallets/flask#readme", "https://github.com/pallets/flask"),
    ("github:websockets/ws", "https://github.com/websockets/ws"),
    ("websockets/ws", "https://github.com/websockets/ws"),
    ("gitlab:inkscape/inkscape", "https://gitlab.com/inkscape/inkscape"),
    ("https://gitlab.com/group/sub/project/-/tree/main", "https://gitlab.com/group/sub/project"),
    ("git+https://github.com/socketio/socket.io.git", "https://github.com/socketio/socket.io"),
    ("https://bitbucket.org/owner/repo/src/master/", "https://bitbucket.org/owner/repo"),
    ("not a url", None),
    ("", None),
])
def test_normalize(raw, expected):
    assert repos.normalize(raw) == expected


@pytest.mark.parametrize("url", [
    "https://flask.palletsprojects.com.readthedocs.io/", "https://requests.readthedocs.io/en/latest/",
    "https://docs.python.org/3/", "https://pypi.org/project/flask/", "https://pallets.github.io/flask",
    "https://www.npmjs.com/package/ws", "https://pythonhosted.org/pytz", "https://docs.pytest.org",
])
def test_docs_hosts(url):
    assert repos.is_docs_host(url)


@pytest.mark.parametrize("url", ["https://github.com/pallets/flask", "https://gitlab.com/a/b", "https://sqlite.org/src"])
def test_code_hosts(url):
    assert not repos.is_docs_host(url)


def test_labels_rank_source_over_homepage_and_docs_are_rejected():
    fields = {
        "Project-URL": ["Documentation, https://flask-sock.readthedocs.io/", "Homepage, https://github.com/fork/x",
                        "Source, https://github.com/miguelgrinberg/flask-sock"],
        "Home-page": ["https://example.readthedocs.io"],
    }
    assert repos.repository_for(fields, name="flask-sock") == (
        "https://github.com/miguelgrinberg/flask-sock", "Project-URL: Source")


def test_docs_only_metadata_falls_back_on_known_data():
    url, where = repos.repository_for({"Home-page": ["https://pythonhosted.org/pytz"]}, name="pytz")
    assert url == "https://github.com/stub42/pytz" and "repositories.yaml" in where
    url, where = repos.repository_for({"Home-page": ["https://pythonhosted.org/x"]}, name="unknown-pkg-x")
    assert url is None and "documentation" in where


def test_npm_repository_shapes():
    assert repos.repository_for(npm_manifest={"repository": "github:websockets/ws"}, ecosystem="npm")[0] == \
        "https://github.com/websockets/ws"
    url, where = repos.repository_for(npm_manifest={"repository": {
        "type": "git", "url": "git+https://github.com/facebook/react.git", "directory": "packages/react"}},
        name="react", ecosystem="npm")
    assert url == "https://github.com/facebook/react" and "packages/react" in where
    assert repos.repository_for(npm_manifest={"homepage": "https://expressjs.com/"}, name="nothing-known",
                                ecosystem="npm")[0] is None


def _installed_metadata():
    site = Path(sys.prefix) / "lib"
    return sorted(site.glob("python3*/site-packages/*.dist-info"))


def test_real_installed_packages_give_clean_code_urls():
    """Every installed package in this venv: whatever the answer is, it is a normalised code URL."""
    found = 0
    for folder in _installed_metadata():
        fields = repos.metadata_fields(folder)
        name = fields.get("Name", [folder.name.split("-")[0]])[0]
        url, where = repos.repository_for(fields, name=name)
        for label_url in fields.get("Project-URL", []):
            raw = label_url.partition(",")[2].strip()
            norm = repos.normalize(raw)
            if norm and urlsplit(norm).hostname == "github.com":
                assert norm.count("/") == 4 and not norm.endswith(".git"), (raw, norm)
        if url is None:
            continue
        found += 1
        assert url.startswith("https://") and not repos.is_docs_host(url), (name, url)
        assert not url.endswith((".git", "/")), url
        assert where
    assert found >= 10


def test_canonical_for_installed_packages():
    assert repos.canonical("click") == "https://github.com/pallets/click"
    assert repos.canonical("license-expression") == "https://github.com/aboutcode-org/license-expression"
    assert repos.canonical("mongo", ecosystem="docker") == "https://github.com/mongodb/mongo"
