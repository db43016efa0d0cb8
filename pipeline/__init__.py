"""redline's domain code: reading, cleaning, extraction, schemas and warehouse I/O.

Nothing in this package imports Dagster; the Dagster layer lives in ``assets``.
"""

# Bump when a change to cleaning or extraction should reprocess every document.
PIPELINE_VERSION = "0.3.0"
