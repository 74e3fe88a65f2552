"""``reportgen schema``: print the JSON Schema of the notes format."""

from __future__ import annotations

import json

import click


@click.command(name="schema")
def command() -> None:
    """Print the JSON Schema of the notes format (for editors and CI)."""
    from reportgen.notes import schema

    click.echo(json.dumps(schema(), indent=2))
