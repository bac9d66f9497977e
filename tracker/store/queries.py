"""The questions a tracker asks of the store: which decisions, which are overdue, who did what, what followed.

Every function takes a `Store` and reads through its `reader` engine; each
returns the pydantic models of models/tracker.py, which the CLI (`track`) and
the API only format. Only current statement versions are asked about. The
date of a decision is its meeting's date, else the statement's published
date. Names (body, actor, responsible, person) match as a substring of their
`name_key`, so spelling, case and a leading "the" do not matter.

"As of" a day means the world as known that day: follow-ups from statements
dated after it are ignored, and an "extended" follow-up replaces the deadline
by its new one. A decision is overdue as of a day when its deadline is before
that day and no follow-up reports it done or dropped.
"""
import csv
import datetime as dt
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, JSON, and_, bindparam, exists, func, or_, select, text, \
    union_all
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import aliased

from models import messages
from models.tracker import (
    MAX_LIMIT,
    BodySummary,
    DecisionChain,
    DecisionFilter,
    FollowUpLink,
    PersonHistory,
    RoleSeen,
    StatementView,
    TrackedDecision,
)
from tracker.store import schema
from tracker.store.database import (
    DEFAULT_URL,
    Store,
    StoreProblem,
    current_revision,
    database_message,
    head_revision,
    known_revisions,
    make_engine,
    shown_url,
)
from tracker.store.names import name_key

D, S, M, F, R = schema.Decision, schema.Statement, schema.Meeting, schema.FollowUp, schema.Responsibility
LATER_S, LATER_M, LATER_D = aliased(S, name="later_statements"), aliased(M, name="later_meetings"), \
    aliased(D, name="later_decisions")
EXTENSION = aliased(F, name="extensions")
DECIDED_ON = func.coalesce(M.date, S.published)
LATER_ON = func.coalesce(LATER_M.date, LATER_S.published)
CLOSING = ("done", "dropped")
WORD = re.compile(r"\w+")
DECISION_ID = re.compile(r"d\d+")
CHUNK = 1000
EXPORT_TABLES = {
    "statements": schema.Statement, "meetings": schema.Meeting, "decisions": schema.Decision,
    "responsibilities": schema.Responsibility, "deadlines": schema.Deadline, "targets": schema.Target,
    "figures": schema.Figure, "entities": schema.Entity, "people": schema.Person, "followups": schema.FollowUp,
}
EXPORT_FORMATS = ("csv", "parquet")


class QueryProblem(ValueError):
    """A question the store cannot answer as asked (a bad reference, no words to search); the message says why."""


class UnknownReference(QueryProblem):
    """The decision, statement or person asked about is not in the store."""


# ---------------------------------------------------------------- opening a store to ask it

def sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def open_existing(url: str | None = None) -> Store:
    """The store at `url` for reading; never creates one (StoreProblem when there is none, or at another revision).

    Only the reader is used, so a read-only file or a read-only server account will do.
    """
    url = url or DEFAULT_URL
    try:
        path = sqlite_file(url)
    except Exception:
        raise StoreProblem(messages.NOT_A_DATABASE_URL.format(url=url, example=DEFAULT_URL)) from None
    if path is not None and not path.is_file():
        given = "" if url == DEFAULT_URL else f" --db {url}"
        raise StoreProblem(messages.NO_STORE_AT.format(path=path, given=given))
    engine = make_engine(url, immediate=False)
    try:
        with engine.connect() as connection:
            revision = current_revision(connection)
    except DBAPIError as error:
        engine.dispose()
        raise StoreProblem(messages.DATABASE_PROBLEM.format(url=shown_url(url), problem=database_message(error))) \
            from None
    problem = revision_problem(revision)
    if problem:
        engine.dispose()
        raise StoreProblem(messages.DATABASE_PROBLEM.format(url=shown_url(url), problem=problem))
    return Store(url, engine, engine)


def revision_problem(revision: str | None) -> str | None:
    head = head_revision()
    if revision == head:
        return None
    if revision is None:
        return "holds no statement-tracker store: load records first with `python cli.py store RECORDS.jsonl --db URL`"
    if revision not in known_revisions():
        return f"schema revision {revision} is newer than this version knows ({head}): upgrade statement-tracker"
    return f"schema revision {revision} is older than this version reads ({head}): run `python cli.py store --upgrade`"


# ---------------------------------------------------------------- filters

def search_query(words: str) -> list[str]:
    """The user's words, without the punctuation FTS5 and tsquery would read as operators."""
    found = WORD.findall(words)
    if not found:
        raise QueryProblem(messages.SEARCH_WITHOUT_WORDS.format(words=words))
    return found


