"""Digit shapes on held-apart faces: how well the number reader of extract/_digit_glyphs.py
reads numbers printed in a face whose digits are not among its templates.

For each family of Thai faces installed (the template faces of `template_faces()`, plus
any other upright face of those families, such as Umpush-Light), templates are built
from every template face except that family's (regular and bold are held apart
together), then numbers printed in each face of the family are read with `read_number`:
Thai and Arabic digits, 1-6 digits, some with `,` thousands and a `.` decimal part, at
14 pt (body text), scanned at 200 and 300 dpi, grey (JPEG) and bilevel, a little tilted,
blurred and noisy. A number the face cannot print (Noto Sans Thai and Noto Serif Thai have
no Arabic digits, `,` or `.`) is left out for that face. Each reading is

- right: sure, and the number printed;
- wrong and sure: a wrong number not flagged, the dangerous case;
- unsure: flagged (the OCR keeps Tesseract's reading and raises an issue) or not found.

The same numbers are read with the production templates (every face, the face itself
included) for comparison.

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/digit_faces.py [--numbers N]
        [--seed N] [--wrong] [FAMILY ...]
"""

from __future__ import annotations

import argparse
import functools
import io
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from kr_extract.extract._digit_glyphs import (
    FONT_DIRS,
    THAI_DIGITS,
    TLWG_FAMILIES,
    build_templates,
    family_of,
    read_number,
    template_faces,
    templates,
)

BODY_PT = 14
SCANS = [(dpi, mode) for dpi in (200, 300) for mode in ("grey", "bilevel")]
OUTCOMES = ("right", "wrong_sure", "unsure")


@dataclass(frozen=True)
class Number:
    printed: str  # as printed, Thai or Arabic digits
    value: str  # what a right reading gives: Arabic digits, separators kept


def numbers(count: int, seed: int) -> list[Number]:
    """`count` numbers in Thai digits and as many in Arabic digits: 1-6 digits, a third
    of those of 4 or more with thousands commas, a quarter with a decimal part."""
    import numpy as np

    rng = np.random.default_rng(seed)
    drawn = []
    for _ in range(count):
        length = int(rng.integers(1, 7))
        digits = "".join(str(d) for d in rng.integers(0, 10, length))
        if length > 1 and digits[0] == "0":
            digits = str(int(rng.integers(1, 10))) + digits[1:]
        value = digits
        if length >= 4 and rng.random() < 1 / 3:
            value = f"{int(digits):,}"
        if rng.random() < 0.25:
            value += "." + "".join(str(d) for d in rng.integers(0, 10, int(rng.integers(1, 3))))
        drawn.append(value)
    thai = str.maketrans("0123456789", THAI_DIGITS)
    return ([Number(v.translate(thai), v) for v in drawn]
            + [Number(v, v) for v in drawn])


def faces_measured(families: list[str]) -> dict[str, list[Path]]:
    """Family -> its faces: the template faces and the other upright faces of the
    template families found in the font folders (not italic, not oblique)."""
    faces = list(template_faces())
    known = {f.stem for f in faces}
    template_families = {family_of(f) for f in faces}
    for folder in FONT_DIRS:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if (family_of(path) in template_families and path.stem not in known
                    and "Italic" not in path.stem and "Oblique" not in path.stem
                    and path.suffix.lower() in (".ttf", ".otf")):
                faces.append(path)
                known.add(path.stem)
    by_family: dict[str, list[Path]] = defaultdict(list)
    for face in faces:
        if not families or family_of(face) in families:
            by_family[family_of(face)].append(face)
    order = {name: i for i, name in enumerate(TLWG_FAMILIES)}
    return dict(sorted(by_family.items(), key=lambda item: (order.get(item[0], 99), item[0])))


def held_apart_with(families: list[str]) -> dict[str, set[str]]:
    """Family -> the template families held apart when it is measured: itself and those
    whose Thai digits are drawn the same (TlwgTypo's are TlwgTypist's), else a face would
    be measured against its own digits under another name."""
    import numpy as np

    first_face = {}
    for face in template_faces():
        first_face.setdefault(family_of(face), face)
    digits = {}
    for family, face in first_face.items():
        shapes = build_templates((face,))
        digits[family] = shapes.matrix[:len(THAI_DIGITS)]  # Thai digits come first
    groups = {}
    for family in families:
        own = digits.get(family)
        groups[family] = {family} | {
            other for other, theirs in digits.items()
            if own is not None and float(np.mean((own * theirs).sum(axis=1))) > 0.97}
    return groups


def printable(face: Path, number: Number) -> bool:
    """Whether `face` has a glyph for every character of `number`."""
    return all(ord(c) in _characters_of(face) for c in number.printed)


