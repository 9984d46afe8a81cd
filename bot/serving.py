"""HTTP mode's server: waitress, with a graceful stop on SIGTERM or SIGINT.

On the signal the server stops accepting connections, lets the requests in flight finish and their answers go out
(up to GRACE_SECONDS), then stops the worker threads. Waitress's own `serve` has no such stop: the default SIGTERM
ends the process mid-request."""

import logging
import signal
import threading
from collections.abc import Callable
from time import monotonic
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import create_server

logger = logging.getLogger(__name__)
GRACE_SECONDS = 25.0  # inside Kubernetes' default 30 s termination grace period
LOOP_SECONDS = 0.2


def serve(app: Callable[..., Any], *, host: str, port: int, threads: int, stop: threading.Event | None = None) -> None:
    """Serves until SIGTERM/SIGINT (or `stop` is set), then drains in-flight requests and returns."""
    server: Any = create_server(app, host=host, port=port, threads=threads, ident="covalis")
    stopping = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stopping.set())
    logger.info("serving on http://%s:%s", host, port)
    while not stopping.is_set():
        server.asyncore.loop(timeout=LOOP_SECONDS, map=server._map, count=1)
    logger.info("stopping: no new connections; finishing the requests in flight")
    server.accepting = False
    server.del_channel()  # the listening socket leaves the loop; the connections stay until their answers are out
    server.socket.close()
    deadline = monotonic() + GRACE_SECONDS
    while _busy(server) and monotonic() < deadline:
        server.asyncore.loop(timeout=LOOP_SECONDS, map=server._map, count=1)
    server.task_dispatcher.shutdown(timeout=max(0.0, deadline - monotonic()))
    logger.info("stopped")


def _busy(server: Any) -> bool:
    """A request is being worked on, waits for a worker, or has an answer not yet written out."""
    dispatcher = server.task_dispatcher
    if dispatcher.active_count or dispatcher.queue:
        return True
    return any(
        isinstance(channel, HTTPChannel) and (channel.requests or channel.total_outbufs_len)
        for channel in list(server._map.values())
    )
