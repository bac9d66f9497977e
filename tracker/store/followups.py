"""Follow-up links: which later statements speak of an earlier decision, and what they say became of it.

`link_statements(connection, statement_keys)` runs inside the transaction of
the batch that loaded those statements. A link is recomputed from the store
alone, for every *later* statement it concerns: the new statements themselves
(compared with the decisions of earlier statements) and the already-loaded
statements that come after a new one (they may follow up its decisions). So a
set of statements gives the same links whatever order it is loaded in.

A later statement's candidates are the decisions of current statements dated
before it (meeting date, else published) whose body is its body or is named in
it, or whose responsible party is its body (the NDMA reporting on what the
cabinet told the NDMA), at most the last `window` statements per body. Each
sentence of the later text (or each of its decisions, when the store has no
text) is scored against each candidate: the share of the decision's content
words the sentence repeats, plus evidence bonuses (same body, responsible
party, shared names, a status cue). The status comes from cue patterns in
tracker/store/data/followups.json, the new deadline from the later
statement's deadlines inside the evidence sentence.
"""
import datetime as dt
import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from sqlalchemy import Connection, and_, delete, func, insert, or_, select

from tracker.store import schema
from tracker.store.names import name_key

SETTINGS_PATH = Path(__file__).resolve().parent / "data" / "followups.json"
WORD = re.compile(r"[A-Za-z][A-Za-z']*|\d[\d,.]*")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'])|\n\s*\n")
STATUS_STRENGTH = ("dropped", "extended", "repeated", "done", "mentioned")


@dataclass(frozen=True)
class Settings:
    window: int
    threshold: float
    min_shared_words: int
    weights: dict
    min_name_length: int
    status_order: tuple
    cues: dict
    not_done_before: frozenset
    stopwords: frozenset


@lru_cache(maxsize=1)
def settings() -> Settings:
    data = json.loads(SETTINGS_PATH.read_text(encoding="utf-8"))
    return Settings(
        window=data["window"], threshold=data["threshold"], min_shared_words=data["min_shared_words"],
        weights=data["weights"], min_name_length=data["min_name_length"], status_order=tuple(data["status_order"]),
        cues={status: [re.compile(p, re.IGNORECASE) for p in patterns] for status, patterns in data["cues"].items()},
        not_done_before=frozenset(data["not_done_before"]), stopwords=frozenset(data["stopwords"]))


# ---------------------------------------------------------------- words and sentences

def stem(word: str) -> str:
    """A crude English stem, enough that 'installed', 'installation' and 'install' meet."""
    word = word.lower().replace(",", "").rstrip(".")
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word  # 'circulate' meets 'circulated'


def content_words(text: str) -> set[str]:
    stop = settings().stopwords
    return {stem(w) for w in WORD.findall(text) if w.lower() not in stop and len(w) > 1}


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: split after . ! ? ; before a capital, and at blank lines."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


def status_of(sentence: str) -> str:
    """The first status of `status_order` whose cue the sentence holds; 'mentioned' when none does."""
    config = settings()
    for status in config.status_order:
        for pattern in config.cues[status]:
            for match in pattern.finditer(sentence):
                if status != "done" or not preceded_by_negation(sentence, match.start(), config.not_done_before):
                    return status
    return "mentioned"


def preceded_by_negation(sentence: str, at: int, words: frozenset) -> bool:
    before = sentence[:at].lower().split()[-3:]
    return any(word.strip(",;") in words for word in before)


# ---------------------------------------------------------------- the statements involved

@dataclass
class Later:
    key: int
    date: dt.date | None
    body_key: str | None
    names: set[str]
    evidence: list[tuple[str, int | None, int | None]]  # sentence text, start, end
    deadlines: list[tuple[int, int, dt.date | None]]
    decisions: list[tuple[int, int, int]]  # key, start, end


@dataclass
class Candidate:
    decision_key: int
    statement_key: int
    body_key: str | None
    words: set[str]
    responsible: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


def statement_date():
    return func.coalesce(schema.Meeting.date, schema.Statement.published)


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word not in ("of", "and", "the", "for"))


def related(name: str, other: str, minimum: int) -> bool:
    """Two name keys of one body: equal, one the acronym of the other ('lda', 'lahore development authority'),
    or one holding the other as whole words (both long enough)."""
    if name == other:
        return True
    if " " not in name and len(name) >= 2 and name == initials(other) or " " not in other and other == initials(name):
        return True
    if min(len(name), len(other)) < minimum:
        return False
    short, long = sorted((name, other), key=len)
    return f" {short} " in f" {long} "


