"""meeting: which body met, who chaired it, when and where.

doc._.meeting = {"body", "chair", "date", "location", "participants"} plus
"body_span" / "chair_span" (Spans, for components that want offsets).

- body: "a meeting of the X", "X's 10th meeting", "Cabinet meeting", "a meeting at
  the X", or a committee/cabinet/council/ministry... that is the subject (or the
  `by` agent) of a lead sentence, or the body one of them briefs ("the ministry
  told the ECC": the ECC). The earliest such mention wins.
- chair: "chaired / presided over by X", "X chaired / was chairing ...",
  "with X in the chair", "under the chairmanship of X", "under its chairman
  X"; pronouns and "the prime minister" resolve to people from doc._.people.
- date: a weekday ("on Thursday", "Wednesday's meeting") is the latest such
  day on or before the dateline's date or the reference date; "today",
  "yesterday", "on 11 November 2022", else the dateline's own date.
- location: the dateline city ("KARACHI, Aug 24 (APP):" -> "Karachi"), else
  "in <city>" / "at State House, <city>" next to the meeting.
Cue words live in patterns/meeting.json.
"""
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.abbreviations import is_short_name_of
from pipeline.annotations import MeetingInfo, PeopleIndex, PersonMention
from pipeline.dateline import NO_DATELINES, Dateline, parse_date_text
from pipeline.errors import read_json
from pipeline.lexicon import load_lexicon
from pipeline.people import load_vocab

CUES_FILE = Path(__file__).parent / "patterns" / "meeting.json"
SUBJECT_DEPS = ("nsubj", "nsubjpass")
CAPS_KEY = "meeting.caps_line_tokens"


@dataclass(frozen=True)
class Cues:
    body_heads: frozenset
    weak_body_heads: frozenset
    event_heads: frozenset
    meeting_adjectives: frozenset
    meeting_nouns: frozenset
    extension_preps: frozenset
    chair_verbs: frozenset
    chair_nouns: frozenset
    chair_role_words: frozenset
    attendance: frozenset
    lead_sentences: int
    weekdays: tuple
    months: dict
    relative_days: dict
    not_cities: frozenset
    dateline_skip: tuple
    places: frozenset
    briefing_verbs: frozenset


def load_cues(path: str | Path | None = None, lexicon_path: str | Path | None = None,
              people_words_path: str | Path | None = None, gazetteer_path: str | Path | None = None) -> Cues:
    """The component's cue words with the lexicon's calendar words and the people component's places."""
    data = read_json(Path(path) if path else CUES_FILE)
    lexicon = load_lexicon(lexicon_path)
    places = load_vocab(people_words_path, gazetteer_path, lexicon_path).places
    return Cues(
        body_heads=frozenset(data["body_heads"]),
        weak_body_heads=frozenset(data["weak_body_heads"]),
        event_heads=frozenset(data["event_heads"]),
        meeting_adjectives=frozenset(data["meeting_adjectives"]),
        meeting_nouns=frozenset(data["meeting_nouns"]),
        extension_preps=frozenset(data["body_extension_preps"]),
        chair_verbs=frozenset(data["chair_verbs"]),
        chair_nouns=frozenset(data["chair_nouns"]),
        chair_role_words=frozenset(data["chair_role_words"]),
        attendance=frozenset(data["attendance_cues"]),
        lead_sentences=int(data["lead_sentences"]),
        weekdays=lexicon.weekdays,
        months=lexicon.all_months,
        relative_days=dict(data["relative_days"]),
        not_cities=frozenset(data["not_cities"]),
        dateline_skip=tuple(data["dateline_skip_prefixes"]),
        places=frozenset(" ".join(p).title() for p in places),  # the people component's places
        briefing_verbs=frozenset(data["briefing_verbs"]),
    )


