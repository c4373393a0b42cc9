"""The error hierarchy, as the batch and its users import it.

The errors live in `extract.errors`, beside the readers that raise most of them, so that
nothing below `kr_extract` has to import it; this module names them for the package's
users.
"""

from extract.errors import *  # noqa: F403
from extract.errors import __all__  # noqa: F401
