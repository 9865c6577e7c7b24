"""A loopback socket that counts the connections offered to it: the witness of the SSRF tests."""

from __future__ import annotations

import select
import socket


class Listener:
    """A socket on 127.0.0.2 (loopback, not the service's address) counting connections offered.

    Its port is an ephemeral one, because pyoxigraph's HTTP client refuses port 9 by itself: a
    test on port 9 alone would pass even without the guard. `url` is `path` on it."""

    def __init__(self, path: str = "/") -> None:
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.2", 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.2:{self.port}{path}"

    def connections(self, wait: float = 0.1) -> int:
        """Accept and count what is waiting, `wait` seconds for the first, 0.05 for each next."""
        count = 0
        while select.select([self.sock], [], [], wait)[0]:
            connection, _ = self.sock.accept()
            connection.close()
            count += 1
            wait = 0.05
        return count

    def close(self) -> None:
        self.sock.close()
