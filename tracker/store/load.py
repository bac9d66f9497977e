"""Loading records into the store: idempotent, versioned, a batch of whole statements per transaction.

A record is identified by (id, text_sha256). The same pair again changes
nothing; a new hash for a known id becomes the next version of that statement
(the earlier one stays, `is_current` false). Rows go in with bulk inserts (one
executemany per table per batch, through the driver: tracker.store.bulk)
because loading is the hot path of a store filled from millions of records;
each batch is one transaction, so a killed load leaves every statement either
whole or absent. When another load wrote the same statement first (a unique
constraint fires), the batch is rolled back and redone one statement at a time,
each re-checked, so concurrent loads neither fail nor duplicate. Each batch
also queues its statements in `pending_links`; when the batches are in, one
follow-up pass links them all (tracker.store.followups.link_pending), and a
load killed before that pass leaves the queue to the next load. A file is
checked whole before its first batch (check_file), so a bad line leaves the
store as it was; the check's pydantic validation is the only one a line that
is a record as it stands gets: the load reads it with the JSON parser alone
(record_fields).
"""
import datetime as dt
import gc
import json
import zlib
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import ValidationError
from pydantic_core import from_json
from sqlalchemy import Connection, func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from models import Record
from models import messages
from models.record import SCHEMA_VERSION
from tracker.store import schema
from tracker.store.bulk import insert_values
from tracker.store.followups import link_pending
from tracker.store.database import Store, database_message, shown_url
from tracker.store.names import name_key
from tracker.store.problems import RecordProblem, StoreProblem
from tracker.store.sizes import LOAD_BATCH

BATCH = LOAD_BATCH
CONFLICT_RETRIES = 5
NEEDS_PARSE = -1  # check_file's mark of a record line pydantic makes a record of only by converting a value


@dataclass(frozen=True)
class Incoming:
    """One record to load, with the statement text when the loader has it (extract --db).

    `record` is a Record or a record's fields as record_fields reads them off a checked line; the rows are
    made from `fields`: the record's JSON values, dates made dates (a field left at its default may be
    missing from a line's)."""

    record: Record | dict
    record_json: str
    text: str | None = None
    fields: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        fields = self.record if isinstance(self.record, dict) else dated(self.record.model_dump(mode="json"))
        object.__setattr__(self, "fields", fields)

    @property
    def key(self) -> tuple[str, str]:
        return self.fields["id"], self.fields["text_sha256"]


@dataclass
class LoadSummary:
    added: int = 0
    new_versions: int = 0
    unchanged: int = 0
    statement_keys: list[int] = field(default_factory=list)

    def add(self, other: "LoadSummary") -> None:
        self.added += other.added
        self.new_versions += other.new_versions
        self.unchanged += other.unchanged
        self.statement_keys += other.statement_keys


# ---------------------------------------------------------------- reading records

def readable_version(version: object) -> bool:
    """Records of this schema's major version and a minor version up to ours; later ones may hold fields we drop."""
    if version == SCHEMA_VERSION:  # nearly every record: no parsing of the version
        return True
    ours_major, ours_minor = (int(part) for part in SCHEMA_VERSION.split("."))
    try:
        major, minor = (int(part) for part in str(version).split("."))
    except ValueError:
        return False
    return major == ours_major and minor <= ours_minor


def parse_record(line: str, where: str) -> Record:
    """A record from its JSON line, or RecordProblem naming `where` (file:line) and the cause."""
    try:
        record = Record.model_validate_json(line)  # pydantic's own JSON parser: the fast path, one pass
    except ValueError:
        record = None
    if record is not None and readable_version(record.schema_version):
        return record
    raise RecordProblem(record_problem(line, where))


