"""A Flask-Sock app for the trace tests: /ws echoes one message."""
from flask import Flask
from flask_sock import Sock

app = Flask(__name__)
sock = Sock(app)


@sock.route("/ws")
def echo(ws):
    ws.send(ws.receive())
