"""The requests ``reportgen trace`` sends to the app: plain sockets, bounded timeouts.

* ``tcp``: one connection and a minimal ``GET`` (HTTP/1.0), read to the end;
* ``http``: one request with several headers;
* ``ws``: a real WebSocket opening handshake (the ``Sec-WebSocket-Accept`` answer is
  checked), one masked text frame to the server, one frame read back, then a close;
* ``socketio``: the same over Engine.IO's WebSocket transport
  (``/socket.io/?EIO=4&transport=websocket``): open packet, namespace connect, one event.

A server that does not answer in time raises :class:`NoAnswer`; a closed connection
without an answer raises :class:`Dropped`.  Both carry a one-line message.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
import time
from dataclasses import dataclass, field

WS_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
DEFAULT_HEADERS = (
    ("User-Agent", "reportgen-trace"),
    ("Accept", "text/html, application/json;q=0.9"),
    ("Accept-Language", "en-US"),
    ("X-Reportgen-Trace", "1"),
    ("Cookie", "session=trace"),
)


class RequestFailed(Exception):
    """A request that did not get the answer it needs (message: one line)."""


class NoAnswer(RequestFailed):
    pass


class Dropped(RequestFailed):
    pass


@dataclass
class Request:
    kind: str  # tcp | http | ws | socketio
    path: str = "/"
    method: str = "GET"
    headers: list[tuple[str, str]] = field(default_factory=list)

    def short(self) -> str:
        """How an error message names the request: ``GET /``, ``WebSocket upgrade GET /ws``."""
        if self.kind == "ws":
            return f"the WebSocket upgrade GET {self.path}"
        if self.kind == "socketio":
            return f"the Socket.IO connection GET {self.path}"
        return f"{self.method} {self.path}"

    def describe(self) -> str:
        if self.kind == "tcp":
            return f"TCP connection, then {self.method} {self.path} HTTP/1.0"
        if self.kind == "http":
            names = ", ".join(h for h, _ in self.headers)
            return f"{self.method} {self.path} with headers {names}"
        if self.kind == "ws":
            return f"WebSocket upgrade GET {self.path}, one masked text frame each way, close"
        return f"Socket.IO over WebSocket GET {self.path}?EIO=4&transport=websocket, connect, one event each way, close"


def parse_request(text: str) -> Request:
    """``"GET /items; X-Token: 1"``, ``"WS /chat"``, ``"SOCKETIO /socket.io/"``, ``"TCP /"``."""
    head, *header_parts = [p.strip() for p in text.split(";")]
    words = head.split()
    if not words or len(words) > 2:
        raise ValueError(f"'{text}': expected 'METHOD /path[; Header: value ...]'")
    method = words[0].upper()
    path = words[1] if len(words) == 2 else "/"
    if not path.startswith("/"):
        raise ValueError(f"'{text}': the path must start with '/'")
    headers = []
    for part in header_parts:
        if not part:
            continue
        name, sep, value = part.partition(":")
        if not sep or not name.strip():
            raise ValueError(f"'{text}': '{part}' is not a 'Name: value' header")
        headers.append((name.strip(), value.strip()))
    if method in ("WS", "WEBSOCKET"):
        return Request("ws", path, "GET", headers)
    if method in ("SOCKETIO", "SOCKET.IO"):
        return Request("socketio", path, "GET", headers)
    if method == "TCP":
        return Request("tcp", path, "GET", headers)
    if not method.isalpha():
        raise ValueError(f"'{text}': '{words[0]}' is not an HTTP method")
    return Request("http", path, method, headers)


def send(req: Request, port: int, timeout: float, host: str = "127.0.0.1") -> str:
    """Send one request; returns a short account of the answer (``"HTTP 200"``)."""
    deadline = time.monotonic() + timeout
    try:
        sock = socket.create_connection((host, port), timeout=timeout)
    except socket.timeout:
        raise NoAnswer(f"no TCP connection to {host}:{port} within {timeout:g} s") from None
    except OSError as exc:
        raise Dropped(f"cannot connect to {host}:{port} ({exc.strerror or exc})") from None
    try:
        if req.kind in ("tcp", "http"):
            return _http(sock, req, host, port, deadline)
        if req.kind == "ws":
            return _websocket(sock, req, host, port, deadline)
        return _socketio(sock, req, host, port, deadline)
    except NoAnswer as exc:
        raise NoAnswer(f"{exc} did not come within {timeout:g} s") from None
    finally:
        sock.close()


# --------------------------------------------------------------------------- HTTP
def _recv(sock: socket.socket, deadline: float, what: str) -> bytes:
    left = deadline - time.monotonic()
    if left <= 0:
        raise NoAnswer(what)
    sock.settimeout(left)
    try:
        return sock.recv(65536)
    except socket.timeout:
        raise NoAnswer(what) from None
    except ConnectionError:
        return b""


def _read_head(sock: socket.socket, deadline: float, what: str) -> tuple[int, dict[str, str], bytes]:
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = _recv(sock, deadline, what)
        if not chunk:
            raise Dropped(f"the server closed the connection before {what}" + (" was complete" if buf else " came"))
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ", 2)
    try:
        status = int(parts[1])
    except (IndexError, ValueError):
        raise Dropped(f"the answer is not HTTP: {lines[0][:60]!r}") from None
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest


def _http(sock, req: Request, host, port, deadline) -> str:
    version = "HTTP/1.0" if req.kind == "tcp" else "HTTP/1.1"
    headers = [("Host", f"{host}:{port}")] + list(req.headers) + [("Connection", "close")]
    text = f"{req.method} {req.path} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    sock.sendall(text.encode("latin-1"))
    status, head, body = _read_head(sock, deadline, "the HTTP answer")
    length = int(head.get("content-length", "-1") or -1)
    while length < 0 or len(body) < length:  # read the body: the app finishes its work
        chunk = _recv(sock, deadline, "the end of the HTTP answer")
        if not chunk:
            break
        body += chunk
    return f"HTTP {status}"


# --------------------------------------------------------------------------- WebSocket
def _handshake(sock, path: str, extra: list[tuple[str, str]], host, port, deadline) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    headers = [("Host", f"{host}:{port}"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
               ("Sec-WebSocket-Key", key), ("Sec-WebSocket-Version", "13")] + list(extra)
    text = f"GET {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    sock.sendall(text.encode("latin-1"))
    status, head, rest = _read_head(sock, deadline, "the answer to the WebSocket upgrade")
    if status != 101:
        raise RequestFailed(f"answered {status}, not 101 Switching Protocols")
    want = base64.b64encode(hashlib.sha1(key.encode() + WS_GUID).digest()).decode()
    if head.get("sec-websocket-accept") != want:
        raise RequestFailed(f"the server's Sec-WebSocket-Accept is {head.get('sec-websocket-accept')!r}, not {want!r}")
    return rest


def encode_frame(payload: bytes, opcode: int = 1) -> bytes:
    """One final, masked client frame (RFC 6455 section 5.2)."""
    mask = os.urandom(4)
    n = len(payload)
    if n < 126:
        head = struct.pack("!BB", 0x80 | opcode, 0x80 | n)
    elif n < 1 << 16:
        head = struct.pack("!BBH", 0x80 | opcode, 0x80 | 126, n)
    else:
        head = struct.pack("!BBQ", 0x80 | opcode, 0x80 | 127, n)
    return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class _Frames:
    def __init__(self, sock, buf: bytes):
        self.sock, self.buf = sock, buf

    def _need(self, n: int, deadline: float) -> bytes:
        while len(self.buf) < n:
            chunk = _recv(self.sock, deadline, "a WebSocket frame from the server")
            if not chunk:
                raise Dropped("the server closed the connection before sending a frame")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def read(self, deadline: float) -> tuple[int, bytes]:
        b0, b1 = self._need(2, deadline)
        n = b1 & 0x7F
        if n == 126:
            (n,) = struct.unpack("!H", self._need(2, deadline))
        elif n == 127:
            (n,) = struct.unpack("!Q", self._need(8, deadline))
        mask = self._need(4, deadline) if b1 & 0x80 else None
        data = self._need(n, deadline)
        if mask:
            data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        return b0 & 0x0F, data


def _close(sock, frames: _Frames, deadline: float) -> None:
    try:
        sock.sendall(encode_frame(struct.pack("!H", 1000), opcode=8))
        end = min(deadline, time.monotonic() + 2)
        while True:
            opcode, _ = frames.read(end)
            if opcode == 8:
                return
    except (RequestFailed, OSError):
        return  # the close is a courtesy; the work being traced is done


def _websocket(sock, req: Request, host, port, deadline) -> str:
    frames = _Frames(sock, _handshake(sock, req.path, req.headers, host, port, deadline))
    sock.sendall(encode_frame(b"hello from reportgen trace"))
    got = "no frame back"
    try:
        opcode, data = frames.read(min(deadline, time.monotonic() + 3))
        got = f"a frame back (opcode {opcode}, {len(data)} bytes)"
    except NoAnswer:
        pass  # an app that does not answer a message is still traced up to the frame it read
    _close(sock, frames, deadline)
    return f"HTTP 101, {got}"


def _socketio(sock, req: Request, host, port, deadline) -> str:
    path = req.path.rstrip("/") + "/?EIO=4&transport=websocket"
    frames = _Frames(sock, _handshake(sock, path, req.headers, host, port, deadline))
    opcode, data = frames.read(deadline)
    if not data.startswith(b"0"):
        raise RequestFailed(f"expected the Engine.IO open packet, got {data[:40]!r}")
    sock.sendall(encode_frame(b"40"))  # Socket.IO CONNECT to the default namespace
    while True:
        opcode, data = frames.read(deadline)
        if data.startswith(b"2"):  # Engine.IO ping
            sock.sendall(encode_frame(b"3"))
            continue
        if data.startswith(b"40"):
            break
        if data.startswith(b"44"):
            raise RequestFailed(f"the Socket.IO server refused the connection: {data[2:80].decode('utf-8', 'replace')}")
    sock.sendall(encode_frame(b"42" + json.dumps(["message", "hello from reportgen trace"]).encode()))
    got = "no event back"
    try:
        end = min(deadline, time.monotonic() + 3)
        while True:
            opcode, data = frames.read(end)
            if data.startswith(b"42"):
                got = "an event back"
                break
    except NoAnswer:
        pass
    _close(sock, frames, deadline)
    return f"HTTP 101, Socket.IO connected, {got}"
