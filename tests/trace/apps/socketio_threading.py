"""A Flask-SocketIO app (threading mode) for the trace tests: echoes 'message' events."""
from flask import Flask
from flask_socketio import SocketIO, emit

app = Flask(__name__)
socketio = SocketIO(app, async_mode="threading")


@socketio.on("message")
def on_message(data):
    emit("echo", data)