def record_problem(line: str, where: str) -> str:
    """Why `line` is not a record this version loads, checked step by step for a message that says so."""
    try:
        data = json.loads(line)
    except ValueError as error:
        return messages.RECORD_NOT_JSON.format(where=where, error=error.msg)
    if not isinstance(data, dict):
        return messages.RECORD_NOT_OBJECT.format(where=where)
    if "error" in data and "text_sha256" not in data:
        return messages.RECORD_IS_ERROR.format(where=where)
    if not readable_version(data.get("schema_version")):
        return messages.RECORD_VERSION.format(where=where, version=data.get("schema_version"), newest=SCHEMA_VERSION)
    try:
        Record.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        return messages.RECORD_INVALID.format(where=where, place=place, problem=first["msg"])
    raise AssertionError(f"{where}: pydantic's JSON and Python validation disagree")


def file_lines(path: Path) -> Iterator[tuple[str, bytes, str]]:
    """(file:line, its bytes, its text) for every non-blank line of a JSON Lines file; RecordProblem on a line
    that is not UTF-8 or cut short (a truncated last line)."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.isspace():  # a blank line (bytes.isspace: the whitespace bytes.strip removes)
                continue
            where = f"{path}:{number}"
            if not raw.endswith(b"\n") and not raw.rstrip().endswith(b"}"):
                raise RecordProblem(messages.RECORD_CUT_SHORT.format(where=where))
            try:
                yield where, raw, raw.decode("utf-8")
            except UnicodeDecodeError:
                raise RecordProblem(messages.RECORD_NOT_UTF8.format(where=where)) from None


def checked_line(raw: bytes, line: str, where: str) -> int:
    """The CRC-32 of the line's bytes when it is a record as it stands: pydantic's strict validation passes,
    every value already of its field's type (dates as YYYY-MM-DD text, the one type JSON lacks). NEEDS_PARSE
    when it is a record only once pydantic converts a value (lax validation: "5" for 5); RecordProblem when
    it is none."""
    try:
        record = Record.model_validate_json(line, strict=True)
    except ValueError:
        parse_record(line, where)  # RecordProblem, with what is wrong, unless lax validation takes it
        return NEEDS_PARSE
    if not readable_version(record.schema_version):
        raise RecordProblem(record_problem(line, where))
    return zlib.crc32(raw)


def check_file(path: Path) -> array:
    """Read a whole records file once before loading it, so a bad line leaves the store as it was.

    What the check learns is kept, in 8 bytes a line: for each record line in order, checked_line's CRC-32 or
    NEEDS_PARSE. The load then takes the values of a line whose bytes have that CRC straight from its JSON
    (record_fields) instead of validating it again: the second pydantic parse was a sixth of a load."""
    checked = array("q")
    try:
        # Each record is freed as the next one comes and nothing outlives the check: no cycles to look for,
        # after it either (a pass over a large heap, a tenth of a second beside the extraction pipeline)
        with cyclic_gc_paused(collect_after=False):
            for where, raw, line in file_lines(path):
                checked.append(checked_line(raw, line, where))
    except OSError as error:
        raise RecordProblem(messages.CANNOT_READ.format(path=path, reason=error.strerror)) from None
    return checked


def as_date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def record_fields(line: str) -> dict:
    """The fields of a line check_file found a record as it stands: its JSON values (read by pydantic's own
    JSON parser, as the check read them), the dates made dates."""
    return dated(from_json(line, cache_strings="keys"))


def dated(fields: dict) -> dict:
    """A record's JSON values with its dates (YYYY-MM-DD text in JSON) made dates, in place."""
    fields["published"] = as_date(fields.get("published"))
    if meeting := fields.get("meeting"):
        meeting["date"] = as_date(meeting.get("date"))
    for deadline in fields.get("deadlines", ()):
        deadline["date"] = as_date(deadline.get("date"))
    for decision in fields.get("decisions", ()):
        if deadline := decision.get("deadline"):
            deadline["date"] = as_date(deadline.get("date"))
    return fields


def read_records(path: Path, checked: array | None = None) -> Iterator[Incoming]:
    """Every record of a JSON Lines file, to load; with check_file's `checked`, a line with the bytes it
    checked is taken as record_fields reads it, any other (converted by pydantic, or changed since) parsed
    and validated again."""
    for index, (where, raw, line) in enumerate(file_lines(path)):
        if checked is not None and index < len(checked) and checked[index] == zlib.crc32(raw):
            yield Incoming(record_fields(line), line.rstrip("\n"))
        else:
            yield Incoming(parse_record(line, where), line.rstrip("\n"))


