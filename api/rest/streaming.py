"""Stream what a blocking writer produces (a store dump) to an HTTP response, in chunks.

The writer runs in its own thread and fills a bounded queue, so memory stays at a few chunks
whatever the dataset's size and a slow client slows the dump down; when the client goes away the
next write raises and the writer stops.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import AsyncIterator, Callable
from typing import BinaryIO

from anyio import to_thread

CHUNK = 256 * 1024
DEPTH = 8
_DONE = object()


class _Closed(Exception):
    """The response was abandoned: stop writing."""


class _QueueWriter:
    """A write-only binary file that hands full chunks to a queue."""

    def __init__(self, chunks: queue.Queue, stop: threading.Event) -> None:
        self._chunks = chunks
        self._stop = stop
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        if self._stop.is_set():
            raise _Closed
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self._put(bytes(self._buffer))
            self._buffer.clear()

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Closed


async def stream(write: Callable[[BinaryIO], None]) -> AsyncIterator[bytes]:
    """Run `write(file)` in a thread and yield its output; an error in it ends the stream early."""
    chunks: queue.Queue = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()
    failure: list[BaseException] = []

    def produce() -> None:
        writer = _QueueWriter(chunks, stop)
        try:
            write(writer)  # type: ignore[arg-type]
            writer.flush()
        except _Closed:
            return
        except Exception as exc:  # noqa: BLE001 - any failure is handed to the reading side, which re-raises it
            failure.append(exc)
        try:
            writer._put(_DONE)
        except _Closed:
            pass

    thread = threading.Thread(target=produce, name="dump-writer", daemon=True)
    thread.start()
    try:
        while True:
            item = await to_thread.run_sync(chunks.get)
            if item is _DONE:
                break
            yield item  # type: ignore[misc]
    finally:
        stop.set()
    if failure:
        raise failure[0]


async def primed(chunks: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Read the first chunk now, so an error before any output is still an ordinary error response."""
    try:
        first = await chunks.__anext__()
    except StopAsyncIteration:
        first = b""

    async def rest() -> AsyncIterator[bytes]:
        yield first
        async for chunk in chunks:
            yield chunk

    return rest()
