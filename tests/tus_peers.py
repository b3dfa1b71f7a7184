"""A TCP relay between a tus client and the reference server (127.0.0.1), for the interop tests:
it counts the bytes going up, may slow them (so a client can be killed mid-PATCH) and may cut
every connection after a number of bytes (a network drop in the middle of a body)."""

from __future__ import annotations

import socket
import threading
import time


class Relay:
    def __init__(self, target_port: int, *, rate: float | None = None, cut_after: int | None = None) -> None:
        self.target_port = target_port
        self.rate = rate  # bytes per second going up, or None
        self.cut_after = cut_after  # up bytes (all connections) after which every connection is cut
        self.up_bytes = 0
        self.cuts = 0
        self.open_pumps = 0  # connections still carrying bytes up (0: the server has all it will get)
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._socks: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._socks += [client, upstream]
            threading.Thread(target=self._pump_up, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pump_down, args=(upstream, client), daemon=True).start()

    def _pump_up(self, src: socket.socket, dst: socket.socket) -> None:
        with self._lock:
            self.open_pumps += 1
        try:
            while True:
                data = src.recv(16384)
                if not data:
                    break
                with self._lock:
                    budget = None if self.cut_after is None else self.cut_after - self.up_bytes
                    if budget is not None and budget <= len(data):
                        data = data[:max(0, budget)]
                    self.up_bytes += len(data)
                if data:
                    dst.sendall(data)
                if budget is not None and budget <= len(data):
                    with self._lock:
                        self.cuts += 1
                        self.cut_after = None  # one cut; later connections pass through
                    break
                if self.rate:
                    time.sleep(len(data) / self.rate)
        except OSError:
            pass
        for s in (src, dst):  # the client went away (or was cut): the server sees the body end here
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self._lock:
            self.open_pumps -= 1

    def _pump_down(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close(self) -> None:
        self._closing.set()
        self.listener.close()
        with self._lock:
            socks = list(self._socks)
        for s in socks:
            try:
                s.close()
            except OSError:
                pass
        self._thread.join(timeout=5)