def is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def caps_line_tokens(doc: Doc) -> frozenset:
    """Tokens of all-capitals heading lines ('EXECUTIVE OFFICE OF THE PRESIDENT'): headings, not prose."""
    found, offset = set(), 0
    for line in doc._.text.split("\n"):
        letters = [c for c in line if c.isalpha()]
        if len(letters) > 3 and all(c.isupper() for c in letters):
            span = doc.char_span(offset, offset + len(line), alignment_mode="expand")
            if span is not None:
                found.update(range(span.start, span.end))
        offset += len(line) + 1
    return frozenset(found)


def lead_sentences(doc: Doc, cues: Cues) -> list[Span]:
    """The first sentences with prose in them (scraper debris like ' date 2021-09-09' skipped)."""
    found = []
    for sent in doc.sents:
        if any(t.is_alpha and t.is_lower for t in sent):
            found.append(sent)
        if len(found) >= cues.lead_sentences:
            break
    return found


# ---------------------------------------------------------------- people lookup

Person = PersonMention


def known_people(doc: Doc) -> PeopleIndex:
    return PeopleIndex.of(doc)


def person_at(doc: Doc, i: int, people: list[Person]) -> Person | None:
    """The person whose name (or surname) token `i` belongs to, best-matching the capitalised run around it."""
    if i < 0 or i >= len(doc) or not doc[i].is_alpha or not is_capitalised(doc[i]):
        return None
    lo, hi = i, i + 1
    while lo > 0 and is_capitalised(doc[lo - 1]) and doc[lo - 1].is_alpha:
        lo -= 1
    while hi < len(doc) and is_capitalised(doc[hi]) and doc[hi].is_alpha:
        hi += 1
    words = {t.lower_ for t in doc[lo:hi]}
    matches = [p for p in people if doc[i].lower_ in p.key]
    return max(matches, key=lambda p: len(p.key & words), default=None)


def first_person_after(doc: Doc, i: int, people: list[Person], limit: int = 12) -> Person | None:
    for j in range(i, min(len(doc), i + limit)):
        if doc[j].text in (".", ";", ":"):
            return None
        found = person_at(doc, j, people)
        if found:
            return found
    return None


def last_person_before(doc: Doc, i: int, people: list[Person], limit: int = 200) -> Person | None:
    for j in range(i - 1, max(-1, i - limit), -1):
        found = person_at(doc, j, people)
        if found:
            return found
    return None


# ---------------------------------------------------------------- body

def skip_acronym(doc: Doc, end: int) -> int:
    """Past a '(ACR)' right after a name."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and doc[end + 1].text[:1].isupper():
        return end + 3
    return end


def is_calendar(token: Token, cues: Cues) -> bool:
    return token.lower_ in cues.weekdays or token.lower_.rstrip(".") in cues.months


def extend_body_right(doc: Doc, end: int, cues: Cues) -> int:
    """'Committee (ECC) of the Cabinet', 'Standing Committee on Water Resources' (never 'on Thursday')."""
    end = skip_acronym(doc, end)
    while end < len(doc) and doc[end].lower_ in cues.extension_preps:
        j = end + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        k = j
        while k < len(doc):
            tok = doc[k]
            if is_spaced_dash(doc, k):
                break  # 'Council of the EU - Press release': a spaced dash ends the name
            if is_capitalised(tok) and not is_calendar(tok, cues) and (tok.is_alpha or tok.text == "-"):
                k += 1
            elif tok.lower_ in ("and", "of", "-", "&") and k + 1 < len(doc) and is_capitalised(doc[k + 1]) \
                    and not is_calendar(doc[k + 1], cues):
                k += 1
            else:
                break
        if k == j and doc[end - 1].is_lower:
            k = j + lower_topic_length(doc, j, cues)  # 'the cabinet committee on smog'
        if k == j:
            break
        end = skip_acronym(doc, k)
    return end


def is_spaced_dash(doc: Doc, i: int) -> bool:
    return doc[i].text in ("-", "\u2013", "\u2014") and i > 0 and bool(doc[i - 1].whitespace_) and bool(doc[i].whitespace_)


def lower_topic_length(doc: Doc, start: int, cues: Cues) -> int:
    """A lower-case body's topic: one or two nouns ('smog', 'price control'), not 'the issue' or a day."""
    length = 0
    while length < 2 and start + length < len(doc) and doc[start + length].pos_ == "NOUN" \
            and doc[start + length].is_lower and not is_calendar(doc[start + length], cues):
        length += 1
    after = doc[start + length] if start + length < len(doc) else None
    return length if after is None or after.pos_ not in ("NOUN", "PROPN") else 0


