import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, monkeypatch):
    # never read or write the user's cache from tests
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "cache"))
