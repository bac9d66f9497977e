"""What the store tests share: record files made from outputs/records.jsonl, and reading the store back."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, func, select

from tracker.store import schema

ROOT = Path(__file__).resolve().parent.parent
CHILD_TABLES = {"decisions": schema.Decision, "entities": schema.Entity, "people": schema.Person,
                "deadlines": schema.Deadline, "targets": schema.Target, "figures": schema.Figure}


def write_records(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def with_changed_text(line: str, note: str = "revised") -> str:
    """The same record id, as if its statement's text had changed (a new text hash)."""
    record = json.loads(line)
    record["text_sha256"] = hashlib.sha256(f"{record['text_sha256']} {note}".encode()).hexdigest()
    return json.dumps(record)


def expected_rows(record: dict) -> dict[str, int]:
    """How many rows of each table a record makes."""
    rows = {name: len(record[name]) for name in CHILD_TABLES}
    rows["responsibilities"] = sum(len(decision["responsible"]) for decision in record["decisions"])
    rows["meetings"] = 1
    return rows


def table_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {table.__tablename__: connection.execute(select(func.count()).select_from(table)).scalar()
                    for table in (schema.Statement, schema.Meeting, schema.Responsibility, *CHILD_TABLES.values())}
    finally:
        engine.dispose()


def stored_rows(url: str) -> dict[tuple[str, str], dict[str, int]]:
    """For each stored statement, (id, text_sha256) -> rows it has in each table."""
    engine = create_engine(url)
    found: dict[tuple[str, str], dict[str, int]] = {}
    try:
        with engine.connect() as connection:
            keys = {key: (statement_id, sha) for key, statement_id, sha in connection.execute(
                select(schema.Statement.key, schema.Statement.id, schema.Statement.text_sha256))}
            for key in keys.values():
                found[key] = {name: 0 for name in (*CHILD_TABLES, "responsibilities", "meetings")}
            for name, table in {**CHILD_TABLES, "meetings": schema.Meeting}.items():
                for key, count in connection.execute(
                        select(table.statement_key, func.count()).group_by(table.statement_key)):
                    found[keys[key]][name] = count
            for key, count in connection.execute(
                    select(schema.Decision.statement_key, func.count())
                    .join(schema.Responsibility, schema.Responsibility.decision_key == schema.Decision.key)
                    .group_by(schema.Decision.statement_key)):
                found[keys[key]]["responsibilities"] = count
    finally:
        engine.dispose()
    return found


def expected_by_key(lines: list[str]) -> dict[tuple[str, str], dict[str, int]]:
    records = [json.loads(line) for line in lines]
    return {(record["id"], record["text_sha256"]): expected_rows(record) for record in records}


def store_command(url: str, *paths: Path, batch: int | None = None) -> list[str]:
    """`python cli.py store` as a separate process, the way a user (or two at once) runs it."""
    command = [sys.executable, str(ROOT / "cli.py"), "store", "--db", url, *map(str, paths)]
    return command + (["--batch", str(batch)] if batch else [])


def run_store(url: str, *paths: Path, batch: int | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(store_command(url, *paths, batch=batch), capture_output=True, text=True, cwd=ROOT)