def extend_body_left(doc: Doc, head: Token, cues: Cues) -> int:
    """'Sindh apex committee', 'NACTA's Board', 'Red and White Cabinet' (never 'the', 'his', '41st')."""
    start = head.i
    while start > 0:
        tok = doc[start - 1]
        if tok.tag_ in ("DT", "PRP$", "CD") or tok.ent_type_ in ("ORDINAL", "DATE", "CARDINAL") or is_calendar(tok, cues):
            break
        if tok.lower_ in cues.meeting_adjectives and not inside_capitalised_name(tok, doc[start], head):
            break  # 'plenary cabinet meeting': the adjective describes the meeting, not the body
        if "\n" in tok.whitespace_:
            break
        if tok.text in ("'s", "’s") and start >= 2 and is_capitalised(doc[start - 2]) and not is_calendar(doc[start - 2], cues):
            start -= 1
        elif tok.lower_ == "and" and start >= 2 and is_capitalised(doc[start - 2]) and is_capitalised(doc[start]):
            start -= 1
        elif tok.text == "-" and start >= 2 and doc[start - 2].is_alpha:
            start -= 1
        elif is_capitalised(tok) and (tok.is_alpha or tok.text == "&"):
            start -= 1
        elif tok.is_lower and tok.is_alpha and tok.dep_ in ("amod", "compound") and start <= tok.head.i <= head.i + 1:
            start -= 1
        else:
            break
    while start < head.i and (doc[start].lower_ in ("and", "'s", "’s", "-") or doc[start].tag_ == "JJS"):
        start += 1
    return start


def inside_capitalised_name(tok: Token, following: Token, head: Token) -> bool:
    """'National Emergency Operations Centre': a capitalised word between capitalised words of the name is part of
    it; 'Special Cabinet' right before the head stays an adjective of the meeting."""
    return is_capitalised(tok) and is_capitalised(following) and following.i != head.i


def body_span(doc: Doc, head: Token, cues: Cues) -> Span | None:
    """The body's full name around its head noun; None for a bare 'the committee'."""
    start = extend_body_left(doc, head, cues)
    end = extend_body_right(doc, head.i + 1, cues)
    span = doc[start:end]
    if len(span) == 1 and head.is_lower:
        return None
    return span


def is_body_head(token: Token, cues: Cues, strong_only: bool = True) -> bool:
    low = token.lower_
    if low not in cues.body_heads or token.i in token.doc.user_data.get(CAPS_KEY, ()):
        return False
    return not (strong_only and low in cues.weak_body_heads)


def last_head_of_name(doc: Doc, j: int, cues: Cues) -> int:
    k = j + 1
    while k < len(doc) and is_capitalised(doc[k]) and doc[k].is_alpha:
        if is_body_head(doc[k], cues, strong_only=False):
            j = k
        k += 1
    return j


def meeting_of_bodies(doc: Doc, cues: Cues) -> list[Span]:
    """'a meeting of the X', 'X's 10th meeting', 'X meeting', 'a meeting at the X'."""
    found = []
    for tok in doc:
        if tok.lower_ not in cues.meeting_nouns:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("of", "at"):
            for j in range(tok.i + 2, min(len(doc), tok.i + 12)):
                if doc[j].text in (",", ".", ";", "(") or is_calendar(doc[j], cues):
                    break
                if is_body_head(doc[j], cues, strong_only=nxt.lower_ == "at"):
                    if nxt.lower_ == "at" and doc[j].is_lower:
                        break  # 'a meeting at the Bharat Mandapam convention centre': a venue, not a body
                    j = last_head_of_name(doc, j, cues)  # 'National Assembly Standing Committee'
                    span = body_span(doc, doc[j], cues)
                    if span is not None:
                        found.append(span)
                    break
        before = [t for t in doc[max(0, tok.i - 3):tok.i]]
        for j, prev in enumerate(before):
            rest = before[j + 1:]
            if is_body_head(prev, cues) and all(
                t.text in ("'s", "’s") or t.ent_type_ == "ORDINAL" or t.like_num or t.tag_ == "JJ" for t in rest
            ):
                span = body_span(doc, prev, cues)
                if span is not None:
                    found.append(span)
    return found