def names_of(connection: Connection, keys: list[int]) -> dict[int, set[str]]:
    """The bodies a statement is by or names: its meeting body, its decisions' actors, and its organisations
    under every name the statement gives them (as written, expanded, acronym), so 'LDA' in one statement
    meets 'Lahore Development Authority (LDA)' in another."""
    found: dict[int, set[str]] = {key: set() for key in keys}
    queries = [select(schema.Meeting.statement_key, schema.Meeting.body_key).where(schema.Meeting.statement_key.in_(keys)),
               select(schema.Decision.statement_key, schema.Decision.actor_key).where(schema.Decision.statement_key.in_(keys))]
    for query in queries:
        for key, name in connection.execute(query):
            if name:
                found[key].add(name)
    for key, text, canonical, acronym in connection.execute(
            select(schema.Entity.statement_key, schema.Entity.text, schema.Entity.canonical, schema.Entity.acronym)
            .where(schema.Entity.statement_key.in_(keys), schema.Entity.label == "ORG")):
        found[key] |= {name_key(name) for name in (text, canonical, acronym) if name_key(name)}
    return found


def read_later(connection: Connection, key: int, names: set[str]) -> Later:
    row = connection.execute(select(schema.Statement.text, statement_date(), schema.Meeting.body_key)
                             .join(schema.Meeting, schema.Meeting.statement_key == schema.Statement.key, isouter=True)
                             .where(schema.Statement.key == key)).one()
    text, date, body = row
    decisions = connection.execute(select(schema.Decision.key, schema.Decision.start, schema.Decision.end,
                                          schema.Decision.text).where(schema.Decision.statement_key == key)).all()
    if text:
        evidence = [(text[start:end], start, end) for start, end in sentences(text)]
    else:  # records loaded without their text: the later decisions are all the evidence there is
        evidence = [(d.text, d.start, d.end) for d in decisions]
    deadlines = [(d.start, d.end, d.date) for d in connection.execute(
        select(schema.Deadline.start, schema.Deadline.end, schema.Deadline.date)
        .where(schema.Deadline.statement_key == key))]
    return Later(key, date, body, names, evidence, deadlines, [(d.key, d.start, d.end) for d in decisions])


def related_keys(connection: Connection, names: set[str]) -> set[str]:
    """Body, organisation and party keys in the store that name one of `names`."""
    minimum = settings().min_name_length
    stored = set()
    for column in (schema.Meeting.body_key, schema.Responsibility.party_key):
        stored |= {k for (k,) in connection.execute(select(column).distinct()) if k}
    return {k for k in stored for name in names if related(name, k, minimum)}


def by_organisation(connection: Connection, names: set[str], date: dt.date, earlier: bool) -> set[int]:
    """Statements naming one of these organisations (exact key): a body the extractor did not find as the
    meeting's is still named in its own statements."""
    if not names:
        return set()
    date_column = statement_date()
    query = (select(schema.Entity.statement_key, date_column).join(schema.Statement, schema.Statement.key == schema.Entity.statement_key)
             .join(schema.Meeting, schema.Meeting.statement_key == schema.Statement.key, isouter=True)
             .where(or_(schema.Entity.name_key.in_(sorted(names)), func.lower(schema.Entity.text).in_(sorted(names)),
                        func.lower(schema.Entity.acronym).in_(sorted(names))),
                    schema.Entity.label == "ORG", schema.Statement.is_current,
                    date_column < date if earlier else date_column > date)
             .order_by(date_column.desc() if earlier else date_column).distinct().limit(settings().window))
    return {k for k, _ in connection.execute(query)}  # the date is selected because PostgreSQL's DISTINCT orders by it


def window_statements(connection: Connection, keys: set[str], date: dt.date, earlier: bool) -> set[int]:
    """Current statements of those bodies (or giving them work) before (or after) `date`: the last
    (or first) `window` per body."""
    found: set[int] = set()
    date_column = statement_date()
    for body in sorted(keys):
        by_body = select(schema.Statement.key, date_column).join(schema.Meeting)
        by_party = (select(schema.Statement.key, date_column).join(schema.Meeting)
                    .join(schema.Decision, schema.Decision.statement_key == schema.Statement.key)
                    .join(schema.Responsibility).where(schema.Responsibility.party_key == body))
        for query in (by_body.where(schema.Meeting.body_key == body), by_party):
            query = query.where(schema.Statement.is_current, date_column < date if earlier else date_column > date)
            query = query.order_by(date_column.desc() if earlier else date_column, schema.Statement.key)
            found |= {k for k, _ in connection.execute(query.distinct().limit(settings().window))}
    return found


