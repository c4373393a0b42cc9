"""Bad inputs, made on the spot: PDFs written byte by byte (no PDF writer needed), and
a "zoo" folder with one file of each kind, for `test_bad_input.py` and the scale check
in `benchmarks/`.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KR_SAMPLE = SAMPLES / "000_97a597774b640575.txt"


def write_bad_input_zoo(folder: Path) -> list[Path]:
    """Bad inputs, one of each kind; returns the paths to give the pipeline (the folder,
    plus a path that does not exist). Every one must come out as one documents row."""
    folder.mkdir(parents=True, exist_ok=True)
    text = KR_SAMPLE.read_text(encoding="utf-8")
    data = text.encode("utf-8")
    files = {
        "empty.txt": b"",
        "blank.txt": b"\n \n\t\n",
        "binary_junk.txt": random.Random(7).randbytes(4096),
        "truncated_utf8.txt": data[: len(data) // 2 + 1],  # cut inside a Thai character
        "utf16.txt": text.encode("utf-16"),
        "utf16_be_no_bom.txt": text.encode("utf-16-be"),
        "cp874.txt": text.replace("☑", "").replace("☐", "").encode("cp874"),
        "unknown_form.txt": "เรียน ผู้อำนวยการ\nขอแจ้งให้ทราบ\n".encode(),
        "copy_a.txt": data,
        "copy_b.md": data,
        "corrupt.pdf": b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
        "zero_pages.pdf": minimal_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                       b"<< /Type /Pages /Kids [] /Count 0 >>"]),
        "encrypted.pdf": encrypted_pdf(),
    }
    for name, content in files.items():
        (folder / name).write_bytes(content)
    with (folder / "huge_200MB.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no 200 MB written, none read
    locked = folder / "locked"
    locked.mkdir(exist_ok=True)
    (locked / "inside.txt").write_bytes(data)
    locked.chmod(0)  # a folder without permission
    return [folder, folder / "does_not_exist.txt"]


def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A well-formed PDF (with a correct cross-reference table) of the given objects."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return bytes(out)


def encrypted_pdf(user_password: bytes = b"secret") -> bytes:
    """A one-page PDF encrypted with the standard security handler (RC4, revision 2),
    opening only with `user_password`: no PDF writer is needed to make one."""
    pad = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
    file_id = hashlib.md5(b"kr-extract test").digest()
    owner_key = hashlib.md5((b"owner" + pad)[:32]).digest()[:5]
    o_value = _rc4(owner_key, (user_password + pad)[:32])
    permissions = -44
    key = hashlib.md5((user_password + pad)[:32] + o_value
                      + permissions.to_bytes(4, "little", signed=True) + file_id).digest()[:5]
    u_value = _rc4(key, pad)
    ident = file_id.hex().encode()
    return minimal_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
         b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
             o_value.hex().encode(), u_value.hex().encode(), permissions)],
        b"/Encrypt 4 0 R /ID [<%s> <%s>] " % (ident, ident))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)
