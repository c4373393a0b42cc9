"""Generated corpora for the benchmark and the scale check.

`generate_corpus` writes N documents made from the samples (`samples/*.txt`), each one
different: indicator codes, person names and numbers are redrawn, some numbers are
printed in Thai digits, and a few files are saved as UTF-8 with BOM, UTF-16, cp874 or
with CRLF line ends, as offices' software does. The bad inputs come from
`tests/bad_inputs.py`, the same cases `tests/test_bad_input.py` checks one by one.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

sys.path.insert(0, str(ROOT / "tests"))
from bad_inputs import write_bad_input_zoo  # noqa: E402

__all__ = ["generate_corpus", "sample_texts", "vary", "write_bad_input_zoo"]

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_CODE = re.compile(r"(รหัส\s*OKRs\s*)([0-9๐-๙]{4})")
_DASHED_CODE = re.compile(r"\b(?!25)([0-9]{4})-([0-9]{4})\b")
_PERSON = re.compile(r"\((นางสาว|นาย|นาง)(\S+) (\S+)\)")
# Small numbers only: years (25xx), section numbers (8.3) and totals keep their shape.
_NUMBER = re.compile(r"(?<![0-9๐-๙.,])([0-9๐-๙]{1,3})(?![0-9๐-๙.,])")
_FIRST = ["สมชาย", "สมศรี", "วิไล", "ประเสริฐ", "กาญจนา", "ณัฐพล", "อรุณี", "ธนกร", "พิมพ์ชนก",
          "สุรเชษฐ์", "จันทร์เพ็ญ", "วรวุฒิ"]
_LAST = ["ใจดี", "ศรีสุข", "บุญมา", "แก้วมณี", "ทองคำ", "รุ่งเรือง", "วงศ์ไทย", "สุขสวัสดิ์",
         "พงษ์พันธ์", "อินทร์แก้ว"]


def sample_texts(names: list[str] | None = None) -> list[tuple[str, str]]:
    """(name, text) of the samples the corpus is made from."""
    paths = sorted(SAMPLES.glob("*.txt"))
    if names:
        paths = [p for p in paths if any(p.name.startswith(n) for n in names)]
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def vary(text: str, rng: random.Random) -> str:
    """The same form with other codes, names and numbers."""
    def number(match: re.Match[str]) -> str:
        digits = match.group(1)
        if rng.random() > 0.3:
            return digits
        new = str(rng.randrange(10 ** (len(digits) - 1) if len(digits) > 1 else 0,
                                10 ** len(digits)))
        thai = any("๐" <= c <= "๙" for c in digits) or rng.random() < 0.1
        return new.translate(_THAI_DIGITS) if thai else new

    def code(match: re.Match[str]) -> str:
        new = f"{rng.randrange(1000, 10000)}"
        thai = any("๐" <= c <= "๙" for c in match.group(2))
        return match.group(1) + (new.translate(_THAI_DIGITS) if thai else new)

    text = _CODE.sub(code, text)
    text = _DASHED_CODE.sub(
        lambda m: f"{rng.randrange(1000, 10000)}-{rng.randrange(1000, 10000)}", text)
    text = _PERSON.sub(
        lambda m: f"({m.group(1)}{rng.choice(_FIRST)} {rng.choice(_LAST)})", text)
    return _NUMBER.sub(number, text)


def encode(text: str, rng: random.Random) -> bytes:
    """Mostly UTF-8; now and then what other office software writes."""
    roll = rng.random()
    if roll < 0.05:
        text = text.replace("\n", "\r\n")
    if roll < 0.90:
        return text.encode("utf-8")
    if roll < 0.94:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if roll < 0.97:
        return text.encode("utf-16")
    try:
        return text.encode("cp874")
    except UnicodeEncodeError:  # a character cp874 lacks (e.g. a checkbox mark)
        return text.encode("utf-8")


def generate_corpus(folder: Path, n_docs: int, *, seed: int = 1,
                    samples: list[str] | None = None) -> tuple[int, int]:
    """Write `n_docs` documents under `folder` (1,000 per subfolder); returns
    (files, bytes)."""
    rng = random.Random(seed)
    templates = sample_texts(samples)
    total = 0
    for i in range(n_docs):
        name, text = templates[i % len(templates)]
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = encode(vary(text, rng), rng)
        (sub / f"{i:05d}_{name[:3]}.txt").write_bytes(data)
        total += len(data)
    return n_docs, total
