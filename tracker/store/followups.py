"""Follow-up links: which later statements speak of an earlier decision, and what they say became of it.

A load queues the statements it writes (table `pending_links`, in each batch's
transaction); `link_pending(store)` then links the queue in passes of
PASS_STATEMENTS statements, one transaction each, reading the store in bulk
for the whole pass (tracker.store.link_index) and taking each statement out of
the queue in the transaction that writes its links. So a load killed before
its links are written leaves them to the next load, and two link passes never
run at once (SQLite's write lock; a PostgreSQL advisory lock). A link is
recomputed from the store alone, for every *later* statement it concerns: the
new statements themselves
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
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, combinations
from pathlib import Path
from typing import Iterable

from sqlalchemy import Connection, delete, or_, select

from tracker.store import schema
from tracker.store.bulk import insert_rows
from tracker.store.database import Store
from tracker.store.link_index import DecisionRow, LinkIndex, chunks

SETTINGS_PATH = Path(__file__).resolve().parent / "data" / "followups.json"
WORD = re.compile(r"[A-Za-z][A-Za-z']*|\d[\d,.]*")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z0-9\"'])|\n\s*\n")
STATUS_STRENGTH = ("dropped", "extended", "repeated", "done", "mentioned")
PASS_STATEMENTS = 10_000  # queued statements linked per transaction: a pass's index stays small, a lock short
LINK_LOCK = 0x6C696E6B  # PostgreSQL advisory lock a link pass holds for its transaction ("link")


@dataclass(frozen=True)
class Settings:
    window: int
    threshold: float
    min_shared_words: int
    weights: dict
    min_name_length: int
    status_order: tuple
    cues: dict
    any_cue: re.Pattern  # all cues of status_order in one pattern: most sentences hold none, one search says so
    any_cue_lower: re.Pattern | None  # the same, case-sensitive, for an ASCII sentence lowered (see has_cue)
    not_done_before: frozenset
    stopwords: frozenset


@lru_cache(maxsize=1)
def settings() -> Settings:
    data = json.loads(SETTINGS_PATH.read_text(encoding="utf-8"))
    return Settings(
        window=data["window"], threshold=data["threshold"], min_shared_words=data["min_shared_words"],
        weights=data["weights"], min_name_length=data["min_name_length"], status_order=tuple(data["status_order"]),
        cues={status: [re.compile(p, re.IGNORECASE) for p in patterns] for status, patterns in data["cues"].items()},
        any_cue=re.compile(any_cue_pattern(data), re.IGNORECASE),
        any_cue_lower=re.compile(any_cue_pattern(data)) if any_cue_pattern(data).islower() else None,
        not_done_before=frozenset(data["not_done_before"]), stopwords=frozenset(data["stopwords"]))


def any_cue_pattern(data: dict) -> str:
    return "|".join(f"(?:{p})" for status in data["status_order"] for p in data["cues"][status])


# ---------------------------------------------------------------- words and sentences

@lru_cache(maxsize=1 << 16)  # the same few thousand words, statement after statement
def stem(word: str) -> str:
    """A crude English stem, enough that 'installed', 'installation' and 'install' meet."""
    word = word.lower().replace(",", "").rstrip(".")
    for suffix in ("ations", "ation", "ments", "ment", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)] + ("y" if suffix in ("ied", "ies") else "")
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word  # 'circulate' meets 'circulated'


@lru_cache(maxsize=1 << 16)  # one look-up a word instead of a lower-casing, a stop-word test and a stem's
def content_key(word: str) -> str | None:
    """The stem a word counts as, None for a stop word or a single character."""
    return None if word.lower() in settings().stopwords or len(word) <= 1 else stem(word)


def content_words(text: str) -> set[str]:
    return {key for word in WORD.findall(text) if (key := content_key(word)) is not None}


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
    if not has_cue(sentence, config):
        return "mentioned"
    for status in config.status_order:
        for pattern in config.cues[status]:
            for match in pattern.finditer(sentence):
                if status != "done" or not preceded_by_negation(sentence, match.start(), config.not_done_before):
                    return status
    return "mentioned"


def has_cue(sentence: str, config: Settings) -> bool:
    """Whether any cue matches. An ASCII sentence is lowered and searched case-sensitively: a quarter of the
    time of the case-insensitive search, and the same answer when no pattern holds a capital (for ASCII text,
    case folding is lower()). Any other sentence, or cues with a capital (an escape such as \\S), are searched
    case-insensitively."""
    if config.any_cue_lower is not None and sentence.isascii():
        return config.any_cue_lower.search(sentence.lower()) is not None
    return config.any_cue.search(sentence) is not None


def preceded_by_negation(sentence: str, at: int, words: frozenset) -> bool:
    before = sentence[:at].lower().split()[-3:]
    return any(word.strip(",;") in words for word in before)


# ---------------------------------------------------------------- the statements involved

@dataclass(frozen=True)
class Evidence:
    """One later sentence (or decision) with what scoring asks of it, worked out once."""

    text: str
    start: int | None
    end: int | None
    words: frozenset[str]
    status: str


def evidence(text: str, start: int | None, end: int | None) -> Evidence:
    return Evidence(text, start, end, frozenset(content_words(text)), status_of(text))


@dataclass
class Later:
    key: int
    date: dt.date | None
    body_key: str | None
    names: frozenset[str]
    evidence: list[Evidence]
    deadlines: list[tuple[int, int, dt.date | None]]
    decisions: list[tuple[int, int, int]]  # key, start, end

    @property
    def words(self) -> frozenset[str]:
        return frozenset().union(*(item.words for item in self.evidence))


@dataclass
class Candidate:
    decision_key: int
    statement_key: int
    body_key: str | None
    words: frozenset[str]
    responsible: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()


@lru_cache(maxsize=1 << 16)  # asked of the same names pair after pair
def initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word not in ("of", "and", "the", "for"))


@lru_cache(maxsize=1 << 16)  # a pass compares the same few hundred body names again and again
def related(name: str, other: str, minimum: int) -> bool:
    """Two name keys of one body: equal, one the acronym of the other ('lda', 'lahore development authority'),
    or one holding the other as whole words (both long enough)."""
    if name == other:
        return True
    if " " not in name and len(name) >= 2 and name == initials(other) or " " not in other and other == initials(name):
        return True
    if min(len(name), len(other)) < minimum:
        return False
    short, long = (name, other) if len(name) <= len(other) else (other, name)  # sorted by length, without sorted
    return f" {short} " in f" {long} "


def rarest_words(words: set[str], by_word: dict[str, set]) -> tuple[str, ...]:
    """The one or two words of a name held by the fewest stored names, in alphabetical order."""
    return tuple(sorted(sorted(words, key=lambda word: (len(by_word[word]), word))[:2]))


def related_shortlist(stored: Iterable[str]):
    """For a name, the stored names `related` can hold it related to; no other name ever is. One of two names
    that are equal or one inside the other holds every word of the other: a stored name holding the name holds
    all its words, and a stored name inside it has its own two rarest words (or its one word) in the name.
    (Looked up by one word, the rarest, each name's shortlist was ten times as long where every name carries
    a common word, a jurisdiction's.) Then those whose initials the name is, and the name's own initials."""
    stored = set(stored)
    by_word, by_rarest, by_initials = defaultdict(set), defaultdict(set), defaultdict(set)
    for name in stored:
        for word in name.split():
            by_word[word].add(name)
        by_initials[initials(name)].add(name)
    for name in stored:
        by_rarest[rarest_words(set(name.split()), by_word)].add(name)

    def shortlist(name: str) -> set[str]:
        words = set(name.split())
        holders = sorted((by_word.get(word, set()) for word in words), key=len)
        found = holders[0].intersection(*holders[1:])
        for key in chain(((word,) for word in words), combinations(sorted(words), 2)):
            found |= by_rarest.get(key, set())
        if " " not in name:
            found |= by_initials.get(name, set())
        own = initials(name)
        return found | ({own} if own in stored and " " not in own else set())

    return shortlist


def later_of(index: LinkIndex, key: int) -> Later:
    """The later statement as scoring sees it: its sentences (or, stored without its text, its decisions)."""
    row = index.statements[key]
    decisions = index.decisions[key]
    if row.text:
        items = [evidence(row.text[start:end], start, end) for start, end in sentences(row.text)]
    else:  # records loaded without their text: the later decisions are all the evidence there is
        items = [evidence(d.text, d.start, d.end) for d in decisions]
    return Later(key, row.date, row.body_key, frozenset(index.names[key]), items, index.deadlines[key],
                 [(d.key, d.start, d.end) for d in decisions])


def candidates_of(index: LinkIndex, statement_keys: Iterable[int]) -> list[Candidate]:
    return [made for key in sorted(statement_keys) for made in index.candidates(key, candidate)]


@lru_cache(maxsize=1 << 14)
def action_words(text: str, start: int, deadline_start: int | None, deadline_end: int | None) -> frozenset[str]:
    """A decision's content words without its deadline's: the deadline is when, not what."""
    if deadline_start is not None and start <= deadline_start:
        text = text[:deadline_start - start] + " " + text[deadline_end - start:]
    return frozenset(content_words(text))


def candidate(decision: DecisionRow, names: frozenset[str]) -> Candidate:
    words = action_words(decision.text, decision.start, decision.deadline_start, decision.deadline_end)
    return Candidate(decision.key, decision.statement_key, decision.body_key, words,
                     frozenset(decision.responsible), names)


# ---------------------------------------------------------------- scoring

@dataclass
class Link:
    decision_key: int
    score: float
    status: str
    evidence: tuple[str, int | None, int | None]
    new_deadline: dt.date | None
    reasons: dict


class Rarity(dict):
    """A word's weight: rarer among the candidate decisions, more telling (the place in 'forensic laboratory
    in Bahawalpur' tells it from the one in Sahiwal). Worked out on first need: most of a pool's words are
    those of candidates no later sentence shares enough words with."""

    def __init__(self, pool: list["Candidate"]):
        super().__init__()
        self.counts = Counter(chain.from_iterable(candidate.words for candidate in pool))
        self.size = len(pool)

    def __missing__(self, word: str) -> float:
        weight = self[word] = math.log(1 + self.size / self.counts[word])
        return weight


def clearing_sentences(candidate: Candidate, later: Later, weight: Rarity) -> list[tuple[str, float, dict, Evidence]]:
    """(status, score, reasons, sentence) of each later sentence whose score for the candidate clears the
    threshold: the share of the candidate's words (by weight) the sentence repeats, plus the evidence bonuses.
    What does not change from sentence to sentence (the candidate's whole weight, the names' evidence) is
    worked out once; each score is the same sum, in the same order, as when it was worked out per pair."""
    config = settings()
    needed = min(config.min_shared_words, len(candidate.words))
    whole = names = None  # worked out for the first sentence sharing enough words, if one does
    weights = config.weights
    clearing = []
    for sentence in later.evidence:
        shared = candidate.words & sentence.words
        if len(shared) < needed:
            continue
        if names is None:
            whole = sum(weight[w] for w in candidate.words)
            names = name_evidence(candidate.body_key, candidate.responsible, candidate.names, later.body_key,
                                  later.names)
        same_body, responsible, shared_names = names
        similarity = sum(weight[w] for w in shared) / whole
        cue = sentence.status != "mentioned"
        score = (weights["similarity"] * similarity + weights["same_body"] * same_body
                 + weights["responsible_body"] * responsible + weights["shared_names"] * shared_names
                 + weights["status_cue"] * cue)
        if score >= config.threshold:
            reasons = {"similarity": round(similarity, 3), "shared_words": sorted(shared), "same_body": same_body,
                       "responsible_body": responsible, "shared_names": shared_names, "status_cue": cue}
            clearing.append((sentence.status, score, reasons, sentence))
    return clearing


@lru_cache(maxsize=1 << 16)  # the decisions of one statement, and one body's statements, share their names
def name_evidence(body: str | None, responsible_parties: frozenset[str], names: frozenset[str],
                  later_body: str | None, later_names: frozenset[str]) -> tuple[bool, bool, bool]:
    """Same body; the candidate's responsible party named by the later statement; a name both give."""
    minimum = settings().min_name_length
    same_body = bool(body and later_body and related(body, later_body, minimum))
    # A name both give is related to itself: found without comparing every pair
    responsible = not responsible_parties.isdisjoint(later_names) or any(
        related(party, name, minimum) for party in responsible_parties for name in later_names)
    shared_names = not names.isdisjoint(later_names) or any(
        related(a, b, minimum) for a in names for b in later_names)
    return same_body, responsible, shared_names


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
    weight = Rarity(pool)
    later_words = later.words
    for candidate in pool:
        if not candidate.words or len(candidate.words & later_words) < min(config.min_shared_words,
                                                                           len(candidate.words)):
            continue  # no sentence can share enough words with it
        clearing = clearing_sentences(candidate, later, weight)
        if not clearing:
            continue
        status = next(s for s in STATUS_STRENGTH if any(c[0] == s for c in clearing))
        _, score, reasons, best = max((c for c in clearing if c[0] == status), key=lambda c: c[1])
        deadline = new_deadline(later, best.start, best.end, best.text) if status == "extended" else None
        found.append(Link(candidate.decision_key, round(score, 4), status, (best.text, best.start, best.end),
                          deadline, reasons))
    return found


# ---------------------------------------------------------------- writing

def later_decision_at(later: Later, start: int | None, end: int | None) -> int | None:
    """The later statement's own decision inside the evidence sentence, if any (a repeated directive)."""
    if start is None:
        return None
    inside = [key for key, d_start, d_end in later.decisions if start <= d_start and d_end <= end]
    return inside[0] if inside else None


def earlier_pool(index: LinkIndex, key: int) -> set[int]:
    """Current statements before the later one: of its related bodies, giving them work, naming its organisations."""
    names, date, window = index.names[key], index.statements[key].date, settings().window
    return (index.by_bodies(index.related_keys(names, related, related_shortlist), date, window, earlier=True)
            | index.by_organisation(names, date, window, earlier=True))


def link_rows(later: Later, pool: list[Candidate]) -> list[dict]:
    return [{"decision_key": link.decision_key, "later_statement_key": later.key,
             "later_decision_key": later_decision_at(later, link.evidence[1], link.evidence[2]),
             "status": link.status, "score": link.score, "evidence_text": link.evidence[0],
             "evidence_start": link.evidence[1], "evidence_end": link.evidence[2],
             "new_deadline": link.new_deadline, "reasons": link.reasons}
            for link in links_for(later, pool)]


def relink(connection: Connection, index: LinkIndex, later_keys: set[int]) -> None:
    """Replace every link whose later statement is one of `later_keys` by the links the store now gives."""
    for part in chunks(later_keys):
        connection.execute(delete(schema.FollowUp).where(schema.FollowUp.later_statement_key.in_(part)))
    index.load_statements(later_keys)
    dated = sorted(key for key in later_keys if index.statements[key].date is not None)  # undated: nothing before
    index.load_names(dated)
    bodies = {body for key in dated for body in index.related_keys(index.names[key], related, related_shortlist)}
    index.load_timelines(bodies, {name for key in dated for name in index.names[key]})
    pools = {key: earlier_pool(index, key) for key in dated}
    pooled = set().union(*pools.values())
    index.load_decisions(pooled)
    index.load_names(pooled)
    rows = []
    for key in dated:
        rows += link_rows(later_of(index, key), candidates_of(index, pools[key]))
    insert_rows(connection, schema.FollowUp, rows)


def affected_later(index: LinkIndex, keys: list[int]) -> set[int]:
    """Already-loaded statements after the new ones, of their bodies: they may follow up the new decisions."""
    window = settings().window
    index.load_statements(keys)
    dated = [key for key in keys if index.statements[key].date is not None]
    bodies = {key: index.related_keys(index.names[key], related, related_shortlist) for key in dated}
    index.load_timelines(set().union(*bodies.values()),
                         {name for key in dated for name in bodies[key] | index.names[key]})
    found: set[int] = set()
    for key in dated:
        date = index.statements[key].date
        found |= index.by_bodies(bodies[key], date, window, earlier=False)
        found |= index.by_organisation(bodies[key] | index.names[key], date, window, earlier=False)
    return found


def link_pending(store: Store) -> int:
    """Link every statement in the queue, PASS_STATEMENTS per transaction; the number linked."""
    linked = 0
    while True:
        with store.writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({LINK_LOCK})")
            keys = list(connection.execute(select(schema.PendingLink.statement_key)
                                           .order_by(schema.PendingLink.statement_key).limit(PASS_STATEMENTS))
                        .scalars())
            if not keys:
                return linked
            link_statements(connection, keys)
            for part in chunks(keys):
                connection.execute(delete(schema.PendingLink).where(schema.PendingLink.statement_key.in_(part)))
        linked += len(keys)


def link_statements(connection: Connection, statement_keys: Iterable[int]) -> None:
    """Link the new statements both ways, inside the caller's transaction (see the module docstring)."""
    keys = sorted(set(statement_keys))
    if not keys:
        return
    drop_superseded(connection, keys)
    index = LinkIndex(connection, settings().min_name_length)
    current = set()
    for part in chunks(keys):
        current |= {k for (k,) in connection.execute(select(schema.Statement.key)
                                                     .where(schema.Statement.key.in_(part), schema.Statement.is_current))}
    index.load_names(current)
    relink(connection, index, current | affected_later(index, sorted(current)))


def drop_superseded(connection: Connection, keys: list[int]) -> None:
    """A new version replaces its statement's links: those of the older versions go."""
    for part in chunks(keys):
        ids = select(schema.Statement.id).where(schema.Statement.key.in_(part))
        old = select(schema.Statement.key).where(schema.Statement.id.in_(ids), ~schema.Statement.is_current)
        connection.execute(delete(schema.FollowUp).where(or_(
            schema.FollowUp.later_statement_key.in_(old),
            schema.FollowUp.decision_key.in_(select(schema.Decision.key).where(schema.Decision.statement_key.in_(old))))))
