"""A Flask-SocketIO app under gevent for the trace tests: echoes 'message' events."""
from gevent import monkey

monkey.patch_all()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, emit  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="gevent")


@socketio.on("message")
def on_message(data):
    emit("echo", data)
