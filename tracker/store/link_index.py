"""What the follow-up linker reads from the store, read in bulk for every statement of a link pass at once.

For each later statement the linker (tracker.store.followups) asks: which stored
body and party names are related to the names it gives; which current statements
of those bodies (or giving them work, or naming them as an organisation) come
just before (or after) its date; and the decisions of those statements. Asked
statement by statement that was some twenty queries each (11 statements a
second at 50,000). Here each kind of row is read once per pass for all the names
and statements involved, and a window ("the last `window` statements of a body
before a date") is cut in memory from that body's statements in date order. The
reads run inside the pass's transaction, so the pass sees one state of the store.
"""
import bisect
import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from sqlalchemy import Connection, Integer, String, any_, bindparam, column, func, or_, select
from sqlalchemy.dialects.postgresql import ARRAY

from tracker.store import schema
from tracker.store.names import name_key

IN_LIST = 5000  # keys per IN (...) list: below SQLite's 32,766 bound parameters
# Names per organisation query (bound as one value, see among): the query scans the entities (no index serves
# the OR), so the fewer the queries the fewer the scans.
ORGANISATION_NAMES = 100_000


def statement_date():
    return func.coalesce(schema.Meeting.date, schema.Statement.published)


def among(expression, values: list, dialect: str):
    """`expression IN values`, the values bound as one parameter (a JSON array SQLite's json_each reads, a
    PostgreSQL array): an IN list binds each value as a parameter of its own, and SQLAlchemy's naming and
    binding of them took longer than the queries (30,000 names in the organisation query's three lists)."""
    values = list(values)
    if dialect == "postgresql":
        kind = Integer if values and isinstance(values[0], int) else String
        return expression == any_(bindparam(None, values, type_=ARRAY(kind)))
    return expression.in_(select(column("value")).select_from(
        func.json_each(bindparam(None, json.dumps(values), type_=String))))