def subject_bodies(doc: Doc, cues: Cues) -> list[Span]:
    """A body that is the subject (or `by` agent) of a lead sentence, or the body briefed there: 'The federal
    cabinet on Tuesday approved', 'the ministry told the Economic Coordination Committee'."""
    found = []
    for sent in lead_sentences(doc, cues):
        for tok in sent:
            if not is_body_head(tok, cues, strong_only=False) or briefs_a_body(tok, cues):
                continue
            is_subject = tok.dep_ in SUBJECT_DEPS and not is_briefed_content(tok, cues) and not is_future_passive(tok)
            is_agent = tok.dep_ == "pobj" and tok.head.lower_ == "by" and tok.head.dep_ == "agent"
            is_briefed = tok.dep_ in ("dobj", "obj") and tok.head.lemma_.lower() in cues.briefing_verbs
            span = body_span(doc, tok, cues)
            if span is not None and (is_subject or is_agent or is_briefed or opens_sentence(span)
                                     or is_named_event(span, tok, cues)):
                found.append(span)
    return found


def briefs_a_body(tok: Token, cues: Cues) -> bool:
    """'the Ministry of National Food Security told the Economic Coordination Committee': who briefs a body
    reports to the meeting; the body told is the one that met."""
    verb = tok.head
    return tok.dep_ in SUBJECT_DEPS and verb.lemma_.lower() in cues.briefing_verbs and any(
        c.dep_ in ("dobj", "obj") and is_body_head(c, cues, strong_only=False) for c in verb.children)


def is_future_passive(tok: Token) -> bool:
    """'a monitoring cell would be set up': a body still to be created did not meet."""
    verb = tok.head
    return tok.dep_ == "nsubjpass" and any(c.tag_ == "MD" or c.lower_ == "to" for c in verb.children)


def is_briefed_content(tok: Token, cues: Cues) -> bool:
    """'briefed the meeting that the Met Office had forecast ...': a body inside what the meeting was told."""
    clause = tok.head
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return False
    return any(head.lemma_.lower() in cues.briefing_verbs for head in clause.ancestors)


def is_named_event(span: Span, head: Token, cues: Cues) -> bool:
    """'attended the International Conference on Climate Resilient Pakistan', 'during the ASEAN Summits'
    (not 'the Rironi-Mau Summit highway': a name that modifies a noun names a thing, not an event)."""
    return (head.lower_ in cues.event_heads and is_capitalised(head) and len(span) > 1
            and not modifies_a_noun(span, cues))


def modifies_a_noun(span: Span, cues: Cues) -> bool:
    after = span.doc[span.end] if span.end < len(span.doc) else None
    return (after is not None and after.pos_ in ("NOUN", "PROPN") and after.lower_ not in cues.meeting_nouns
            and "\n" not in span.doc[span.end - 1].whitespace_)


def opens_sentence(span: Span) -> bool:
    """'KARACHI: The Sindh apex committee ...': the parser reads a dateline's body as an apposition."""
    doc = span.doc
    end = span.end
    if end + 1 < len(doc) and doc[end].ent_type_ == "GPE" and doc[end].ent_iob_ == "B" and doc[end + 1].ent_iob_ != "I":
        end += 1  # 'The District Coordination Committee (DCC) Sialkot on Monday approved': the body's district
    after = doc[end] if end < len(doc) else None
    if after is None or after.is_space or "\n" in doc[end - 1].whitespace_ or after.pos_ in ("NOUN", "PROPN"):
        return False  # a heading ('Presidential Communications Office') or a modifier ('cabinet meeting')
    i = span.start
    if i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    if i == 0:
        return True
    prev = doc[i - 1]
    return prev.text in (":", "-", "\u2013", "\u2014", "):") or "\n" in prev.whitespace_ or prev.is_space or doc[i].is_sent_start


