"""A scanner simulation for any PDF: the pages as a scanner would hand them back.

`scan_pdf` rasterizes a PDF (pypdfium2) and degrades each page the way paper scanners
do, then saves it in a container the pipeline reads as a scan (extract/_readers.py:
`.pdf` of images, read by OCR because it has no text layer; `.tif`/`.tiff` with one frame
a page; `.png`/`.jpg` one file a page). It knows nothing of how the PDF was made, so it
scans the fpdf2 printer's PDFs (tests/pdf_fixtures.py) and LibreOffice's (tests/
office_fixtures.py, tests/docx_fixtures.py) alike. What it does to a page, in order:

1. render at `dpi`, grey, anti-aliased;
2. paper and toner levels: white becomes `paper`, black becomes `ink` (no scan is 0/255);
3. specks (`speckle`, per cm²): dust and toner dots of 1-3 px, four in five dark on the
   paper, the rest light dropouts;
4. the page placed askew: a tilt drawn for each page between half of `tilt` and `tilt`
   degrees, either way, and shifted by up to `shift_mm` (the scanner's feed);
5. optics: gaussian blur of `blur` pixels (standard deviation, at the scan's dpi);
6. sensor noise: gaussian, standard deviation `noise` grey levels;
7. the scan mode: `grey` (8 bit), `bilevel` (black where darker than `threshold`, as
   document scanners' black-and-white mode does) or `dither` (Floyd-Steinberg, the
   "halftone" mode);
8. encoding: grey pages as JPEG at `jpeg` quality in PDF (at 95 when `jpeg` is None), TIFF
   (deflate when `jpeg` is None) and JPEG files, lossless in PNG; bilevel pages as CCITT
   group 4 (PDF, TIFF) or 1-bit PNG. A PDF carries no title or dates.

Everything random is drawn from `seed` and the page number, so a scan is the same on
every run and machine (given the same PDF renderer and Pillow).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

MODES = ("grey", "bilevel", "dither")
CONTAINERS = (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg")
MAX_TILT = 1.5  # degrees


@dataclass(frozen=True)
class Scanner:
    """The settings of one scan (see the module docstring for what each does)."""

    dpi: int = 300
    mode: str = "grey"
    tilt: float = 0.0  # degrees, the largest a page gets
    shift_mm: float = 0.0
    blur: float = 0.0  # pixels (gaussian standard deviation)
    noise: float = 0.0  # grey levels (gaussian standard deviation)
    speckle: float = 0.0  # specks per cm²
    paper: int = 245
    ink: int = 25
    threshold: int = 128  # bilevel: darker than this is black
    jpeg: int | None = 75  # quality of grey pages; None: lossless where the container allows
    seed: int = 1

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode {self.mode!r}: one of {', '.join(MODES)}")
        if not 0 <= self.tilt <= MAX_TILT:
            raise ValueError(f"tilt {self.tilt}: 0 to {MAX_TILT} degrees")
        if not 50 <= self.dpi <= 600:
            raise ValueError(f"dpi {self.dpi}: 50 to 600")
        if self.jpeg is not None and not 1 <= self.jpeg <= 95:
            raise ValueError(f"JPEG quality {self.jpeg}: 1 to 95")
        if not 0 <= self.ink < self.paper <= 255:
            raise ValueError("ink must be darker than paper, both 0-255")

    def describe(self) -> str:
        """A short label: `200dpi bilevel t128 tilt1.2 blur0.6 noise5 speckle1.1`."""
        parts = [f"{self.dpi}dpi", self.mode]
        if self.mode == "grey" and self.jpeg is not None:
            parts.append(f"q{self.jpeg}")
        if self.mode == "bilevel":
            parts.append(f"t{self.threshold}")
        for name, value in (("tilt", self.tilt), ("blur", self.blur), ("noise", self.noise),
                            ("speckle", self.speckle)):
            if value:
                parts.append(f"{name}{value:g}")
        return " ".join(parts)

    def key(self) -> str:
        """Every setting, for cache keys."""
        return repr(sorted(asdict(self).items()))


def scan_pdf(pdf: Path, out: Path, scanner: Scanner = Scanner(),
             pages: list[int] | None = None) -> list[Path]:
    """Scan `pdf` (its `pages`, 1-based; all by default) into `out`: one file for `.pdf`
    and `.tif`, else `NAME-1.png`, `NAME-2.png`, ... The files written, in page order."""
    import pypdfium2 as pdfium

    suffix = out.suffix.lower()
    if suffix not in CONTAINERS:
        raise ValueError(f"{out.name}: the container is one of {', '.join(CONTAINERS)}")
    document = pdfium.PdfDocument(str(pdf))
    try:
        numbers = [n for n in range(1, len(document) + 1) if pages is None or n in pages]
        images = [scan_page(document[n - 1], scanner, n) for n in numbers]
    finally:
        document.close()
    return save_scan(images, out, scanner)


def scan_page(page, scanner: Scanner, number: int = 1):
    """One pypdfium2 page scanned: a PIL image, mode `L` (grey) or `1` (bilevel, dither)."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng([scanner.seed, number])
    image = page.render(scale=scanner.dpi / 72, grayscale=True).to_pil().convert("L")
    pixels = np.asarray(image, dtype=np.float32) / 255.0
    pixels = scanner.ink + pixels * (scanner.paper - scanner.ink)
    pixels = _specks(pixels, scanner, rng)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), mode="L")
    angle = scanner.tilt * rng.uniform(0.5, 1.0) * rng.choice([-1.0, 1.0])
    shift = scanner.shift_mm * scanner.dpi / 25.4
    dx, dy = (float(v) for v in rng.uniform(-shift, shift, 2))
    if angle or dx or dy:
        image = image.rotate(angle, resample=Image.BICUBIC, expand=False,
                             translate=(round(dx), round(dy)), fillcolor=scanner.paper)
    if scanner.blur > 0:
        image = image.filter(ImageFilter.GaussianBlur(scanner.blur))
    pixels = np.asarray(image, dtype=np.float32)
    if scanner.noise > 0:
        pixels = pixels + rng.normal(0.0, scanner.noise, pixels.shape)
    image = Image.fromarray(np.clip(np.rint(pixels), 0, 255).astype(np.uint8), mode="L")
    if scanner.mode == "bilevel":
        return image.point(lambda v: 255 if v >= scanner.threshold else 0).convert(
            "1", dither=Image.Dither.NONE)
    if scanner.mode == "dither":
        return image.convert("1", dither=Image.Dither.FLOYDSTEINBERG)
    return image


