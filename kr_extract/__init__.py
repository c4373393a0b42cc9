"""kr-extract: Thai indicator forms in, typed Parquet tables out.

The work is done by three subpackages, kept as top-level folders in the repository:
`kr_extract.extract` (read files, find their structure, parse each form type, validate),
`kr_extract.normalize` (repair text and values against lexicons) and `kr_extract.schemas`
(the Arrow schemas of the output tables and their writer). This package ties them
together: the error types, the batch pipeline and the CLI.
"""

__version__ = "0.1.0"

# Bumped whenever a change makes the same input give different rows: outputs record it,
# so a later incremental run knows which documents to parse again.
PARSER_VERSION = "kr-extract/0.1.0"