# ---------------------------------------------------------------- rows
# Each table's rows are tuples in the order of its column list, made straight from the record's fields: a
# dictionary per row, then a tuple of it for the driver, was a tenth of a load.

STATEMENT_COLUMNS = ("key", "id", "text_sha256", "version", "is_current", "schema_version", "published",
                     "source_path", "url", "title", "text", "record", "loaded_at")
MEETING_COLUMNS = ("statement_key", "body", "body_key", "chair", "chair_key", "date", "location", "participants")
DECISION_COLUMNS = ("key", "statement_key", "decision_id", "kind", "trigger", "actor", "actor_key", "text", "start",
                    "end", "sentence_start", "sentence_end", "deadline_text", "deadline_start", "deadline_end",
                    "deadline_date")
RESPONSIBILITY_COLUMNS = ("decision_key", "position", "party", "party_key")


# They read a record's fields (Incoming.fields): what has a default may be missing from a line's.

def statement_values(key: int, incoming: Incoming, version: int, is_current: bool, now: dt.datetime) -> tuple:
    record = incoming.fields
    source = record.get("source") or {}
    return (key, record["id"], record["text_sha256"], version, is_current, record.get("schema_version", SCHEMA_VERSION),
            record.get("published"), source.get("path"), source.get("url"), source.get("title"), incoming.text,
            incoming.record_json, now)


def meeting_values(key: int, record: dict) -> tuple:
    meeting = record.get("meeting") or {}
    body, chair = meeting.get("body"), meeting.get("chair")
    return (key, body, name_key(body), chair, name_key(chair), meeting.get("date"), meeting.get("location"),
            list(meeting.get("participants", ())))


def decision_values(key: int, statement_key: int, decision: dict) -> tuple:
    deadline, actor = decision.get("deadline"), decision.get("actor")
    return (key, statement_key, decision["id"], decision["kind"], decision["trigger"], actor, name_key(actor),
            decision["text"], decision["start"], decision["end"], decision["sentence_start"], decision["sentence_end"],
            *((deadline["text"], deadline["start"], deadline["end"], deadline.get("date")) if deadline
              else (None, None, None, None)))


def offset_pairs_json(pairs: list[list[int]]) -> str:
    """An entity's mentions as JSON text, character for character what json.dumps (SQLAlchemy's serializer of a
    JSON column) writes for a list of [start, end] pairs: that call per entity was a fifth of the rows' time.
    The fields hold the pairs as JSON has them, lists of two integers, and Python writes those as JSON does."""
    return str(pairs)


@dataclass(frozen=True)
class ChildTable:
    """A table of items a record lists, one row per item: which list, which columns, one item's values."""

    table: type
    items: str
    columns: tuple[str, ...]
    values: Callable[[int, object], tuple]
    binds: tuple[tuple[str, Callable], ...] = ()


CHILD_TABLES = (
    ChildTable(schema.Deadline, "deadlines", ("statement_key", "text", "start", "end", "date", "decision_id"),
               lambda key, d: (key, d["text"], d["start"], d["end"], d.get("date"), d.get("decision_id"))),
    ChildTable(schema.Target, "targets", ("statement_key", "text", "start", "end"),
               lambda key, t: (key, t["text"], t["start"], t["end"])),
    ChildTable(schema.Figure, "figures", ("statement_key", "text", "start", "end", "value", "unit"),
               lambda key, f: (key, f["text"], f["start"], f["end"], float(f["value"]), f.get("unit"))),
    ChildTable(schema.Entity, "entities",
               ("statement_key", "text", "start", "end", "label", "canonical", "acronym", "name_key", "mentions"),
               lambda key, e: (key, e["text"], e["start"], e["end"], e["label"], e.get("canonical"), e.get("acronym"),
                               name_key(e.get("canonical") or e["text"]) or "", e.get("mentions", [])),
               binds=(("mentions", offset_pairs_json),)),
    ChildTable(schema.Person, "people", ("statement_key", "name", "name_key", "role", "start", "end"),
               lambda key, p: (key, p["name"], name_key(p["name"]) or "", p.get("role"), p["start"], p["end"])),
)


