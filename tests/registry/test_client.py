"""The registry client against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import time

import pytest

from reportgen.errors import NetworkError
from reportgen.registry import RegistryClient, cache_dir, npm_manifest, pypi_metadata


def test_pypi_document_is_fetched_then_cached(registry_env, tmp_path):
    client = RegistryClient()
    answer = client.pypi("six", "1.16.0")
    assert answer.found and not answer.from_cache
    assert answer.data["info"]["license"] == "MIT"
    assert registry_env.requests == ["/pypi/six/1.16.0/json"]

    # A second client (a second run) reads the disk cache: the server sees nothing new.
    again = RegistryClient().pypi("six", "1.16.0")
    assert again.from_cache and again.data == answer.data
    assert registry_env.requests == ["/pypi/six/1.16.0/json"]
    cached = list((tmp_path / "cache" / "registry").rglob("*.json"))
    assert len(cached) == 1 and json.loads(cached[0].read_text())["url"] == answer.url


def test_npm_scoped_and_plain_packages(registry_env):
    client = RegistryClient()
    ws = client.npm("ws", "8.13.0")
    types = client.npm("@types/node", "20.1.0")
    assert ws.data["license"] == "MIT" and types.data["name"] == "@types/node"
    assert registry_env.requests == ["/npm/ws/8.13.0", "/npm/@types/node/20.1.0"]
    manifest = npm_manifest(ws.data)
    assert "dist" not in manifest and manifest["repository"]["url"] == "git+https://github.com/websockets/ws.git"


def test_not_found_is_an_answer_and_cached_for_a_day(registry_env, monkeypatch):
    client = RegistryClient()
    missing = client.pypi("no-such-package", "0.0.1")
    assert not missing.found and missing.status == 404
    assert RegistryClient().pypi("no-such-package", "0.0.1").from_cache
    assert len(registry_env.requests) == 1
    # A day later the negative answer is asked again.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 2 * 24 * 3600)
    assert not RegistryClient().pypi("no-such-package", "0.0.1").from_cache
    assert len(registry_env.requests) == 2


def test_cache_of_another_registry_url_is_not_used(registry_env, tmp_path):
    RegistryClient().pypi("six", "1.16.0")
    other = RegistryClient(pypi_url=registry_env.pypi_url + "/")  # same base, trailing slash: same URL
    assert other.pypi("six", "1.16.0").from_cache
    mirror = RegistryClient(pypi_url=f"http://localhost:{registry_env.port}/pypi")
    assert not mirror.pypi("six", "1.16.0").from_cache
    assert len(registry_env.requests) == 2


def test_fetch_many_runs_in_parallel_and_counts(registry_env):
    registry_env.delay = 0.3
    client = RegistryClient(workers=4)
    answers = client.fetch_many(
        [("pypi", "six", "1.16.0"), ("pypi", "attrs", "25.3.0"), ("npm", "ws", "8.13.0"), ("npm", "@types/node", "20.1.0")]
    )
    assert all(a.found for a in answers.values()) and client.requests_made == 4
    assert registry_env.most_in_flight > 1  # the server saw requests overlap: not one after the other
    assert RegistryClient().fetch_many([("pypi", "six", "1.16.0")])[("pypi", "six", "1.16.0")].from_cache


def test_unreachable_registry_is_one_clear_line(closed_port, tmp_path):
    client = RegistryClient(pypi_url=f"http://127.0.0.1:{closed_port}/pypi", cache=tmp_path)
    with pytest.raises(NetworkError) as info:
        client.pypi("six", "1.16.0")
    text = str(info.value)
    assert text.startswith(f"could not reach http://127.0.0.1:{closed_port}/pypi/six/1.16.0/json: ")
    assert "refused" in text.lower()
    assert text.endswith("run without --online or check your connection")
    assert "\n" not in text


def test_slow_registry_times_out(registry_env):
    registry_env.delay = 30.0  # far longer than any test should wait: only the timeout can end the call
    client = RegistryClient(timeout=0.3)
    with pytest.raises(NetworkError, match=r"could not reach .*/pypi/six/1\.16\.0/json: timed out"):
        client.pypi("six", "1.16.0")


def test_server_error_is_a_network_error(registry_env):
    registry_env.status_override = 503
    with pytest.raises(NetworkError, match="answered HTTP 503"):
        RegistryClient().pypi("six", "1.16.0")


def test_cache_dir_follows_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("REPORTGEN_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "reportgen"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("REPORTGEN_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_dir().parts[-2:] == (".cache", "reportgen")


def test_pypi_metadata_maps_json_to_metadata_fields(registry_env):
    fields = pypi_metadata(RegistryClient().pypi("attrs", "25.3.0").data)
    assert fields["License-Expression"] == ["MIT"]
    assert "License" not in fields  # null in the document
    assert "GitHub, https://github.com/python-attrs/attrs" in fields["Project-URL"]
    assert fields["License-File"] == ["LICENSE"]
    six = pypi_metadata(RegistryClient().pypi("six", "1.16.0").data)
    assert six["License"] == ["MIT"] and "License :: OSI Approved :: MIT License" in six["Classifier"]
