"""Deadline linking: the deadline span (doc.spans['deadlines']) that bounds a decision."""
from spacy.tokens import Doc, Span

from pipeline.decisions.extent import is_counted_period

DEADLINE_GAP_TOKENS = 3


def deadline_for(doc: Doc, start: int, end: int, sent_end: int) -> Span | None:
    """A deadline inside the decided clause (or the period granted for it: 'one week to Y'),
    or separated from its end by punctuation only."""
    deadlines = sorted(doc.spans.get("deadlines", []), key=lambda s: s.start)
    if start >= 2 and doc[start - 1].lower_ == "to" and is_counted_period(doc[start - 2]):
        start = start - 2 - len([t for t in doc[start - 2].children if t.i < start - 2])  # 'one week to do X' 
    for span in deadlines:
        if start <= span.start < end:
            return span
    for span in deadlines:
        gap = doc[end : span.start]
        if end <= span.start <= end + DEADLINE_GAP_TOKENS and span.start < sent_end and all(t.is_punct for t in gap):
            return span
    return None