# ---------------------------------------------------------------- writing

def known_versions(connection: Connection, ids: list[str]) -> dict[str, dict[str, int]]:
    """For each id already stored: text hash -> version."""
    found: dict[str, dict[str, int]] = {}
    for start in range(0, len(ids), 500):
        rows = connection.execute(
            select(schema.Statement.id, schema.Statement.text_sha256, schema.Statement.version)
            .where(schema.Statement.id.in_(ids[start:start + 500])))
        for statement_id, sha, version in rows:
            found.setdefault(statement_id, {})[sha] = version
    return found


def reserve_keys(connection: Connection, table: type, count: int) -> list[int]:
    """`count` new primary keys of `table`, taken before the insert so one plain executemany writes every row.

    (INSERT ... RETURNING in parameter order makes SQLAlchemy send SQLite one row per statement: 5x slower.)
    PostgreSQL hands them out from the column's sequence, safe beside other loads; on SQLite this load holds
    the write lock since BEGIN IMMEDIATE, so the keys after the largest are free until it commits."""
    if count == 0:
        return []
    if connection.dialect.name == "postgresql":
        reserved = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'key')) FROM generate_series(1, :count)"),
            {"table": table.__tablename__, "count": count})
        return list(reserved.scalars())
    largest = connection.execute(select(func.max(table.key))).scalar() or 0
    return list(range(largest + 1, largest + 1 + count))


def write_batch(connection: Connection, batch: list[Incoming], link: bool = True) -> LoadSummary:
    """Insert the statements of `batch` not yet stored, inside the caller's transaction."""
    summary = LoadSummary()
    versions = known_versions(connection, sorted({item.fields["id"] for item in batch}))
    fresh: list[tuple[Incoming, int]] = []
    for item in batch:
        stored = versions.setdefault(item.fields["id"], {})
        if item.fields["text_sha256"] in stored:
            summary.unchanged += 1
            continue
        version = max(stored.values(), default=0) + 1
        stored[item.fields["text_sha256"]] = version
        fresh.append((item, version))
        if version > 1:
            summary.new_versions += 1
        else:
            summary.added += 1
    if not fresh:
        return summary
    replaced = sorted({item.fields["id"] for item, version in fresh if version > 1})
    if replaced:
        connection.execute(update(schema.Statement).where(schema.Statement.id.in_(replaced))
                           .values(is_current=False))
    now = dt.datetime.now(dt.timezone.utc)
    latest = {item.fields["id"]: version for item, version in fresh}  # the last version of an id in the batch
    keys = reserve_keys(connection, schema.Statement, len(fresh))
    insert_values(connection, schema.Statement, STATEMENT_COLUMNS,
                  [statement_values(key, item, version, latest[item.fields["id"]] == version, now)
                   for key, (item, version) in zip(keys, fresh)])
    summary.statement_keys = keys
    write_children(connection, [(key, item.fields) for key, (item, _) in zip(keys, fresh)])
    if link:  # linked after the load, in one pass over all its statements (followups.link_pending)
        insert_values(connection, schema.PendingLink, ("statement_key",), [(key,) for key in keys])
    return summary


def index_for_search(connection: Connection, decision_keys: list[int]) -> None:
    """SQLite: the batch's decisions into the FTS5 index in one statement (migration 0004 says why not a trigger);
    their keys are consecutive (reserve_keys). PostgreSQL's tsvector column fills itself."""
    if decision_keys and connection.dialect.name == "sqlite":
        connection.execute(text("INSERT INTO decisions_fts(rowid, text, actor) SELECT key, text, actor FROM decisions "
                                "WHERE key BETWEEN :first AND :last"),
                           {"first": decision_keys[0], "last": decision_keys[-1]})


