"""An app that does not import: a name used before it exists (the trace tests' bad input)."""
from flask import Flask

app = Flask(__name__)
app.config["X"] = undefined_setting  # noqa: F821 - the mistake under test
