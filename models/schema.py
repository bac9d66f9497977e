"""The record's JSON Schema, generated from the models (committed as models/record.schema.json)."""
from pathlib import Path

from models.record import SCHEMA_VERSION, Record

SCHEMA_PATH = Path(__file__).parent / "record.schema.json"


def record_json_schema() -> dict:
    schema = Record.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://statement-tracker.example/schema/record-{SCHEMA_VERSION}.json"
    return schema