def fts5_query(words: list[str]) -> str:
    """Each word quoted (so AND, NEAR, '*' are plain words), all of them required."""
    return " AND ".join(f'"{word}"' for word in words)


def search_condition(dialect: str, words: str):
    found = search_query(words)
    if dialect == "sqlite":
        return text("decisions.key IN (SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH :fts_query)") \
            .bindparams(fts_query=fts5_query(found))
    if dialect == "postgresql":
        return text("decisions.search @@ websearch_to_tsquery('english', :ts_query)") \
            .bindparams(ts_query=" ".join(found))
    return and_(*(or_(D.text.icontains(word, autoescape=True), D.actor.icontains(word, autoescape=True))
                  for word in found))


def name_contains(column, name: str, option: str):
    key = name_key(name)
    if key is None:
        raise QueryProblem(messages.NAME_WITHOUT_LETTERS.format(option=option, name=name))
    return column.contains(key, autoescape=True)


def filter_conditions(dialect: str, wanted: DecisionFilter) -> list:
    conditions = []
    if wanted.body:
        conditions.append(name_contains(M.body_key, wanted.body, "body"))
    if wanted.actor:
        conditions.append(name_contains(D.actor_key, wanted.actor, "actor"))
    if wanted.responsible:
        conditions.append(exists().where(R.decision_key == D.key,
                                         name_contains(R.party_key, wanted.responsible, "responsible")))
    if wanted.kind:
        conditions.append(D.kind == wanted.kind)
    if wanted.since:
        conditions.append(DECIDED_ON >= wanted.since)
    if wanted.until:
        conditions.append(DECIDED_ON <= wanted.until)
    if wanted.search:
        conditions.append(search_condition(dialect, wanted.search))
    return conditions


def known_by(as_of: dt.date | None):
    """Follow-ups a reader could know of on `as_of`: from statements dated that day or before (or undated)."""
    if as_of is None:
        return LATER_S.is_current
    return and_(LATER_S.is_current, or_(LATER_ON.is_(None), LATER_ON <= as_of))


def later_followups():
    return (select().select_from(F).join(LATER_S, LATER_S.key == F.later_statement_key)
            .outerjoin(LATER_M, LATER_M.statement_key == LATER_S.key))


def known_extension(as_of: dt.date):
    """Follow-ups known on `as_of` that give the decision a new deadline."""
    return (later_followups().add_columns(F.new_deadline)
            .where(F.decision_key == D.key, F.status == "extended", F.new_deadline.is_not(None), known_by(as_of)))


def latest_extension_key(as_of: dt.date):
    """The key of the extension known on `as_of` that sets the decision's deadline: the latest one."""
    return (later_followups().add_columns(F.key)
            .where(F.decision_key == D.key, F.status == "extended", F.new_deadline.is_not(None), known_by(as_of))
            .order_by(LATER_ON.desc().nulls_last(), F.key.desc()).limit(1).correlate(D).scalar_subquery())


def closed_by(as_of: dt.date):
    """A follow-up known on `as_of` reports the decision done or dropped."""
    return (later_followups().add_columns(F.key)
            .where(F.decision_key == D.key, F.status.in_(CLOSING), known_by(as_of)).correlate(D).exists())


def overdue_query(dialect: str, as_of: dt.date, wanted: DecisionFilter):
    """Overdue decisions, longest overdue first, in two parts that each walk an index from the oldest day
    and stop at limit + offset, so neither weighs every deadline in the store.

    Without a known extension the deadline is the decision's own (index ix_decisions_deadline_date). With
    one, it is the latest known extension's new deadline: walk the extensions by new deadline (index
    ix_followups_status_new_deadline) and keep each that is its decision's latest. The page is the first
    of the two parts together.
    """
    conditions = filter_conditions(dialect, wanted)
    enough = wanted.limit + wanted.offset
    own = (decision_select().add_columns(D.deadline_date.label("effective"))
           .where(*conditions, D.deadline_date < as_of, ~known_extension(as_of).correlate(D).exists(),
                  ~closed_by(as_of))
           .order_by(D.deadline_date, S.id, D.start).limit(enough).subquery())
    moved = (decision_select().add_columns(EXTENSION.new_deadline.label("effective"))
             .join(EXTENSION, EXTENSION.decision_key == D.key)
             .where(*conditions, EXTENSION.status == "extended", EXTENSION.new_deadline < as_of,
                    EXTENSION.key == latest_extension_key(as_of), ~closed_by(as_of))
             .order_by(EXTENSION.new_deadline, S.id, D.start).limit(enough).subquery())
    both = union_all(select(own), select(moved)).subquery()
    return (select(both).order_by(both.c.effective, both.c.statement_id, both.c.start)
            .limit(wanted.limit).offset(wanted.offset))


