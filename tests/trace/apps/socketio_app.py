"""A Flask-SocketIO app for the trace tests: echoes 'message' events.

The async mode comes from SOCKETIO_MODE (threading, eventlet or gevent); eventlet and
gevent patch the standard library first, as their documentation asks.
"""
import os

MODE = os.environ.get("SOCKETIO_MODE", "threading")
if MODE == "eventlet":
    import eventlet

    eventlet.monkey_patch()
elif MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO, emit  # noqa: E402

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE)


@socketio.on("message")
def on_message(data):
    emit("echo", data)
