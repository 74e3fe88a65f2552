"""A server started by its own script (the trace tests' --command case): python serve_script.py PORT."""
import sys

from flask import Flask, request
from werkzeug.serving import run_simple

app = Flask(__name__)


@app.route("/")
def index():
    return request.headers.get("Accept", "")


if __name__ == "__main__":
    run_simple("127.0.0.1", int(sys.argv[1]), app, threaded=True)