def find_body(doc: Doc, cues: Cues) -> Span | None:
    """The earliest mention, or a later fuller name of it ('Cabinet approves ...' then 'The Union Cabinet')."""
    candidates = meeting_of_bodies(doc, cues) + subject_bodies(doc, cues)
    earliest = min(candidates, key=lambda s: s.start, default=None)
    if earliest is None:
        return None
    fuller = [c for c in candidates if len(c) > len(earliest) and names_more_of(c, earliest)]
    return min(fuller, key=lambda s: s.start, default=earliest)


def names_more_of(fuller: Span, short: Span) -> bool:
    """'The Union Cabinet' after 'Cabinet'; 'the Punjab cabinet committee on smog' after the headline's 'Smog committee';
    'The Uttar Pradesh Cabinet' after the headline's 'UP Cabinet' (abbreviations.is_short_name_of)."""
    if fuller.text.lower().endswith(short.text.lower()) or is_short_name_of(short.text, fuller.text):
        return True
    words = {t.lower_ for t in fuller}
    return short[-1].lower_ in words and all(t.lower_ in words for t in short)


# ---------------------------------------------------------------- chair

def chair_cue_persons(doc: Doc, cues: Cues, people: list[Person]):
    """(token index, person) for every chair cue that resolves to a known person."""
    for tok in doc:
        low = tok.lower_
        person = None
        if low in cues.chair_verbs and (tok.pos_ in ("VERB", "AUX") or tok.dep_ == "advcl"):  # 'Chairing' read as PROPN
            by = passive_agent(tok)
            person = passive_chair(doc, by, people) if by is not None else active_chair(doc, tok, people)
        elif low in ("headed", "led") and tok.head.lower_ in cues.meeting_nouns:
            by = passive_agent(tok)  # 'the meeting, headed by X' (a committee headed by X is not the meeting)
            person = passive_chair(doc, by, people) if by is not None else None
        elif low in cues.chair_nouns:
            person = chair_from_noun(doc, tok, people)
        elif low == "chairman" and tok.i > 0 and doc[tok.i - 1].lower_ in ("its", "their"):
            person = first_person_after(doc, tok.i + 1, people, limit=6)  # 'under its chairman X'
        if person is not None:
            yield tok.i, person


def passive_agent(verb: Token) -> Token | None:
    """The 'by' of 'chaired by X', 'presided over by X', 'chaired jointly by X'."""
    doc = verb.doc
    return next((doc[j] for j in range(verb.i + 1, min(len(doc), verb.i + 4)) if doc[j].lower_ == "by"), None)


def passive_chair(doc: Doc, by: Token, people: list[Person]) -> Person | None:
    """The person after 'by': named, or 'the prime minister'."""
    found = first_person_after(doc, by.i + 1, people)
    if found is not None:
        return found
    obj = next((c for c in by.children if c.dep_ == "pobj"), None)
    return resolve_mention(doc, obj, people) if obj is not None else None


def active_chair(doc: Doc, verb: Token, people: list[Person]) -> Person | None:
    """'X chaired the meeting', 'He was presiding over', 'Chairing the meeting, the prime minister said'."""
    subject = grammatical_subject(verb)
    if subject is not None:
        resolved = resolve_mention(doc, subject, people)
        if resolved is not None:
            return resolved
    sent_start = verb.sent.start
    for j in range(verb.i - 1, sent_start - 1, -1):
        found = person_at(doc, j, people)
        if found:
            return found
    return None


def grammatical_subject(verb: Token) -> Token | None:
    """The verb's subject, climbing out of participles ('Chairing the meeting, the minister said')."""
    node = verb
    for _ in range(3):
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[-1]  # 'PESHAWAR: Chief Minister X chaired': the dateline is parsed as a subject too
        if node.dep_ in ("advcl", "conj", "xcomp", "pcomp") and node.head is not node:
            node = node.head
        else:
            return None
    return None