def candidates(connection: Connection, statement_keys: set[int]) -> list[Candidate]:
    if not statement_keys:
        return []
    keys = sorted(statement_keys)
    rows = connection.execute(
        select(schema.Decision.key, schema.Decision.statement_key, schema.Meeting.body_key, schema.Decision.text,
               schema.Decision.start, schema.Decision.deadline_start, schema.Decision.deadline_end)
        .join(schema.Meeting, schema.Meeting.statement_key == schema.Decision.statement_key)
        .where(schema.Decision.statement_key.in_(keys))).all()
    parties: dict[int, set[str]] = {}
    for decision_key, party in connection.execute(
            select(schema.Responsibility.decision_key, schema.Responsibility.party_key)
            .where(schema.Responsibility.decision_key.in_([r.key for r in rows]))):
        parties.setdefault(decision_key, set()).add(party)
    names = names_of(connection, keys)
    found = []
    for row in rows:
        action = row.text
        if row.deadline_start is not None and row.start <= row.deadline_start:
            cut = (row.deadline_start - row.start, row.deadline_end - row.start)
            action = action[:cut[0]] + " " + action[cut[1]:]  # the deadline is when, not what
        found.append(Candidate(row.key, row.statement_key, row.body_key, content_words(action),
                               parties.get(row.key, set()), names[row.statement_key]))
    return found


# ---------------------------------------------------------------- scoring

@dataclass
class Link:
    decision_key: int
    score: float
    status: str
    evidence: tuple[str, int | None, int | None]
    new_deadline: dt.date | None
    reasons: dict


def rarity(pool: list["Candidate"]) -> dict[str, float]:
    """A word's weight: rarer among the candidate decisions, more telling (the place in 'forensic laboratory
    in Bahawalpur' tells it from the one in Sahiwal)."""
    counts: dict[str, int] = {}
    for candidate in pool:
        for word in candidate.words:
            counts[word] = counts.get(word, 0) + 1
    return {word: math.log(1 + len(pool) / count) for word, count in counts.items()}


def score_pair(candidate: Candidate, later: Later, sentence: str, weight: dict[str, float]) -> tuple[float, dict] | None:
    config = settings()
    words = content_words(sentence)
    shared = candidate.words & words
    if len(shared) < min(config.min_shared_words, len(candidate.words)) or not candidate.words:
        return None
    minimum = config.min_name_length
    similarity = sum(weight[w] for w in shared) / sum(weight[w] for w in candidate.words)
    same_body = bool(candidate.body_key and later.body_key and related(candidate.body_key, later.body_key, minimum))
    responsible = any(related(party, name, minimum) for party in candidate.responsible for name in later.names)
    shared_names = any(related(a, b, minimum) for a in candidate.names for b in later.names)
    status = status_of(sentence)
    weights = config.weights
    score = (weights["similarity"] * similarity + weights["same_body"] * same_body
             + weights["responsible_body"] * responsible + weights["shared_names"] * shared_names
             + weights["status_cue"] * (status != "mentioned"))
    reasons = {"similarity": round(similarity, 3), "shared_words": sorted(shared), "same_body": same_body,
               "responsible_body": responsible, "shared_names": shared_names, "status_cue": status != "mentioned"}
    return score, reasons


MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
     ("december", "dec")), start=1) for name in names}
MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
CALENDAR_DATE = re.compile(rf"\b{MONTH}\s+(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?|\b(\d{{1,2}})\s+{MONTH}\b(?:,?\s+(\d{{4}}))?"
                           rf"|\b{MONTH}\s+(\d{{4}})\b", re.IGNORECASE)


def new_deadline(later: Later, start: int | None, end: int | None, sentence: str) -> dt.date | None:
    """The later statement's deadline inside the evidence sentence, else the first calendar date the sentence
    names after its extension cue ('extended to April 30', 'postponed to March 2026')."""
    if start is not None:
        dates = [date for d_start, d_end, date in later.deadlines if date and start <= d_start and d_end <= end]
        if dates:
            return dates[-1]
    cue = next((m.start() for p in settings().cues["extended"] for m in p.finditer(sentence)), 0)
    for match in CALENDAR_DATE.finditer(sentence, cue):
        date = calendar_date(match, later.date)
        if date:
            return date
    return None


