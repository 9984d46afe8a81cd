"""A loopback stand-in for Slack's Socket Mode WebSocket endpoint (``wss://wss-primary.slack.com/link``).

The Web API stand-in answers ``apps.connections.open`` with :attr:`FakeSocketModeServer.url`; the app dials it the
way it dials Slack, and the test plays Slack's side: ``hello``, then envelopes (a slash command, an interaction),
and waits for the app's acknowledgements (``{"envelope_id": …}``) coming back over the socket.

Plain ``ws://`` on 127.0.0.1 (slack_sdk's built-in client connects without TLS to a port other than 443), and a
small RFC 6455 server on the standard library: the opening handshake, unmasked text frames from server to client,
masked frames from the client (unmasked ones are refused, as the RFC says), ping/pong and the closing handshake.
Fragmented messages are not supported: neither Slack's envelopes nor slack_sdk's acks use them.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import socket
import struct
import threading
from types import TracebackType
from typing import Any, Self

__all__ = ["FakeSocketModeServer"]

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_TEXT, OP_CLOSE, OP_PING, OP_PONG = 0x1, 0x8, 0x9, 0xA
CLOSE_NORMAL, CLOSE_PROTOCOL_ERROR = 1000, 1002


def _frame(opcode: int, payload: bytes) -> bytes:
    """One final, unmasked frame: a server never masks (RFC 6455 §5.1)."""
    head = bytes([0x80 | opcode])
    if len(payload) < 126:
        head += bytes([len(payload)])
    elif len(payload) < 1 << 16:
        head += bytes([126]) + struct.pack("!H", len(payload))
    else:
        head += bytes([127]) + struct.pack("!Q", len(payload))
    return head + payload


class _Connection:
    """One accepted client: its socket, and a reader thread that answers pings and collects text messages."""

    def __init__(self, server: FakeSocketModeServer, sock: socket.socket) -> None:
        self.server = server
        self.sock = sock
        self._send_lock = threading.Lock()
        self.open = False  # the opening handshake is done
        self.closed = False
        self.thread = threading.Thread(target=self._run, name="FakeSocketMode-conn", daemon=True)

    def send(self, opcode: int, payload: bytes) -> None:
        with self._send_lock:
            self.sock.sendall(_frame(opcode, payload))

    def close(self, code: int = CLOSE_NORMAL) -> None:
        """Send a close frame and shut the socket down; the reader thread then sees EOF and closes the socket."""
        if self.closed:
            return
        self.closed = True
        try:
            self.send(OP_CLOSE, struct.pack("!H", code))
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # the client is already gone

    def _recv_exactly(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("the client closed the connection")
            data += chunk
        return data

    def _handshake(self) -> bool:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = self.sock.recv(1024)
            if not chunk:
                return False
            request += chunk
        lines = request.decode("latin-1").split("\r\n")
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        key = headers.get("sec-websocket-key")
        if not lines[0].startswith("GET ") or headers.get("upgrade", "").lower() != "websocket" or not key:
            self.sock.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return False
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.sock.sendall(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )
        return True

    def _read_frame(self) -> tuple[int, bytes]:
        first, second = self._recv_exactly(2)
        opcode, length = first & 0x0F, second & 0x7F
        if length == 126:
            (length,) = struct.unpack("!H", self._recv_exactly(2))
        elif length == 127:
            (length,) = struct.unpack("!Q", self._recv_exactly(8))
        if not second & 0x80:
            raise ValueError("the client sent an unmasked frame (RFC 6455 §5.1 requires a mask)")
        if not first & 0x80:
            raise ValueError("fragmented messages are not supported by this stand-in")
        mask = self._recv_exactly(4)
        payload = self._recv_exactly(length)
        return opcode, bytes(byte ^ key for byte, key in zip(payload, itertools.cycle(mask)))

    def _run(self) -> None:
        try:
            if not self._handshake():
                return
            self.server._connected(self)
            while True:
                opcode, payload = self._read_frame()
                if opcode == OP_PING:
                    self.send(OP_PONG, payload)
                elif opcode == OP_TEXT:
                    self.server._received(json.loads(payload.decode("utf-8")))
                elif opcode == OP_CLOSE:
                    self.close()
                    return
        except ValueError as exc:  # a protocol error by the client: tell the test, and close as the RFC says
            self.server._record_error(exc)
            self.close(CLOSE_PROTOCOL_ERROR)
        except OSError:  # EOF or our own close(): the connection is over
            pass
        finally:
            self.closed = True  # also when the client just went away: send() must not pick this connection
            self.sock.close()


class FakeSocketModeServer:
    """Slack's side of a Socket Mode connection, on 127.0.0.1 and a free port.

    Use as a context manager; set ``FakeSlackApi.socket_mode_url`` to :attr:`url`. Everything the app sends is kept
    in :attr:`received` (decoded JSON), and :meth:`wait_for_ack` blocks until an envelope is acknowledged.
    """

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.errors: list[BaseException] = []
        self._connections: list[_Connection] = []
        self._cond = threading.Condition()
        self._envelope_ids = itertools.count(1)
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)  # accept() in short rounds, so that stop() can end the server thread
        self._thread = threading.Thread(target=self._accept, name="FakeSocketMode", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close the listener and every connection, wait for their threads; re-raise a client's protocol error."""
        self._stopping.set()
        threads = [self._thread] if self._thread is not None else []
        if self._thread is not None:
            self._thread.join(timeout=5)  # first, so that no connection is accepted after the ones closed below
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            connection.close()
        for thread in [*threads, *(c.thread for c in connections)]:
            thread.join(timeout=5)
            assert not thread.is_alive(), f"{thread.name} did not stop"
        if self._listener is not None:
            self._listener.close()
        self._listener = self._thread = None
        if self.errors:
            raise RuntimeError(f"the Socket Mode client broke the protocol: {self.errors[0]}") from self.errors[0]

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """What ``apps.connections.open`` answers: Slack's path and a ticket, on a loopback port."""
        if self._listener is None:
            raise RuntimeError("FakeSocketModeServer is not started")
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=test-ticket&app_id=A0000TEST"

    def _accept(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            connection = _Connection(self, sock)
            with self._cond:
                self._connections.append(connection)
            connection.thread.start()

    # ------------------------------------------------------------------ called from connection threads

    def _connected(self, connection: _Connection) -> None:
        with self._cond:
            connection.open = True
            self._cond.notify_all()

    def _received(self, message: dict[str, Any]) -> None:
        with self._cond:
            self.received.append(message)
            self._cond.notify_all()

    def _record_error(self, exc: BaseException) -> None:
        with self._cond:
            self.errors.append(exc)
            self._cond.notify_all()

    # ------------------------------------------------------------------ Slack's side of the conversation

    def wait_for_connection(self, timeout: float) -> bool:
        """True once a client has completed the opening handshake; False when ``timeout`` passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self._current() is not None, timeout=timeout)

    def _current(self) -> _Connection | None:
        live = [c for c in self._connections if c.open and not c.closed]
        return live[-1] if live else None

    def send(self, message: dict[str, Any]) -> None:
        """Send one JSON message to the newest connected client."""
        with self._cond:
            connection = self._current()
        assert connection is not None, "no Socket Mode client is connected"
        connection.send(OP_TEXT, json.dumps(message).encode("utf-8"))

    def hello(self) -> None:
        """What Slack sends first on every new connection."""
        self.send(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 18060},
                "connection_info": {"app_id": "A0000TEST"},
            }
        )

    def envelope(self, kind: str, payload: dict[str, Any], *, accepts_response_payload: bool) -> str:
        """Send a request envelope (``slash_commands``, ``interactive``, ``events_api``); returns its envelope id."""
        envelope_id = f"00000000-0000-4000-8000-{next(self._envelope_ids):012d}"
        self.send(
            {
                "envelope_id": envelope_id,
                "payload": payload,
                "type": kind,
                "accepts_response_payload": accepts_response_payload,
            }
        )
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The app's acknowledgement of one envelope; Slack retries an envelope that is not acked within 3 s."""

        def ack() -> dict[str, Any] | None:
            return next((m for m in self.received if m.get("envelope_id") == envelope_id), None)

        with self._cond:
            found = self._cond.wait_for(ack, timeout=timeout)
            assert found is not None, f"envelope {envelope_id} not acknowledged within {timeout}s; got {self.received}"
            return found
