"""Container images: Compose files and Dockerfiles.

Compose (``docker-compose.yml``, ``compose.yaml``, ...): each service's
``image:``; a service with only ``build:`` is the project's own code and is
skipped.  ``${VAR}``, ``${VAR:-default}`` and ``${VAR-default}`` are filled
from a ``.env`` file next to the compose file, then from the default; an
unset variable without a default is an error.

Dockerfile (``Dockerfile``, ``*.Dockerfile``, ``Dockerfile.*``,
``Containerfile``): every ``FROM`` line (with ``--platform``, ``AS name``,
continuations and ``ARG`` defaults declared before the first ``FROM``).
``FROM scratch`` and ``FROM <earlier stage>`` are skipped.  The last stage's
image is ``runtime``; earlier stages are build-only: ``group:build``.

Image names: ``docker.io/library/mongo:latest`` and ``mongo`` are both
``mongo``; other Docker Hub images keep their namespace (``bitnami/redis``);
images from another registry keep the registry (``ghcr.io/owner/app``,
``localhost:5000/app``).  ``version`` is the tag (None when the reference has
none); a digest goes to ``extra["digest"]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from reportgen.model import Dependency
from reportgen.sources.base import DependencySource

_VAR = re.compile(
    r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))"
)
_REFERENCE = re.compile(
    r"^(?P<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$"
)


class ImageError(ValueError):
    pass


def parse_image(reference: str) -> tuple[str, str | None, str | None, str | None]:
    """``"docker.io/library/mongo:6.0@sha256:..."`` -> (name, tag, digest, registry).

    ``name`` is normalised: Docker Hub's ``docker.io`` / ``index.docker.io`` /
    ``registry-1.docker.io`` host and its ``library/`` namespace are dropped.
    """
    ref = reference.strip()
    # the registry host may hold upper case letters and a port; the rest may not
    first, slash, rest = ref.partition("/")
    registry = None
    if slash and ("." in first or ":" in first or first == "localhost"):
        registry = first.lower()
        ref = rest
    match = _REFERENCE.match(ref)
    if not match:
        raise ImageError(f"not a valid image reference: {reference!r}")
    name = match.group("name")
    if registry in ("docker.io", "index.docker.io", "registry-1.docker.io"):
        registry = None
    if registry is None and name.startswith("library/") and name.count("/") == 1:
        name = name[len("library/") :]
    full = f"{registry}/{name}" if registry else name
    return full, match.group("tag"), match.group("digest"), registry


def _substitute(text: str, values: dict[str, str], on_missing) -> str:
    def fill(match: re.Match) -> str:
        var = match.group("braced") or match.group("plain")
        op, arg = match.group("op"), match.group("arg")
        value = values.get(var)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                return arg or ""
            return value
        if op in (":+", "+"):
            return (arg or "") if value else ""
        if value is None:
            return on_missing(var)
        return value

    return _VAR.sub(fill, text.replace("$$", "\0")).replace("\0", "$")


def _image_dependency(reference: str, *, group: str, source: str, extra: dict) -> Dependency:
    name, tag, digest, registry = parse_image(reference)
    details = dict(extra)
    details["reference"] = reference
    if digest:
        details["digest"] = digest
    if registry:
        details["registry"] = registry
    return Dependency(
        name=name,
        version=tag,
        ecosystem="docker",
        direct=True,
        group=group,
        source=source,
        extra=details,
    )


def _read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


class ComposeSource(DependencySource):
    """A Compose file: the ``image:`` of each service."""

    name = "compose"
    patterns = (
        "compose.yaml",
        "compose.yml",
        "docker-compose.yaml",
        "docker-compose.yml",
        "compose.*.yaml",
        "compose.*.yml",
        "docker-compose.*.yaml",
        "docker-compose.*.yml",
    )
    ecosystem = "docker"
    priority = 20

    def collect(self) -> Iterator[Dependency]:
        from ruamel.yaml import YAML
        from ruamel.yaml.error import MarkedYAMLError, YAMLError

        text = self.read_text()
        yaml = YAML(typ="rt")  # round-trip loader: safe (no arbitrary objects) and keeps positions
        try:
            data = yaml.load(text)
        except MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or exc.context or "invalid YAML"
            hint = None
            if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
                start = exc.context_mark
                hint = f"{exc.context} that starts at line {start.line + 1}, column {start.column + 1}"
            raise self.error(
                f"YAML syntax error: {problem}",
                mark.line + 1 if mark else None,
                mark.column + 1 if mark else None,
                hint,
            ) from None
        except YAMLError as exc:
            raise self.error(f"YAML error: {exc}".splitlines()[0], 1, 1) from None
        if data is None:
            return
        if not isinstance(data, dict):
            raise self.error("expected a mapping with 'services'", 1, 1)
        services = data.get("services")
        if services is None:
            return
        if not isinstance(services, dict):
            line, col = _position(data, "services")
            raise self.error("'services' must be a mapping of service names", line, col)
        values = _read_env_file(self.path.with_name(".env"))
        for service, spec in services.items():
            if not isinstance(spec, dict) or "image" not in spec or "build" in spec:
                continue  # no image, or the image is the project's own build
            line, col = _position(spec, "image", value=True)
            raw = spec["image"]
            if not isinstance(raw, str):
                raise self.error(f"service {service!r}: 'image' must be a string", line, col)

            def missing(var: str, _line=line, _col=col, _service=service) -> str:
                raise self.error(
                    f"service {_service!r}: variable ${var} in image is not set",
                    _line,
                    _col,
                    "give it a default (${VAR:-value}) or set it in .env",
                )

            reference = _substitute(raw, values, missing)
            try:
                yield _image_dependency(
                    reference,
                    group="runtime",
                    source=f"{self.path}:{line}" if line else str(self.path),
                    extra={"service": str(service)},
                )
            except ImageError as exc:
                raise self.error(f"service {service!r}: {exc}", line, col, "expected e.g. 'mongo:6.0'") from None


def _position(mapping, key: str, value: bool = False) -> tuple[int | None, int | None]:
    lc = getattr(mapping, "lc", None)
    if lc is None:
        return None, None
    try:
        line, col = lc.value(key) if value else lc.key(key)
    except (KeyError, TypeError, AttributeError):
        return None, None
    return line + 1, col + 1


class DockerfileSource(DependencySource):
    """A Dockerfile: the base image of each ``FROM``."""

    name = "Dockerfile"
    patterns = ("Dockerfile", "*.Dockerfile", "Dockerfile.*", "Containerfile", "*.dockerfile")
    ecosystem = "docker"
    priority = 20

    def collect(self) -> Iterator[Dependency]:
        text = self.read_text()
        args: dict[str, str] = {}
        stages: list[str] = []
        found: list[tuple[int, int, Dependency]] = []  # (stage index, line, dep)
        for number, column, instruction, rest in _instructions(text):
            if instruction == "ARG" and not stages:
                for item in rest.split():
                    key, sep, value = item.partition("=")
                    if sep:
                        args[key] = value.strip("\"'")
                continue
            if instruction != "FROM":
                continue
            tokens = [t for t in rest.split() if not t.startswith("--")]
            if not tokens:
                raise self.error("FROM needs an image", number, column, "expected e.g. 'FROM python:3.12-slim'")
            image = tokens[0]
            alias = None
            if len(tokens) == 3 and tokens[1].upper() == "AS":
                alias = tokens[2]
            elif len(tokens) > 1:
                raise self.error(
                    f"unexpected text after the image: {' '.join(tokens[1:])}",
                    number,
                    column,
                    "expected 'FROM image [AS name]'",
                )
            stage_index = len(stages)
            stages.append((alias or "").lower())

            def missing(var: str, _n=number, _c=column) -> str:
                raise self.error(
                    f"ARG {var} has no default value before FROM",
                    _n,
                    _c,
                    f"declare 'ARG {var}=value' before the first FROM",
                )

            reference = _substitute(image, args, missing)
            if reference.lower() == "scratch" or reference.lower() in stages[:-1]:
                continue  # an empty image, or an earlier stage of this file
            try:
                dep = _image_dependency(
                    reference,
                    group="runtime",
                    source=f"{self.path}:{number}",
                    extra={"stage": alias} if alias else {},
                )
            except ImageError as exc:
                raise self.error(str(exc), number, column, "expected e.g. 'FROM python:3.12-slim'") from None
            found.append((stage_index, number, dep))
        last = len(stages) - 1
        for stage_index, _number, dep in found:
            if stage_index != last:
                dep = replace(dep, group="group:build")
            yield dep


def _instructions(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(line, column, INSTRUCTION, arguments), with ``\\`` continuations joined and comments dropped."""
    buffer = ""
    start = 0
    column = 1
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not buffer:
            if not stripped or stripped.startswith("#"):
                continue
            start = number
            column = len(raw) - len(raw.lstrip()) + 1
        elif stripped.startswith("#"):
            continue  # comment lines inside a continuation are ignored
        if stripped.endswith("\\"):
            buffer += stripped[:-1] + " "
            continue
        buffer += stripped
        instruction, _, rest = buffer.partition(" ")
        yield start, column, instruction.upper(), rest.strip()
        buffer = ""
    if buffer:
        instruction, _, rest = buffer.partition(" ")
        yield start, column, instruction.upper(), rest.strip()