@functools.cache
def _characters_of(face: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(face)).getBestCmap())


def scanned(face: Path, text: str, dpi: int, mode: str, seed: int):
    """`text` printed in `face` at BODY_PT and scanned: (image, the number's box). The box
    is the ink's width, a few pixels off as Tesseract's are, and the line's height."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = np.random.default_rng(seed)
    em = round(BODY_PT * dpi / 72)
    font = ImageFont.truetype(str(face), em)
    image = Image.new("L", (em * 8, em * 3), 255)
    origin = (em, em)
    ImageDraw.Draw(image).text(origin, text, font=font, fill=0)
    x0, top, x1, bottom = font.getbbox(text)
    paper, ink = 245, 25
    pixels = ink + np.asarray(image, dtype=np.float32) / 255 * (paper - ink)
    image = Image.fromarray(pixels.astype(np.uint8))
    image = image.rotate(float(rng.uniform(-0.6, 0.6)), resample=Image.BICUBIC,
                         fillcolor=paper)
    image = image.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.3, 0.7)) * dpi / 300))
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, 6, (image.height,
                                                                      image.width))
    image = Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8))
    if mode == "bilevel":
        image = image.point(lambda v: 255 if v >= 128 else 0)
    else:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=75)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    jitter = rng.integers(-2, 3, 2) * dpi / 300
    margin = 0.25 * em
    box = (origin[0] + x0 + float(jitter[0]), origin[1] + top - margin,
           origin[0] + x1 + float(jitter[1]), origin[1] + bottom + margin)
    return image, box


def outcome(reading, number: Number) -> str:
    if reading is None or not reading.sure:
        return "unsure"
    return "right" if reading.text == number.value else "wrong_sure"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("families", nargs="*", help="measure these families only")
    parser.add_argument("--numbers", type=int, default=24,
                        help="numbers drawn per script (default 24: 48 a face and scan)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--wrong", action="store_true",
                        help="list every number read wrong and sure")
    args = parser.parse_args()

    started = time.perf_counter()
    production = templates()
    print(f"production templates: {len(template_faces())} faces, {len(production.values)} "
          f"shapes, built in {time.perf_counter() - started:.2f} s")
    if not production.values:
        sys.exit("no template faces installed (fonts-thai-tlwg, fonts-noto-core)")
    drawn = numbers(args.numbers, args.seed)
    totals: dict[tuple[str, str], Counter] = defaultdict(Counter)
    wrong: list[str] = []
    print(f"{'face':<26}{'dpi':>4}{'n':>5}   held apart: right wrong-sure unsure"
          "   all faces: right wrong-sure unsure")
    measured = faces_measured(args.families)
    groups = held_apart_with(list(measured))
    for family, faces in measured.items():
        if len(groups[family]) > 1:
            print(f"{family}: held apart with {', '.join(sorted(groups[family] - {family}))}"
                  ", whose Thai digits are the same")
        held = build_templates(tuple(f for f in template_faces()
                                     if family_of(f) not in groups[family]))
        for face in faces:
            shown = [n for n in drawn if printable(face, n)]
            for dpi in (200, 300):
                counts = {"held": Counter(), "all": Counter()}
                for mode in ("grey", "bilevel"):
                    for i, number in enumerate(shown):
                        image, box = scanned(face, number.printed, dpi, mode,
                                             seed=args.seed * 100_003 + i)
                        for setting, shapes in (("held", held), ("all", production)):
                            reading = read_number(image, box, shapes)
                            result = outcome(reading, number)
                            counts[setting][result] += 1
                            totals[(setting, f"{dpi} {mode}")][result] += 1
                            totals[(setting, "all")][result] += 1
                            if result == "wrong_sure" and args.wrong:
                                wrong.append(f"{setting:>4} {face.stem} {dpi} {mode}: "
                                             f"{number.printed} read {reading.text}")
                n = 2 * len(shown)
                print(f"{face.stem:<26}{dpi:>4}{n:>5}   " + "   ".join(
                    " ".join(f"{counts[s][o]:>{w}}" for o, w in zip(
                        OUTCOMES, (17, 10, 6), strict=True)) for s in ("held", "all")))
    print()
    for scan in [f"{d} {m}" for d, m in SCANS] + ["all"]:
        print(f"{'total ' + scan:<30}", end="")
        for setting in ("held", "all"):
            c = totals[(setting, scan)]
            n = sum(c.values()) or 1
            print(f"   {setting}: " + " ".join(f"{o} {c[o] / n:6.1%}" for o in OUTCOMES),
                  end="")
        print()
    for line in wrong:
        print(line)
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
