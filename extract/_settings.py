"""How documents are read: one validated settings object, passed down to the readers.

The batch makes one per worker (each worker gets its share of the machine's cores for
the OCR of a scan's pages); a caller reading one file takes the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import UsageError


@dataclass(frozen=True)
class ReadSettings:
    max_pages: int | None = None  # a PDF or image with more pages is refused unread
    ocr_workers: int | None = None  # pages OCR'd at once; None: one per core

    def __post_init__(self) -> None:
        if self.max_pages is not None and self.max_pages < 1:
            raise UsageError(f"max_pages must be at least 1, not {self.max_pages}")
        if self.ocr_workers is not None and self.ocr_workers < 1:
            raise UsageError(f"ocr_workers must be at least 1, not {self.ocr_workers}")

    @property
    def pages_at_once(self) -> int:
        return self.ocr_workers or os.cpu_count() or 1