def write_children(connection: Connection, stored: list[tuple[int, dict]]) -> None:
    insert_values(connection, schema.Meeting, MEETING_COLUMNS, [meeting_values(key, record) for key, record in stored])
    decisions = [(key, decision) for key, record in stored for decision in record.get("decisions", ())]
    decision_keys = reserve_keys(connection, schema.Decision, len(decisions))
    insert_values(connection, schema.Decision, DECISION_COLUMNS,
                  [decision_values(decision_key, key, decision)
                   for decision_key, (key, decision) in zip(decision_keys, decisions)])
    index_for_search(connection, decision_keys)
    insert_values(connection, schema.Responsibility, RESPONSIBILITY_COLUMNS,
                  [(decision_key, position, party, name_key(party) or "")
                   for decision_key, (_, decision) in zip(decision_keys, decisions)
                   for position, party in enumerate(decision.get("responsible", ()))])
    for child in CHILD_TABLES:
        insert_values(connection, child.table, child.columns,
                      [child.values(key, item) for key, record in stored for item in record.get(child.items, ())],
                      child.binds)


def load_batch(store: Store, batch: list[Incoming], link: bool = True) -> LoadSummary:
    """One transaction for the batch; on a conflict with a concurrent load, one transaction per statement."""
    try:
        with store.writer.begin() as connection:
            return write_batch(connection, batch, link)
    except IntegrityError:
        pass
    summary = LoadSummary()
    for item in batch:
        summary.add(load_one_with_retries(store, item, link))
    return summary


def load_one_with_retries(store: Store, item: Incoming, link: bool = True) -> LoadSummary:
    for attempt in range(CONFLICT_RETRIES):
        try:
            with store.writer.begin() as connection:
                return write_batch(connection, [item], link)
        except IntegrityError:
            if attempt == CONFLICT_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def batches(items: Iterable[Incoming], size: int) -> Iterator[list[Incoming]]:
    batch: list[Incoming] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def load_records(store: Store, items: Iterable[Incoming], batch_size: int = BATCH, link: bool = True) -> LoadSummary:
    """Load every record; raises StoreProblem when the database refuses a write (read-only, gone away).

    Then the follow-up linker's pass links the loaded statements (and any an earlier, killed load left
    unlinked). `link=False` skips the follow-up linker: for callers that write follow-ups of their own (test stores with
    hand-made chains) or measure the bare load rate."""
    summary = LoadSummary()
    try:
        with cyclic_gc_paused():
            for batch in batches(items, batch_size):
                summary.add(load_batch(store, batch, link))
            if link:
                link_pending(store)
    except DBAPIError as error:
        raise StoreProblem(messages.LOAD_INTERRUPTED.format(url=shown_url(store.url), problem=database_message(error))) \
            from None
    return summary


@contextmanager
def cyclic_gc_paused(collect_after: bool = True) -> Iterator[None]:
    """No cyclic garbage collection while loading: records, rows and the linker's index hold no reference
    cycles, so reference counting frees them all, yet the collector's passes over the growing heap took a
    fifth of a 50,000-record load. It runs again when the load ends, at once over what the load made unless
    `collect_after` is false: with the collector paused every object made since is in its youngest generation,
    so collecting that one generation finds any cycle the load left, without a pass over the rest of the heap
    (the bench's heap holds the extraction pipeline: a full collection there took 0.1 to 0.25 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            if collect_after:
                gc.collect(0)


def load_files(store: Store, paths: Iterable[Path], batch_size: int = BATCH, link: bool = True) -> LoadSummary:
    """Load JSON Lines record files, all checked whole first: when one has a bad line, none is loaded."""
    paths = list(paths)
    checked = [check_file(path) for path in paths]
    summary = LoadSummary()
    for path, lines in zip(paths, checked):
        summary.add(load_records(store, read_records(path, lines), batch_size, link))
    return summary
