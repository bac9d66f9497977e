"""Pydantic models of the record the extractor writes, and nothing else.

The JSON Schema in `models/record.schema.json` is generated from these models
(`python cli.py schema`); `tests/test_schema.py` fails when it drifts.
"""
from models.record import (
    SCHEMA_VERSION,
    Decision,
    DeadlineRef,
    Deadline,
    Entity,
    ErrorRecord,
    Figure,
    Meeting,
    Person,
    Record,
    Source,
    Target,
)

__all__ = [
    "SCHEMA_VERSION",
    "Decision",
    "DeadlineRef",
    "Deadline",
    "Entity",
    "ErrorRecord",
    "Figure",
    "Meeting",
    "Person",
    "Record",
    "Source",
    "Target",
]
