"""The error hierarchy, as the batch and its users import it.

The errors live in `kr_extract.extract.errors`, beside the readers that raise most of
them; this module names them for the package's users.
"""

from kr_extract.extract.errors import *  # noqa: F403
from kr_extract.extract.errors import __all__  # noqa: F401
