"""Sources to documents: files, directories, globs of wire text, HTML and JSONL."""

from amity.ingest.jsonl import JsonlFields
from amity.ingest.readers import expand_inputs, read_documents, read_path

__all__ = ["JsonlFields", "expand_inputs", "read_documents", "read_path"]