def resolve_mention(doc: Doc, token: Token, people: list[Person]) -> Person | None:
    """A subject word -> person: a name, 'he'/'she' (the last person named before), 'the chief minister'."""
    found = person_at(doc, token.i, people)
    if found:
        return found
    if token.lower_ in ("he", "she"):
        return last_person_before(doc, token.i, people)
    if token.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        words = [t.text for t in token.subtree if t.dep_ != "det" and t.i <= token.i and not t.is_punct]
        return people.by_role(" ".join(words))  # 'the prime minister'
    return None


def chair_from_noun(doc: Doc, noun: Token, people: list[Person]) -> Person | None:
    """'under the chairmanship of X', 'with X in the chair', 'issued by X as ASEAN chair'."""
    low = noun.lower_
    if low != "chair":
        if noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ == "of":
            return first_person_after(doc, noun.i + 2, people)
        return None
    if any(t.lower_ == "as" for t in doc[max(noun.sent.start, noun.i - 3):noun.i]):
        for j in range(noun.i - 1, noun.sent.start - 1, -1):  # 'issued by X as ASEAN chair'
            found = person_at(doc, j, people)
            if found:
                return found
    if noun.i >= 2 and doc[noun.i - 1].lower_ == "the" and doc[noun.i - 2].lower_ == "in":
        start = next((j for j in range(noun.i - 3, max(noun.sent.start, noun.i - 15) - 1, -1) if doc[j].lower_ == "with"), None)
        if start is not None:
            return first_person_after(doc, start + 1, people)
    return None


def chair_from_role(body: Span | None, people: list[Person], cues: Cues) -> Person | None:
    """No cue: the body's own president/chairman ('European Council President Charles Michel')."""
    if body is None:
        return None
    names = {body.text.lower()} | {t.text.lower() for t in body if t.is_upper and len(t) > 1}
    for person in people:
        role = (person.role or "").lower()
        if any(n in role for n in names) and any(w in role.split() for w in cues.chair_role_words):
            return person
    return None


def find_chair(doc: Doc, cues: Cues, people: list[Person], body: Span | None) -> tuple[int | None, Person | None]:
    """(where the chair cue is, who chaired): the first cue that names someone, else the body's own head."""
    first = next(iter(chair_cue_persons(doc, cues, people)), None)
    if first is not None:
        return first
    return None, chair_from_role(body, people, cues)


# ---------------------------------------------------------------- dateline, date, location

def latest_weekday(anchor: dt.date, weekday: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)


def meeting_date(doc: Doc, cues: Cues, sentences: list[Span], dateline: Dateline | None) -> dt.date | None:
    """Weekday, then today/yesterday, then 'on <date>', then the dateline's own date."""
    anchor = (dateline.date if dateline and dateline.date else None) or doc._.reference_date
    year = anchor.year if anchor else None
    for sent in sentences:
        for tok in sent:
            low = tok.lower_
            if low in cues.weekdays and weekday_is_meeting_day(tok):
                return latest_weekday(anchor, cues.weekdays.index(low)) if anchor else None
    for sent in sentences:
        for tok in sent:
            if tok.lower_ in cues.relative_days and anchor:
                return anchor + dt.timedelta(days=cues.relative_days[tok.lower_])
    for sent in sentences:
        for m in re.finditer(r"\bon\s+(?:[A-Z][a-z]+day,?\s+)?(\d{1,2}\.\d{1,2}\.\d{4}|[^.;:]{3,25})", sent.text):
            found = parse_date_text(m.group(1), cues.months, year)
            if found is not None and (anchor is None or found <= anchor):  # later dates are schedules, not the meeting
                return found
    return dateline.date if dateline else None


