from __future__ import annotations

import pytest

from reportgen.knowledge import technologies as t
from reportgen.licenses.expression import is_valid


@pytest.mark.parametrize(("ref", "name"), [
    ("mongo", "MongoDB"), ("docker.io/library/mongo:7.0", "MongoDB"), ("redis:7.2-alpine", "Redis"),
    ("postgres:16", "PostgreSQL"), ("nginx@sha256:abc", "nginx"), ("mysql", "MySQL"), ("mariadb:11", "MariaDB"),
    ("docker.elastic.co/elasticsearch/elasticsearch:8.15.0", "Elasticsearch"), ("Node.js", "Node.js"),
    ("python:3.12-slim", "CPython"), ("httpd", "Apache HTTP Server"), ("pymongo", "pymongo"),
])
def test_lookup_names_and_images(ref, name):
    assert t.lookup(ref).name == name


def test_unknown_is_none():
    assert t.lookup("no-such-thing") is None


def test_every_license_is_a_valid_expression_and_repository_is_code():
    from reportgen.knowledge.repos import is_docs_host

    for tech in t.all_technologies():
        assert is_valid(tech.license), tech.name
        for period in tech.history:
            assert is_valid(period.license), (tech.name, period)
        assert tech.repository and not is_docs_host(tech.repository)
        assert tech.sources


@pytest.mark.parametrize(("image", "expected"), [
    ("redis:7.2", "BSD-3-Clause"),
    ("redis:7.4.1", "LicenseRef-scancode-rsalv2 OR SSPL-1.0"),
    ("redis:8.0", "LicenseRef-scancode-rsalv2 OR SSPL-1.0 OR AGPL-3.0-only"),
    ("mongo:4.0.2", "AGPL-3.0-only"),
    ("mongo:7.0", "SSPL-1.0"),
    ("elasticsearch:7.10.2", "Apache-2.0"),
    ("elasticsearch:7.17.0", "SSPL-1.0 OR Elastic-2.0"),
    ("elasticsearch:8.15.3", "SSPL-1.0 OR Elastic-2.0"),
    ("elasticsearch:8.16.0", "AGPL-3.0-only OR SSPL-1.0 OR Elastic-2.0"),
    # RabbitMQ's release notes for 3.8.6 announce the move to MPL 2.0
    ("rabbitmq:3.8.5", "MPL-1.1"),
    ("rabbitmq:3.8.6-management", "MPL-2.0"),
])
def test_license_depends_on_the_version(image, expected):
    _tech, expression, why = t.lookup_version(image)
    assert expression == expected and why


def test_server_and_driver_are_told_apart():
    assert t.lookup("mongo").license == "SSPL-1.0"
    assert t.lookup("pymongo").license == "Apache-2.0"
    assert "driver" in t.lookup("mongo").note
