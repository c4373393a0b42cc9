"""Parsers that misbehave on purpose, for the batch tests.

Worker processes import these functions by name, so this module must stay importable
from the tests folder (pytest puts it on `sys.path`, and workers inherit it). A file's
name says what happens to it: `hang*` never finishes, `crash*` kills its worker with
SIGSEGV, `exit*` makes it exit, `raise*` raises, `slow*` takes half a second; every other
file is parsed as usual.
"""

import os
import signal
import time
from pathlib import Path

from kr_extract.extract import ReadSettings

from kr_extract.pipeline import DocResult, parse_bytes


def parse_with_faults(path: Path, data: bytes, settings: ReadSettings) -> DocResult:
    name = path.name
    if name.startswith("hang"):
        time.sleep(3600)
    elif name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGSEGV)
    elif name.startswith("exit"):
        os._exit(3)
    elif name.startswith("raise"):
        raise RuntimeError("boom")
    elif name.startswith("slow"):
        time.sleep(0.5)
    return parse_bytes(path, data, settings)
