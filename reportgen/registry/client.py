"""HTTP GET of registry JSON documents, cached on disk.

The client is deliberately small: ``urllib`` from the standard library, one
GET per document, a timeout on every request, a thread pool for many
documents, and a JSON file per answer in the cache folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import __version__
from reportgen.errors import NetworkError
from reportgen.fsutil import atomic_write
from reportgen.fsutil import cache_dir

DEFAULT_PYPI_URL = "https://pypi.org/pypi"
DEFAULT_NPM_URL = "https://registry.npmjs.org"

#: How long answers that may change ("latest", "not found") stay fresh.
VOLATILE_TTL = 24 * 3600.0
#: Cache file layout version; bump when the stored shape changes.
CACHE_FORMAT = 1

_SAFE = re.compile(r"[^A-Za-z0-9._+-]+")
_OFFLINE_HINT = "run without --online or check your connection"


@dataclass(frozen=True)
class RegistryAnswer:
    """One registry document: ``data`` is None when the registry does not know the package/version."""

    url: str
    status: int
    data: dict[str, Any] | None
    from_cache: bool = False

    @property
    def found(self) -> bool:
        return self.data is not None


class RegistryClient:
    """GETs registry JSON documents, keeping each answer on disk.

    ``pypi_url``/``npm_url`` default to the environment variables
    ``REPORTGEN_PYPI_URL``/``REPORTGEN_NPM_URL`` and then to the public
    registries.  ``timeout`` is per request, in seconds.
    """

    def __init__(
        self,
        *,
        pypi_url: str | None = None,
        npm_url: str | None = None,
        cache: str | os.PathLike[str] | None = None,
        timeout: float = 10.0,
        workers: int = 8,
    ) -> None:
        self.pypi_url = (pypi_url or os.environ.get("REPORTGEN_PYPI_URL") or DEFAULT_PYPI_URL).rstrip("/")
        self.npm_url = (npm_url or os.environ.get("REPORTGEN_NPM_URL") or DEFAULT_NPM_URL).rstrip("/")
        self.cache = Path(cache) if cache is not None else cache_dir() / "registry"
        self.timeout = timeout
        self.workers = max(1, workers)
        self.requests_made = 0  # network requests actually sent (cache misses)

    # -- URLs -------------------------------------------------------------
    def pypi_document_url(self, name: str, version: str | None = None) -> str:
        quoted = urllib.parse.quote(name, safe="")
        if version:
            return f"{self.pypi_url}/{quoted}/{urllib.parse.quote(version, safe='')}/json"
        return f"{self.pypi_url}/{quoted}/json"

    def npm_document_url(self, name: str, version: str | None = None) -> str:
        # Scoped names keep their "@scope/" part as a path: /@types/node/20.1.0
        quoted = urllib.parse.quote(name, safe="@/")
        return f"{self.npm_url}/{quoted}/{urllib.parse.quote(version or 'latest', safe='')}"

    # -- public API -------------------------------------------------------
    def pypi(self, name: str, version: str | None = None) -> RegistryAnswer:
        """The PyPI JSON document of ``name`` (at ``version``, or the latest release)."""
        return self.get(self.pypi_document_url(name, version), self._cache_path("pypi", name, version), pinned=bool(version))

    def npm(self, name: str, version: str | None = None) -> RegistryAnswer:
        """The npm registry manifest of ``name`` at ``version`` (or the ``latest`` tag)."""
        return self.get(self.npm_document_url(name, version), self._cache_path("npm", name, version), pinned=bool(version))

    def fetch_many(self, wanted: Iterable[tuple[str, str, str | None]]) -> dict[tuple[str, str, str | None], RegistryAnswer]:
        """Fetch several ``(ecosystem, name, version)`` documents, in parallel threads.

        The first network failure is raised (as :class:`NetworkError`) once
        the requests already under way are done.
        """
        keys = list(dict.fromkeys(wanted))
        if not keys:
            return {}

        def one(key: tuple[str, str, str | None]) -> RegistryAnswer:
            ecosystem, name, version = key
            if ecosystem == "npm":
                return self.npm(name, version)
            return self.pypi(name, version)

        if len(keys) == 1 or self.workers == 1:
            return {key: one(key) for key in keys}
        with ThreadPoolExecutor(max_workers=min(self.workers, len(keys))) as pool:
            futures = {key: pool.submit(one, key) for key in keys}
            return {key: future.result() for key, future in futures.items()}

    # -- cache + HTTP -----------------------------------------------------
    def _cache_path(self, ecosystem: str, name: str, version: str | None) -> Path:
        safe_name = _SAFE.sub("_", name.lower()).strip("_") or "_"
        safe_version = _SAFE.sub("_", version) if version else "_latest"
        return self.cache / ecosystem / safe_name / f"{safe_version}.json"

    def get(self, url: str, path: Path, *, pinned: bool) -> RegistryAnswer:
        cached = self._read_cache(path, url, pinned=pinned)
        if cached is not None:
            return cached
        answer = self._download(url)
        record = {
            "format": CACHE_FORMAT,
            "url": url,
            "status": answer.status,
            "fetched": time.time(),
            "data": answer.data,
        }
        try:
            atomic_write(path, json.dumps(record, separators=(",", ":")))
        except OSError:
            pass  # a cache we cannot write is only slower, never wrong
        return answer

    def _read_cache(self, path: Path, url: str, *, pinned: bool) -> RegistryAnswer | None:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("format") != CACHE_FORMAT or record.get("url") != url:
            return None
        data = record.get("data")
        if not pinned or data is None:
            fetched = record.get("fetched")
            if not isinstance(fetched, (int, float)) or time.time() - fetched > VOLATILE_TTL:
                return None
        return RegistryAnswer(url=url, status=int(record.get("status", 200)), data=data, from_cache=True)

    def _download(self, url: str) -> RegistryAnswer:
        request = urllib.request.Request(
            url,
            headers={"Accept": "application/json", "User-Agent": f"reportgen/{__version__}"},
        )
        self.requests_made += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410):
                return RegistryAnswer(url=url, status=exc.code, data=None)
            raise NetworkError(f"could not reach {url}: the registry answered HTTP {exc.code}; {_OFFLINE_HINT}") from None
        except urllib.error.URLError as exc:
            raise NetworkError(f"could not reach {url}: {_reason(exc.reason)}; {_OFFLINE_HINT}") from None
        except (TimeoutError, socket.timeout) as exc:
            raise NetworkError(f"could not reach {url}: timed out after {self.timeout:g}s; {_OFFLINE_HINT}") from exc
        except OSError as exc:
            raise NetworkError(f"could not reach {url}: {_reason(exc)}; {_OFFLINE_HINT}") from None
        try:
            data = json.loads(body)
        except ValueError:
            digest = hashlib.sha256(body).hexdigest()[:12]
            raise NetworkError(
                f"could not read the answer of {url}: not JSON ({len(body)} bytes, sha256 {digest}...); {_OFFLINE_HINT}"
            ) from None
        if not isinstance(data, dict):
            raise NetworkError(f"could not read the answer of {url}: expected a JSON object; {_OFFLINE_HINT}")
        return RegistryAnswer(url=url, status=status, data=data)


def _reason(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower() if reason.strerror[:1].isupper() and reason.strerror[1:2].islower() else reason.strerror
    text = str(reason).strip()
    return text or reason.__class__.__name__
