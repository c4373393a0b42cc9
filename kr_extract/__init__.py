"""kr-extract: Thai indicator forms in, typed Parquet tables out.

The work is done by three packages that the layout shows: `extract` (read files, segment
them, parse each form type, validate), `normalize` (repair text and values against
lexicons) and `schemas` (the Arrow schemas of the output tables and their writer). This
package holds what ties them together: the error types, the batch pipeline and the CLI.
"""

__version__ = "0.1.0"

# Bumped whenever a change makes the same input give different rows: outputs record it,
# so a later incremental run knows which documents to parse again.
PARSER_VERSION = "kr-extract/0.1.0"
