"""kr-extract: Thai indicator forms in, typed Parquet tables out.

    import kr_extract
    result = kr_extract.extract("forms/")      # -> kr_extract.Result (see kr_extract.api)
    result.to_pandas()["indicators"]

The work is done by three subpackages, kept as top-level folders in the repository:
`kr_extract.extract` (read files, find their structure, parse each form type, validate),
`kr_extract.normalize` (repair text and values against lexicons) and `kr_extract.schemas`
(the Arrow schemas of the output tables and their writer). This package ties them
together: the error types, the batch pipeline and the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Bumped whenever a change makes the same input give different rows: outputs record the
# parser version, so a later incremental run knows which documents to parse again.
__version__ = "0.3.0"
PARSER_VERSION = f"kr-extract/{__version__}"

__all__ = ["PARSER_VERSION", "Result", "__version__", "extract"]

if TYPE_CHECKING:
    from kr_extract.api import Result, extract


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import kr_extract` (and the CLI's --help) stays
    # light. `extract` is the subpackage, which is callable: kr_extract.api.extract.
    if name == "extract":
        return importlib.import_module("kr_extract.extract")
    if name == "Result":
        from kr_extract.api import Result

        return Result
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
