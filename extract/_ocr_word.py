"""One word of Tesseract's output, as the OCR reader and the checkbox finder pass it on."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class OcrWord:
    text: str
    confidence: float
    x0: float
    top: float
    x1: float
    bottom: float
    # Whether Tesseract's own text output puts a space before the word (None: unknown).
    space_before: bool | None = None
