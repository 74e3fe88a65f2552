"""Apps that misbehave mid-request, for the trace tests' bad input."""
import os
import time

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index():
    return "ok"


@app.route("/crash")
def crash():
    os._exit(7)  # the process dies while answering


@app.route("/error")
def error():
    return 1 / 0


@app.route("/hang")
def hang():
    time.sleep(120)
    return "late"