# ---------------------------------------------------------------- decisions

def decision_select():
    return (select(D.key, D.decision_id, D.kind, D.trigger, D.actor, D.text, D.start, D.end, D.sentence_start,
                   D.sentence_end, D.deadline_text, D.deadline_date, S.id.label("statement_id"), S.version,
                   S.published, M.body, DECIDED_ON.label("meeting_date"))
            .join(S, S.key == D.statement_key).outerjoin(M, M.statement_key == S.key).where(S.is_current))


def chunks(items: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def responsible_parties(connection, keys: list[int]) -> dict[int, list[str]]:
    parties: dict[int, list[str]] = {}
    query = select(R.decision_key, R.party).where(R.decision_key.in_(bindparam("keys", expanding=True))) \
        .order_by(R.decision_key, R.position)
    for part in chunks(keys):
        for decision_key, party in connection.execute(query, {"keys": part}):
            parties.setdefault(decision_key, []).append(party)
    return parties


@dataclass(frozen=True)
class KnownFollowUp:
    status: str
    on: dt.date | None
    key: int
    new_deadline: dt.date | None

    @property
    def order(self) -> tuple:
        return (self.on or dt.date.min, self.key)


def followups_of(connection, keys: list[int]) -> dict[int, list[KnownFollowUp]]:
    """Each decision's follow-ups from current statements, oldest first (undated ones first, as the SQL sorts)."""
    found: dict[int, list[KnownFollowUp]] = {}
    query = (later_followups().add_columns(F.decision_key, F.status, LATER_ON, F.key, F.new_deadline)
             .where(F.decision_key.in_(bindparam("keys", expanding=True)), LATER_S.is_current))
    for part in chunks(keys):
        for decision_key, status, on, key, new_deadline in connection.execute(query, {"keys": part}):
            found.setdefault(decision_key, []).append(KnownFollowUp(status, on, key, new_deadline))
    for links in found.values():
        links.sort(key=lambda link: link.order)
    return found


def standing(deadline: dt.date | None, links: list[KnownFollowUp], as_of: dt.date | None) -> tuple[str, int | None]:
    """(status, days overdue) as known on `as_of`; the same rule overdue_query puts in SQL."""
    known = [link for link in links if as_of is None or link.on is None or link.on <= as_of]
    status = known[-1].status if known else "open"
    if as_of is None:
        return status, None
    extensions = [link.new_deadline for link in known if link.status == "extended" and link.new_deadline]
    deadline = extensions[-1] if extensions else deadline
    closed = any(link.status in CLOSING for link in known)
    if deadline is None or closed or deadline >= as_of:
        return status, None
    return status, (as_of - deadline).days


def tracked(rows: list, connection, as_of: dt.date | None) -> list[TrackedDecision]:
    keys = [row.key for row in rows]
    parties = responsible_parties(connection, keys)
    links = followups_of(connection, keys)
    decisions = []
    for row in rows:
        status, days = standing(row.deadline_date, links.get(row.key, []), as_of)
        decisions.append(TrackedDecision(
            ref=f"{row.statement_id}#{row.decision_id}", statement_id=row.statement_id, version=row.version,
            body=row.body, meeting_date=row.meeting_date, published=row.published, kind=row.kind,
            trigger=row.trigger, actor=row.actor, responsible=parties.get(row.key, []), text=row.text,
            start=row.start, end=row.end, sentence_start=row.sentence_start, sentence_end=row.sentence_end,
            deadline_text=row.deadline_text, deadline_date=row.deadline_date, status=status, days_overdue=days))
    return decisions


def run_decisions(store: Store, query, as_of: dt.date | None) -> list[TrackedDecision]:
    try:
        with store.reader.connect() as connection:
            rows = list(connection.execute(query))
            return tracked(rows, connection, as_of)
    except DBAPIError as error:
        raise StoreProblem(messages.DATABASE_PROBLEM.format(url=shown_url(store.url), problem=database_message(error))) \
            from None


def find_decisions(store: Store, wanted: DecisionFilter = DecisionFilter()) -> list[TrackedDecision]:
    """Decisions matching `wanted`, newest first (then by statement id and place in the text)."""
    query = (decision_select().where(*filter_conditions(store.dialect, wanted))
             .order_by(DECIDED_ON.desc().nulls_last(), S.id, D.start).limit(wanted.limit).offset(wanted.offset))
    return run_decisions(store, query, wanted.as_of)


def overdue(store: Store, as_of: dt.date, wanted: DecisionFilter = DecisionFilter()) -> list[TrackedDecision]:
    """Decisions past their (extended) deadline on `as_of` that no follow-up known then reports done or
    dropped; the longest overdue first."""
    return run_decisions(store, overdue_query(store.dialect, as_of, wanted), as_of)


# ---------------------------------------------------------------- one decision and what followed

def parse_ref(ref: str) -> tuple[str, str]:
    statement_id, _, decision_id = ref.rpartition("#")
    if not statement_id or not DECISION_ID.fullmatch(decision_id):
        raise QueryProblem(messages.NOT_A_DECISION_REF.format(ref=ref))
    return statement_id, decision_id


def decision_by_ref(store: Store, ref: str) -> TrackedDecision:
    statement_id, decision_id = parse_ref(ref)
    query = decision_select().where(S.id == statement_id, D.decision_id == decision_id)
    found = run_decisions(store, query.limit(1), None)
    if not found:
        raise UnknownReference(messages.NO_SUCH_DECISION.format(ref=ref, statement=statement_id, decision=decision_id))
    return found[0]


def followups(store: Store, ref: str) -> DecisionChain:
    """The decision `ref` and the later statements that mention its action, oldest first."""
    decision = decision_by_ref(store, ref)
    statement_id, decision_id = parse_ref(ref)
    query = (later_followups()
             .add_columns(LATER_S.id, LATER_ON, F.status, F.score, F.evidence_text, F.evidence_start, F.evidence_end,
                          F.new_deadline, F.reasons, LATER_D.decision_id.label("later_decision_id"))
             .outerjoin(LATER_D, LATER_D.key == F.later_decision_key)
             .join(D, D.key == F.decision_key).join(S, S.key == D.statement_key)
             .where(S.id == statement_id, S.is_current, D.decision_id == decision_id, LATER_S.is_current)
             .order_by(LATER_ON.asc().nulls_first(), F.key))
    with store.reader.connect() as connection:
        rows = list(connection.execute(query))
    links = [FollowUpLink(
        statement_id=row.id, meeting_date=row[1], status=row.status, score=row.score,
        evidence_text=row.evidence_text, evidence_start=row.evidence_start, evidence_end=row.evidence_end,
        new_deadline=row.new_deadline, reasons=row.reasons or {},
        later_decision_ref=f"{row.id}#{row.later_decision_id}" if row.later_decision_id else None) for row in rows]
    return DecisionChain(decision=decision, followups=links)


# ---------------------------------------------------------------- people, bodies, statements

def person_history(store: Store, name: str) -> PersonHistory:
    """The roles statements give a person over time, and the decisions they made or were given."""
    key = name_key(name)
    if key is None:
        raise QueryProblem(messages.PERSON_WITHOUT_LETTERS.format(name=name))
    P = schema.Person
    query = (select(P.name, P.role, DECIDED_ON, S.id).join(S, S.key == P.statement_key)
             .outerjoin(M, M.statement_key == S.key).where(S.is_current, P.name_key.contains(key, autoescape=True))
             .order_by(DECIDED_ON.asc().nulls_last(), S.id))
    with store.reader.connect() as connection:
        rows = list(connection.execute(query))
    roles = [RoleSeen(role=role, date=on, statement_id=statement_id) for _, role, on, statement_id in rows]
    made = find_decisions(store, DecisionFilter(actor=name, limit=MAX_LIMIT))
    given = find_decisions(store, DecisionFilter(responsible=name, limit=MAX_LIMIT))
    if not (roles or made or given):
        raise UnknownReference(messages.NO_SUCH_PERSON.format(name=name))
    spellings = Counter(row.name for row in rows)
    shown = spellings.most_common(1)[0][0] if spellings else name
    return PersonHistory(name=shown, roles=roles, made=made, given=given)


def month(day: dt.date | None) -> str | None:
    return f"{day.year:04d}-{day.month:02d}" if day else None


def bodies(store: Store) -> list[BodySummary]:
    """Each body that met: its statements, decisions, first and last day, and decisions per month."""
    per_statement = select(func.count()).where(D.statement_key == S.key).correlate(S).scalar_subquery()
    query = (select(M.body_key, M.body, DECIDED_ON, per_statement).join(S, S.key == M.statement_key)
             .where(S.is_current, M.body_key.is_not(None)))
    with store.reader.connect() as connection:
        rows = list(connection.execute(query))
    grouped: dict[str, list] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    summaries = []
    for group in grouped.values():
        days = [row[2] for row in group if row[2]]
        by_month: Counter = Counter()
        for _, _, on, count in group:
            if on and count:
                by_month[month(on)] += count
        summaries.append(BodySummary(
            body=Counter(row[1] for row in group).most_common(1)[0][0], statements=len(group),
            decisions=sum(row[3] for row in group), first=min(days, default=None), last=max(days, default=None),
            by_month=dict(sorted(by_month.items()))))
    return sorted(summaries, key=lambda summary: (-summary.decisions, summary.body))


def statement(store: Store, statement_id: str) -> StatementView:
    """The current version of a statement: its text when stored, and its record."""
    query = select(S.id, S.version, S.text, S.record).where(S.id == statement_id, S.is_current)
    with store.reader.connect() as connection:
        row = connection.execute(query).first()
    if row is None:
        raise UnknownReference(messages.NO_SUCH_STATEMENT.format(statement=statement_id))
    return StatementView(id=row.id, version=row.version, text=row.text, record=json.loads(row.record))


# ---------------------------------------------------------------- export

def export_value(value: Any, json_column: bool) -> Any:
    if json_column:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def table_rows(connection, table) -> Iterator[tuple]:
    columns = list(table.__table__.columns)
    result = connection.execution_options(stream_results=True, yield_per=5000) \
        .execute(select(*columns).order_by(*table.__table__.primary_key.columns))
    yield from result


def json_columns(table) -> list[bool]:
    return [isinstance(column.type, JSON) for column in table.__table__.columns]


def write_csv(connection, table, path: Path) -> int:
    names = [column.name for column in table.__table__.columns]
    is_json = json_columns(table)
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in table_rows(connection, table):
            writer.writerow(["" if value is None and not flag else export_value(value, flag)
                             for value, flag in zip(row, is_json)])
            count += 1
    return count


def arrow_type(column):
    import pyarrow as pa

    kinds = [(Boolean, pa.bool_()), (Integer, pa.int64()), (Float, pa.float64()), (DateTime, pa.timestamp("us", "UTC")),
             (Date, pa.date32())]
    for sql_type, arrow in kinds:
        if isinstance(column.type, sql_type):
            return arrow
    return pa.string()


def write_parquet(connection, table, path: Path, batch: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(table.__table__.columns)
    arrow_schema = pa.schema([pa.field(column.name, arrow_type(column)) for column in columns])
    is_json = json_columns(table)
    count = 0
    with pq.ParquetWriter(path, arrow_schema) as writer:
        pending: list[tuple] = []
        for row in table_rows(connection, table):
            pending.append(tuple(json.dumps(value, ensure_ascii=False) if flag else value
                                 for value, flag in zip(row, is_json)))
            if len(pending) >= batch:
                count += write_arrow_batch(writer, arrow_schema, pending)
                pending = []
        count += write_arrow_batch(writer, arrow_schema, pending)
    return count


def write_arrow_batch(writer, arrow_schema, rows: list[tuple]) -> int:
    import pyarrow as pa

    columns = list(zip(*rows)) if rows else [[] for _ in arrow_schema]
    writer.write_table(pa.Table.from_arrays([pa.array(list(values), type=field.type)
                                             for values, field in zip(columns, arrow_schema)], schema=arrow_schema))
    return len(rows)


def export(store: Store, folder: Path, fmt: str) -> dict[str, int]:
    """One file per table (all statement versions), FOLDER/<table>.<fmt>; each written whole or not at all.
    Returns rows per table."""
    if fmt not in EXPORT_FORMATS:
        raise QueryProblem(messages.UNKNOWN_EXPORT_FORMAT.format(fmt=fmt, formats=", ".join(EXPORT_FORMATS)))
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise QueryProblem(messages.CANNOT_MAKE_FOLDER.format(folder=folder, reason=error.strerror)) from None
    writer = write_csv if fmt == "csv" else write_parquet
    counts = {}
    with store.reader.connect() as connection:
        for name, table in EXPORT_TABLES.items():
            target = folder / f"{name}.{fmt}"
            partial = folder / f".{name}.{fmt}.partial"
            try:
                counts[name] = writer(connection, table, partial)
                os.replace(partial, target)
            except OSError as error:
                partial.unlink(missing_ok=True)
                raise QueryProblem(messages.CANNOT_WRITE.format(target=target, reason=error.strerror)) from None
    return counts


