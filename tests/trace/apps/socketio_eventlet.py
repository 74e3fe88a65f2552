"""A Flask-SocketIO app under eventlet for the trace tests: echoes 'message' events."""
import eventlet

eventlet.monkey_patch()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, emit  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode="eventlet")


@socketio.on("message")
def on_message(data):
    emit("echo", data)
