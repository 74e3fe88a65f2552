"""A Flask app for the trace tests: one page that reads a request header."""
from flask import Flask, request

app = Flask(__name__)


@app.route("/")
def index():
    return f"hello {request.headers.get('User-Agent', '?')}"