def chunks(values: Iterable, size: int = IN_LIST) -> Iterator[list]:
    values = sorted(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


class Timeline:
    """The current statements of one body (or party, or organisation name), in date order."""

    def __init__(self, rows: Iterable[tuple[dt.date, int]] = ()):
        self.ascending = sorted(set(rows))  # (date, key)
        self.dates = [date for date, _ in self.ascending]

    def before(self, date: dt.date, size: int) -> list[tuple[dt.date, int]]:
        """The last `size` before `date`; on the boundary day the smaller keys (ORDER BY date DESC, key LIMIT size)."""
        end = bisect.bisect_left(self.dates, date)
        if end <= size:
            return self.ascending[:end]
        boundary = self.dates[end - size]
        low = bisect.bisect_left(self.dates, boundary, 0, end)
        high = bisect.bisect_right(self.dates, boundary, 0, end)
        return self.ascending[low:low + size - (end - high)] + self.ascending[high:end]

    def after(self, date: dt.date, size: int) -> list[tuple[dt.date, int]]:
        """The first `size` after `date`, the smaller keys first on a day (ORDER BY date, key LIMIT size)."""
        start = bisect.bisect_right(self.dates, date)
        return self.ascending[start:start + size]


def nearest(rows: Iterable[tuple[dt.date, int]], date: dt.date, size: int, earlier: bool) -> set[int]:
    """The keys of the `size` rows nearest `date` on its side, with the tie rule of Timeline."""
    timeline = Timeline(rows)
    return {key for _, key in (timeline.before(date, size) if earlier else timeline.after(date, size))}


@dataclass
class DecisionRow:
    key: int
    statement_key: int
    body_key: str | None
    text: str
    start: int
    end: int
    deadline_start: int | None
    deadline_end: int | None
    responsible: set[str] = field(default_factory=set)


@dataclass
class StatementRow:
    key: int
    text: str | None
    date: dt.date | None
    body_key: str | None


class LinkIndex:
    """Rows of one link pass, read in bulk on first need and kept for the pass."""

    def __init__(self, connection: Connection, min_name_length: int):
        self.connection = connection
        self.dialect = connection.dialect.name
        self.minimum = min_name_length
        self.names: dict[int, set[str]] = {}
        self.statements: dict[int, StatementRow] = {}
        self.decisions: dict[int, list[DecisionRow]] = {}  # by statement key
        self._candidates: dict[int, list] = {}  # by statement key: its decisions as scoring sees them
        self.deadlines: dict[int, list[tuple[int, int, dt.date | None]]] = {}
        self.bodies: dict[str, Timeline] = {}
        self.parties: dict[str, Timeline] = {}
        self.organisations: dict[str, Timeline] = {}
        self._stored_names: list[str] | None = None
        self._related: dict[str, frozenset] = {}  # by name: the stored names related to it
        self._shortlist = None

    # ------------------------------------------------------------ names

    def load_names(self, keys: Iterable[int]) -> None:
        """The bodies each statement is by or names (see followups.names_of) for every key not read yet."""
        missing = {key for key in keys if key not in self.names}
        for part in chunks(missing):
            found = {key: set() for key in part}
            for query in (select(schema.Meeting.statement_key, schema.Meeting.body_key)
                          .where(among(schema.Meeting.statement_key, part, self.dialect)),
                          select(schema.Decision.statement_key, schema.Decision.actor_key)
                          .where(among(schema.Decision.statement_key, part, self.dialect))):
                for key, name in self.connection.execute(query):
                    if name:
                        found[key].add(name)
            for key, text, canonical, acronym in self.connection.execute(
                    select(schema.Entity.statement_key, schema.Entity.text, schema.Entity.canonical,
                           schema.Entity.acronym)
                    .where(among(schema.Entity.statement_key, part, self.dialect),
                           schema.Entity.label == "ORG")):
                found[key] |= {name_key(name) for name in (text, canonical, acronym) if name_key(name)}
            self.names.update(found)

    def stored_names(self) -> list[str]:
        """Every body and party key in the store (read once a pass: a few hundred, through their indexes)."""
        if self._stored_names is None:
            stored = set()
            for column in (schema.Meeting.body_key, schema.Responsibility.party_key):
                stored |= {k for (k,) in self.connection.execute(select(column).distinct()) if k}
            self._stored_names = sorted(stored)
        return self._stored_names

    def related_keys(self, names: Iterable[str], related, shortlist) -> frozenset:
        """Body and party keys in the store that name one of `names` (`related` decides), asked only of the
        stored names `shortlist(stored names)` gives for each name: comparing every name with every stored one
        took nine tenths of a pass over a store of many bodies. Kept per name, not per set of names: the
        statements of a body give the same names in ever other sets, and asking `related` again for each set
        was half of a linked 5,000-record load."""
        if self._shortlist is None:
            self._shortlist = shortlist(self.stored_names())
        found = set()
        for name in names:
            if name not in self._related:
                self._related[name] = frozenset(k for k in self._shortlist(name) if related(name, k, self.minimum))
            found |= self._related[name]
        return frozenset(found)

    # ------------------------------------------------------------ statements in date order

    def load_timelines(self, bodies: Iterable[str], organisations: Iterable[str]) -> None:
        """The timelines of these body keys (as meeting body and as responsible party) and organisation names."""
        date = statement_date()
        missing = set(bodies) - set(self.bodies)
        by_body, by_party = defaultdict(list), defaultdict(list)
        for part in chunks(missing):
            for body, day, key in self.connection.execute(
                    select(schema.Meeting.body_key, date, schema.Statement.key).join(schema.Meeting)
                    .where(among(schema.Meeting.body_key, part, self.dialect), schema.Statement.is_current,
                           date.is_not(None))):
                by_body[body].append((day, key))
            for party, day, key in self.connection.execute(
                    select(schema.Responsibility.party_key, date, schema.Statement.key).join(schema.Meeting)
                    .join(schema.Decision, schema.Decision.statement_key == schema.Statement.key)
                    .join(schema.Responsibility)
                    .where(among(schema.Responsibility.party_key, part, self.dialect), schema.Statement.is_current,
                           date.is_not(None))):
                by_party[party].append((day, key))
        for body in missing:
            self.bodies[body], self.parties[body] = Timeline(by_body[body]), Timeline(by_party[body])
        self.load_organisations(organisations)

    def load_organisations(self, names: Iterable[str]) -> None:
        """Statements with an ORG entity whose name key, text or acronym (lower case) is one of `names`."""
        missing = set(names) - set(self.organisations)
        found = defaultdict(list)
        date = statement_date()
        for part in chunks(missing, ORGANISATION_NAMES):
            query = (select(schema.Entity.name_key, schema.Entity.text, schema.Entity.acronym, date,
                            schema.Statement.key)
                     .join(schema.Statement, schema.Statement.key == schema.Entity.statement_key)
                     .join(schema.Meeting, schema.Meeting.statement_key == schema.Statement.key, isouter=True)
                     .where(or_(among(schema.Entity.name_key, part, self.dialect),
                                among(func.lower(schema.Entity.text), part, self.dialect),
                                among(func.lower(schema.Entity.acronym), part, self.dialect)),
                            schema.Entity.label == "ORG", schema.Statement.is_current, date.is_not(None)))
            wanted = set(part)
            for key_name, text, acronym, day, key in self.connection.execute(query):
                for name in {key_name, text.lower(), (acronym or "").lower()} & wanted:
                    found[name].append((day, key))
        for name in missing:
            self.organisations[name] = Timeline(found[name])

    def by_bodies(self, bodies: Iterable[str], date: dt.date, size: int, earlier: bool) -> set[int]:
        """Per body, the `size` nearest statements of that body and the `size` nearest giving it work."""
        found: set[int] = set()
        for body in bodies:
            for timeline in (self.bodies[body], self.parties[body]):
                rows = timeline.before(date, size) if earlier else timeline.after(date, size)
                found.update(key for _, key in rows)
        return found

    def by_organisation(self, names: Iterable[str], date: dt.date, size: int, earlier: bool) -> set[int]:
        """The `size` nearest statements naming any of these organisations (one window for all of them)."""
        rows = set()
        for name in names:
            timeline = self.organisations[name]
            rows.update(timeline.before(date, size) if earlier else timeline.after(date, size))
        return nearest(rows, date, size, earlier)

    # ------------------------------------------------------------ the statements' own rows

    def candidates(self, key: int, make) -> list:
        """`make(decision, names)` for each decision of the statement, made once a pass."""
        if key not in self._candidates:
            names = frozenset(self.names[key])
            self._candidates[key] = [make(decision, names) for decision in self.decisions[key]]
        return self._candidates[key]

    def load_statements(self, keys: Iterable[int]) -> None:
        """Text, date and body of each statement, with its decisions and deadlines."""
        missing = {key for key in keys if key not in self.statements}
        for part in chunks(missing):
            for key, text, day, body in self.connection.execute(
                    select(schema.Statement.key, schema.Statement.text, statement_date(), schema.Meeting.body_key)
                    .join(schema.Meeting, schema.Meeting.statement_key == schema.Statement.key, isouter=True)
                    .where(among(schema.Statement.key, part, self.dialect))):
                self.statements[key] = StatementRow(key, text, day, body)
            self.deadlines.update({key: [] for key in part})
            for key, start, end, day in self.connection.execute(
                    select(schema.Deadline.statement_key, schema.Deadline.start, schema.Deadline.end,
                           schema.Deadline.date).where(among(schema.Deadline.statement_key, part, self.dialect))):
                self.deadlines[key].append((start, end, day))
        self.load_decisions(missing)

    def load_decisions(self, keys: Iterable[int]) -> None:
        """The decisions of each statement, with the parties each is given to."""
        missing = {key for key in keys if key not in self.decisions}
        for part in chunks(missing):
            self.decisions.update({key: [] for key in part})
            by_key = {}
            for row in self.connection.execute(
                    select(schema.Decision.key, schema.Decision.statement_key, schema.Meeting.body_key,
                           schema.Decision.text, schema.Decision.start, schema.Decision.end,
                           schema.Decision.deadline_start, schema.Decision.deadline_end)
                    .join(schema.Meeting, schema.Meeting.statement_key == schema.Decision.statement_key,
                          isouter=True)
                    .where(among(schema.Decision.statement_key, part, self.dialect))):
                decision = DecisionRow(*row)
                by_key[decision.key] = decision
                self.decisions[decision.statement_key].append(decision)
            for decision_key, party in self.connection.execute(
                    select(schema.Responsibility.decision_key, schema.Responsibility.party_key)
                    .join(schema.Decision).where(among(schema.Decision.statement_key, part, self.dialect))):
                by_key[decision_key].responsible.add(party)
