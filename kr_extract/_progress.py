"""A one-line progress bar for long batches, drawn on a terminal only.

Redrawn at most ten times a second, so it costs nothing next to parsing; erased when the
batch ends, so the summary that follows stands alone.
"""

from __future__ import annotations

import time
from typing import TextIO

_WIDTH = 30
_EVERY = 0.1  # seconds between redraws


class Progress:
    """Counts documents; draws on `stream` when it is given and is a terminal."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.total = total
        self.done = 0
        self._stream = stream if stream is not None and stream.isatty() else None
        self._started = time.monotonic()
        self._drawn = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._stream is None:
            return
        now = time.monotonic()
        if now - self._drawn >= _EVERY or self.done == self.total:
            self._drawn = now
            self._stream.write("\r" + self.line(now - self._started))
            self._stream.flush()

    def line(self, elapsed: float) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = round(share * _WIDTH)
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate else 0.0
        return (f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {self.done}/{self.total} "
                f"{share:4.0%}  {rate:.0f} doc/s  {int(left) // 60}:{int(left) % 60:02d} left")

    def close(self) -> None:
        if self._stream is not None and self.done:
            self._stream.write("\r\x1b[K")  # erase the bar
            self._stream.flush()
