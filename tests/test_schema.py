import json

from models.schema import SCHEMA_PATH, record_json_schema


def test_committed_schema_matches_the_models():
    committed = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert committed == record_json_schema(), "schema out of date: run `python cli.py schema -o models/record.schema.json`"


def test_schema_names_every_contract_field():
    properties = record_json_schema()["properties"]
    for field in ("schema_version", "id", "text_sha256", "source", "published", "meeting", "entities",
                  "people", "decisions", "deadlines", "targets", "figures", "warnings"):
        assert field in properties
