"""Doc -> Record: the only place where spaCy spans become pydantic models.

Everything downstream (JSON Lines, the API, the evaluation) reads the Record,
never a Span, so records can cross process boundaries as plain data.
"""
from datetime import date

from spacy.tokens import Doc, Span

from pipeline.acronyms import in_both_forms, with_headline_short_name
from pipeline.annotations import MeetingInfo

from models import (
    Decision,
    Deadline,
    DeadlineRef,
    Entity,
    Figure,
    Meeting,
    Person,
    Record,
    Source,
    Target,
)
from models.statement import text_sha256

ENTITY_LABELS = ("PERSON", "ORG", "GPE")


def entity_key(text: str) -> str:
    """How entities are told apart: case-insensitive, without a leading 'the '."""
    key = " ".join(text.split()).lower()
    return key[4:] if key.startswith("the ") else key


def is_part_name_mention(ent: Span) -> bool:
    """'Bugti' after 'Sarfraz Bugti': a PERSON mention whose canonical is the full name."""
    return ent.label_ == "PERSON" and ent._.canonical is not None


def export_entities(doc: Doc) -> list[Entity]:
    """Each distinct (name, label) once, at its first full mention, with every mention's offsets
    (a person's surname mentions included)."""
    seen: dict[tuple[str, str], Entity] = {}
    ents = [e for e in doc.ents if e.label_ in ENTITY_LABELS]
    for ent in sorted(ents, key=is_part_name_mention):  # full names first, so they name the entity
        key = (entity_key(ent._.canonical if is_part_name_mention(ent) else ent.text), ent.label_)
        if key in seen:
            seen[key].mentions.append((ent.start_char, ent.end_char))
            continue
        seen[key] = Entity(
            text=ent.text,
            label=ent.label_,
            start=ent.start_char,
            end=ent.end_char,
            canonical=ent._.canonical,
            acronym=ent._.acronym,
            mentions=[(ent.start_char, ent.end_char)],
        )
    for entity in seen.values():
        entity.mentions.sort()
    return sorted(seen.values(), key=lambda e: e.start)


def export_people(doc: Doc) -> list[Person]:
    return [
        Person(name=p.name.text, role=p.role, start=p.name.start_char, end=p.name.end_char)
        for p in doc._.people or []
    ]


def export_meeting(doc: Doc) -> Meeting:
    found = doc._.meeting or MeetingInfo()
    return Meeting(
        body=found.body,
        chair=found.chair,
        date=found.date,
        location=found.location,
        participants=list(found.participants),
    )


def deadline_ref(span: Span | None) -> DeadlineRef | None:
    if span is None:
        return None
    return DeadlineRef(text=span.text, start=span.start_char, end=span.end_char, date=span._.date)


def decisions_in_order(doc: Doc) -> list[Span]:
    return sorted(doc.spans.get("decisions", []), key=lambda s: (s.start_char, s.end_char))


def headline_subject(doc: Doc, spans: list[Span]) -> tuple[int, str | None]:
    """(end of the first line, the words before its first decision): 'SC' of 'SC rejects SBI plea ...'."""
    text = doc._.text
    line_end = text.find("\n")
    line_end = len(text) if line_end < 0 else line_end
    first = next((span for span in spans if span.end_char <= line_end), None)
    if first is None:
        return line_end, None
    return line_end, text[: first.start_char].strip(" \t:,-\u2013\u2014") or None


def written_actor(span: Span, acronyms: dict[str, str], body: str | None, headline: tuple[int, str | None]) -> str | None:
    """The actor as the record writes it: both names of the body where the headline or the text gives two."""
    line_end, subject = headline
    if span.end_char <= line_end:
        both = with_headline_short_name(span._.actor, body, subject)
        if both is not None:
            return both
    return in_both_forms(span._.actor, acronyms)


def export_decisions(spans: list[Span], acronyms: dict[str, str], body: str | None = None,
                     headline: tuple[int, str | None] = (0, None)) -> list[Decision]:
    return [
        Decision(
            id=f"d{i}",
            kind=span._.kind,
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            trigger=span._.trigger or "",
            actor=written_actor(span, acronyms, body, headline),
            responsible=list(span._.responsible or []),
            deadline=deadline_ref(span._.deadline),
            sentence_start=span.sent.start_char,
            sentence_end=span.sent.end_char,
        )
        for i, span in enumerate(spans, start=1)
    ]


def export_deadlines(doc: Doc, decisions: list[Decision]) -> list[Deadline]:
    bound_by = {(d.deadline.start, d.deadline.end): d.id for d in decisions if d.deadline}
    return [
        Deadline(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            date=span._.date,
            decision_id=bound_by.get((span.start_char, span.end_char)),
        )
        for span in sorted(doc.spans.get("deadlines", []), key=lambda s: s.start_char)
    ]


def export_figures(doc: Doc) -> list[Figure]:
    return [
        Figure(text=s.text, start=s.start_char, end=s.end_char, value=s._.value, unit=s._.unit)
        for s in sorted(doc.spans.get("figures", []), key=lambda s: s.start_char)
    ]


def export_targets(doc: Doc) -> list[Target]:
    return [
        Target(text=s.text, start=s.start_char, end=s.end_char)
        for s in sorted(doc.spans.get("targets", []), key=lambda s: s.start_char)
    ]


def doc_to_record(
    doc: Doc,
    *,
    record_id: str,
    source: Source | None = None,
    published: date | None = None,
    warnings: list[str] | None = None,
) -> Record:
    spans = decisions_in_order(doc)
    meeting = doc._.meeting or MeetingInfo()
    decisions = export_decisions(spans, doc._.acronyms or {}, meeting.body, headline_subject(doc, spans))
    return Record(
        id=record_id,
        text_sha256=text_sha256(doc._.text),
        source=source or Source(),
        published=published,
        meeting=export_meeting(doc),
        entities=export_entities(doc),
        people=export_people(doc),
        decisions=decisions,
        deadlines=export_deadlines(doc, decisions),
        targets=export_targets(doc),
        figures=export_figures(doc),
        warnings=list(warnings or []),
    )