def calendar_date(match: re.Match, after: dt.date | None) -> dt.date | None:
    """A named day as the last day allowed: the next such day on or after `after` when no year is given;
    a month and a year without a day is that month's last day."""
    month_a, day_a, year_a, day_b, month_b, year_b, month_c, year_c = match.groups()
    try:
        if month_c:
            month, year = MONTHS[month_c.lower()], int(year_c)
            following = dt.date(year + month // 12, month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        month, day, year = (MONTHS[month_a.lower()], int(day_a), year_a) if month_a else \
            (MONTHS[month_b.lower()], int(day_b), year_b)
        if year:
            return dt.date(int(year), month, day)
        if after is None:
            return None
        date = dt.date(after.year, month, day)
        return date if date >= after else dt.date(after.year + 1, month, day)
    except ValueError:
        return None


def links_for(later: Later, pool: list[Candidate]) -> list[Link]:
    """A link per candidate decision some later sentence clears the threshold for; its status is the strongest
    any clearing sentence gives, its evidence the best-scoring sentence giving that status."""
    config = settings()
    found = []
    weight = rarity(pool)
    for candidate in pool:
        clearing = []  # (status, score, reasons, sentence) of each sentence that clears the threshold
        for sentence, start, end in later.evidence:
            scored = score_pair(candidate, later, sentence, weight)
            if scored is not None and scored[0] >= config.threshold:
                clearing.append((status_of(sentence), scored[0], scored[1], (sentence, start, end)))
        if not clearing:
            continue
        status = next(s for s in STATUS_STRENGTH if any(c[0] == s for c in clearing))
        _, score, reasons, evidence = max((c for c in clearing if c[0] == status), key=lambda c: c[1])
        deadline = new_deadline(later, evidence[1], evidence[2], evidence[0]) if status == "extended" else None
        found.append(Link(candidate.decision_key, round(score, 4), status, evidence, deadline, reasons))
    return found


# ---------------------------------------------------------------- writing

def later_decision_at(later: Later, start: int | None, end: int | None) -> int | None:
    """The later statement's own decision inside the evidence sentence, if any (a repeated directive)."""
    if start is None:
        return None
    inside = [key for key, d_start, d_end in later.decisions if start <= d_start and d_end <= end]
    return inside[0] if inside else None


def relink(connection: Connection, later_key: int, names: set[str]) -> None:
    """Replace every link whose later statement is `later_key` by the links the store now gives."""
    connection.execute(delete(schema.FollowUp).where(schema.FollowUp.later_statement_key == later_key))
    later = read_later(connection, later_key, names)
    if later.date is None:
        return  # undated: nothing is known to come before it
    earlier = (window_statements(connection, related_keys(connection, names), later.date, earlier=True)
               | by_organisation(connection, names, later.date, earlier=True))
    rows = [{"decision_key": link.decision_key, "later_statement_key": later_key,
             "later_decision_key": later_decision_at(later, link.evidence[1], link.evidence[2]),
             "status": link.status, "score": link.score, "evidence_text": link.evidence[0],
             "evidence_start": link.evidence[1], "evidence_end": link.evidence[2],
             "new_deadline": link.new_deadline, "reasons": link.reasons}
            for link in links_for(later, candidates(connection, earlier))]
    if rows:
        connection.execute(insert(schema.FollowUp), rows)


def affected_later(connection: Connection, keys: list[int], names: dict[int, set[str]]) -> set[int]:
    """Already-loaded statements after the new ones, of their bodies: they may follow up the new decisions."""
    found: set[int] = set()
    dates = dict(connection.execute(select(schema.Statement.key, statement_date())
                                    .join(schema.Meeting, isouter=True).where(schema.Statement.key.in_(keys))).all())
    for key in keys:
        if dates.get(key) is None:
            continue
        bodies = related_keys(connection, names[key])
        found |= window_statements(connection, bodies, dates[key], earlier=False)
        found |= by_organisation(connection, bodies | names[key], dates[key], earlier=False)
    return found


def link_statements(connection: Connection, statement_keys: Iterable[int]) -> None:
    """Link the new statements both ways, inside the caller's transaction (see the module docstring)."""
    keys = sorted(set(statement_keys))
    if not keys:
        return
    drop_superseded(connection, keys)
    names = names_of(connection, keys)
    current = {k for (k,) in connection.execute(select(schema.Statement.key)
                                                .where(schema.Statement.key.in_(keys), schema.Statement.is_current))}
    later = (current | affected_later(connection, sorted(current), names))
    later_names = names_of(connection, sorted(later))
    for key in sorted(later):
        relink(connection, key, later_names[key])


def drop_superseded(connection: Connection, keys: list[int]) -> None:
    """A new version replaces its statement's links: those of the older versions go."""
    ids = select(schema.Statement.id).where(schema.Statement.key.in_(keys))
    old = select(schema.Statement.key).where(schema.Statement.id.in_(ids), ~schema.Statement.is_current)
    connection.execute(delete(schema.FollowUp).where(or_(
        schema.FollowUp.later_statement_key.in_(old),
        schema.FollowUp.decision_key.in_(select(schema.Decision.key).where(schema.Decision.statement_key.in_(old))))))