def weekday_is_meeting_day(token: Token) -> bool:
    """'on Thursday', 'met Thursday', 'Wednesday's meeting' -- not 'by Friday' or 'since Monday'."""
    prev = token.doc[token.i - 1] if token.i > 0 else None
    nxt = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if prev is not None and (prev.lower_ == "on" or prev.tag_ in ("VBD", "VBZ", "VBP")):
        return True  # 'on Thursday', 'met Thursday'
    return nxt is not None and nxt.text in ("'s", "’s")


def text_location(doc: Doc, cues: Cues, sentences: list[Span]) -> str | None:
    """'at the Presidential Office in Jakarta', 'at State House, Nairobi' in the meeting's sentences."""
    for sent in sentences:
        for ent in sent.ents:
            if ent.label_ != "GPE" or ent.text.lower() in cues.not_cities or ent.start == 0:
                continue
            prev = doc[ent.start - 1]
            after_at = prev.text == "," and any(t.lower_ == "at" for t in doc[max(sent.start, ent.start - 12):ent.start])
            if prev.lower_ == "in" or after_at:
                return ent.text
    return None


# ---------------------------------------------------------------- assembly

def meeting_sentences(doc: Doc, cues: Cues, body: Span | None, chair_at: int | None) -> list[Span]:
    """Where the meeting is told: the body's and the chair cue's sentences, then the lead, in text order."""
    picked = {s.start: s for s in lead_sentences(doc, cues)}
    if body is not None:
        picked[body.sent.start] = body.sent
    if chair_at is not None:
        picked[doc[chair_at].sent.start] = doc[chair_at].sent
    return [picked[k] for k in sorted(picked)]


def participants(doc: Doc, cues: Cues, people: list[Person], chair: Person | None) -> list[str]:
    names = []
    for sent in doc.sents:
        if not any(t.lower_ in cues.attendance for t in sent):
            continue
        for person in people:
            inside = sent.start <= person.name.start < sent.end or any(person_at(doc, t.i, people) is person for t in sent)
            if inside and person is not chair and person.name.text not in names:
                names.append(person.name.text)
    return names


def find_meeting(doc: Doc, cues: Cues) -> MeetingInfo:
    doc.user_data[CAPS_KEY] = caps_line_tokens(doc)  # scratch for is_body_head; removed before returning
    try:
        return assemble_meeting(doc, cues)
    finally:
        doc.user_data.pop(CAPS_KEY, None)


def assemble_meeting(doc: Doc, cues: Cues) -> MeetingInfo:
    people = known_people(doc)
    body = find_body(doc, cues)
    cue_at, chair = find_chair(doc, cues, people, body)
    places = frozenset(e.text for e in doc.ents if e.label_ == "GPE") | cues.places
    dateline = (doc._.dateline or NO_DATELINES).first(places)
    sentences = meeting_sentences(doc, cues, body, cue_at)
    told_at = [s for s in sentences if (body is not None and s.start == body.sent.start) or
               (cue_at is not None and s.start <= cue_at < s.end)]
    location = dateline.city if dateline and dateline.city else text_location(doc, cues, told_at)
    return MeetingInfo(
        body=body.text if body is not None else None,
        chair=chair.name.text if chair else None,
        date=meeting_date(doc, cues, sentences, dateline),
        location=location,
        participants=participants(doc, cues, people, chair),
        body_span=body,
        chair_span=chair.name if chair else None,
    )


class MeetingFinder:
    def __init__(self, words_path: str | None = None, lexicon_path: str | None = None,
                 people_words_path: str | None = None, gazetteer_path: str | None = None):
        self.cues = load_cues(words_path, lexicon_path, people_words_path, gazetteer_path)

    def __call__(self, doc: Doc) -> Doc:
        doc._.meeting = find_meeting(doc, self.cues)
        return doc


@Language.factory(
    "meeting",
    assigns=["doc._.meeting"],
    requires=["doc.ents", "doc._.people", "doc._.dateline", "token.dep", "doc.sents"],
    default_config={"words_path": None, "lexicon_path": None, "people_words_path": None, "gazetteer_path": None},
)
def make_meeting(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None,
                 people_words_path: str | None, gazetteer_path: str | None):
    return MeetingFinder(words_path, lexicon_path, people_words_path, gazetteer_path)