def _specks(pixels, scanner: Scanner, rng):
    """Dust and toner specks: small discs, four in five dark, the rest paper-light."""
    import numpy as np

    if scanner.speckle <= 0:
        return pixels
    height, width = pixels.shape
    area_cm2 = (width / scanner.dpi * 2.54) * (height / scanner.dpi * 2.54)
    count = int(rng.poisson(scanner.speckle * area_cm2))
    scale = scanner.dpi / 300
    for y, x, radius, dark in zip(rng.integers(0, height, count), rng.integers(0, width, count),
                                  rng.uniform(0.5, 1.6, count) * scale, rng.random(count) < 0.8,
                                  strict=True):
        r = max(1, math.ceil(radius))
        y0, y1, x0, x1 = max(0, y - r), min(height, y + r + 1), max(0, x - r), min(width, x + r + 1)
        yy, xx = np.ogrid[y0:y1, x0:x1]
        disc = (yy - y) ** 2 + (xx - x) ** 2 <= radius ** 2
        pixels[y0:y1, x0:x1][disc] = scanner.ink + 15 if dark else scanner.paper
    return pixels


def save_scan(images: list, out: Path, scanner: Scanner) -> list[Path]:
    """Write scanned pages into `out`'s container (see `scan_pdf`)."""
    if not images:
        raise ValueError("no page to save")
    out.parent.mkdir(parents=True, exist_ok=True)
    suffix = out.suffix.lower()
    dpi = (scanner.dpi, scanner.dpi)
    grey = images[0].mode == "L"
    if suffix == ".pdf":
        # Pillow writes grey pages as DCTDecode (JPEG) and bilevel ones as CCITT group 4;
        # no title (the file's name) and no dates, so that a seed gives the same bytes.
        options = {"quality": scanner.jpeg or 95} if grey else {}
        images[0].save(out, save_all=True, append_images=images[1:],
                       resolution=float(scanner.dpi), title=None, creationDate=None,
                       modDate=None, **options)
        return [out]
    if suffix in (".tif", ".tiff"):
        if grey:
            options = ({"compression": "jpeg", "quality": scanner.jpeg} if scanner.jpeg
                       else {"compression": "tiff_adobe_deflate"})
        else:
            options = {"compression": "group4"}
        images[0].save(out, save_all=True, append_images=images[1:], dpi=dpi, **options)
        return [out]
    paths = []
    for number, image in enumerate(images, 1):
        path = out.with_name(f"{out.stem}-{number}{out.suffix}")
        if suffix in (".jpg", ".jpeg"):
            image.convert("L").save(path, dpi=dpi, quality=scanner.jpeg or 95)
        else:
            image.save(path, dpi=dpi)
        paths.append(path)
    return paths
