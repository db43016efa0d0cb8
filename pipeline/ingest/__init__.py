"""Reading raw input files of any kind into SourceRecords (or IngestErrors).

``iter_raw_files`` lists the inputs, ``read_source`` reads one of them.
"""
from pipeline.ingest.files import MAX_BYTES, iter_raw_files
from pipeline.ingest.reader import read_source

__all__ = ["MAX_BYTES", "iter_raw_files", "read_source"]
