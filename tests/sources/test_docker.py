"""Compose files and Dockerfiles."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.sources.docker import ComposeSource, DockerfileSource, parse_image

FIX = Path(__file__).parent / "fixtures" / "docker"


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("mongo:6.0", ("mongo", "6.0", None, None)),
        ("redis:7-alpine", ("redis", "7-alpine", None, None)),
        ("nginx", ("nginx", None, None, None)),
        ("postgres:15", ("postgres", "15", None, None)),
        ("bitnami/redis", ("bitnami/redis", None, None, None)),
        ("docker.io/library/mongo:latest", ("mongo", "latest", None, None)),
        ("library/mongo", ("mongo", None, None, None)),
        ("index.docker.io/bitnami/redis:7.2", ("bitnami/redis", "7.2", None, None)),
        ("localhost:5000/team/app:1.2", ("localhost:5000/team/app", "1.2", None, "localhost:5000")),
        ("ghcr.io/owner/tool:v1@sha256:" + "ab" * 32, ("ghcr.io/owner/tool", "v1", "sha256:" + "ab" * 32, "ghcr.io")),
        ("quay.io/library/x", ("quay.io/library/x", None, None, "quay.io")),
    ],
)
def test_parse_image(reference, expected):
    assert parse_image(reference) == expected


def test_compose():
    deps = list(ComposeSource(FIX / "compose.yaml").collect())
    got = [(d.extra["service"], d.name, d.version) for d in deps]
    assert got == [
        ("db", "mongo", "6.0"),
        ("cache", "redis", "7-alpine"),
        ("proxy", "nginx", None),
        ("sql", "postgres", "15"),
        ("bitnami", "bitnami/redis", None),
        ("hub", "mongo", "latest"),
        ("private", "localhost:5000/team/app", "1.2"),
        ("pinned", "ghcr.io/owner/tool", None),
        ("tagged", "node", "20-alpine"),  # ${NODE_TAG:-20-alpine}
        ("fromenv", "rabbitmq", "3.13-management"),  # ${RABBIT_TAG} from .env
    ]
    assert deps[0].source == f"{FIX / 'compose.yaml'}:7"
    assert deps[7].extra["digest"].startswith("sha256:0123")
    assert all(d.ecosystem == "docker" and d.group == "runtime" for d in deps)


def test_dockerfile_stages():
    deps = list(DockerfileSource(FIX / "Dockerfile").collect())
    assert [(d.name, d.version, d.group, d.source.rsplit(":", 1)[1]) for d in deps] == [
        ("node", "20-alpine", "group:build", "5"),
        ("python", "3.12-slim", "group:build", "9"),  # ARG defaults, continuation line
        ("gcr.io/distroless/python3-debian12", "nonroot", "runtime", "18"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("services:\n  db:\n    image: [mongo\n", ":4:1: YAML syntax error"),
        ("services:\n  db:\n    image: Mongo:6\n", ":3:12: service 'db': not a valid image reference"),
        ("services:\n  db:\n    image: mongo:${TAG}\n", ":3:12: service 'db': variable $TAG in image is not set"),
        ("services: [a, b]\n", ":1:1: 'services' must be a mapping"),
    ],
)
def test_compose_errors(tmp_path: Path, content: str, expected: str):
    path = tmp_path / "docker-compose.yml"
    path.write_text(content)
    with pytest.raises(SourceError) as err:
        list(ComposeSource(path).collect())
    assert str(err.value).startswith(str(path) + expected), str(err.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("FROM\n", ":1:1: FROM needs an image"),
        ("ARG X\nFROM node:${X}\n", ":2:1: ARG X has no default value before FROM"),
        ("  FROM node:20 AS a b\n", ":1:3: unexpected text after the image"),
        ("FROM Node:20\n", ":1:1: not a valid image reference"),
    ],
)
def test_dockerfile_errors(tmp_path: Path, content: str, expected: str):
    path = tmp_path / "Dockerfile"
    path.write_text(content)
    with pytest.raises(SourceError) as err:
        list(DockerfileSource(path).collect())
    assert str(err.value).startswith(str(path) + expected), str(err.value)
