"""targets: stated goals with a measure or a horizon as doc.spans["targets"].

Three shapes, cue words in patterns/targets.json:
- a goal noun ('target', 'goal') and its phrase: 'tax collection target of Rs12,970 billion',
  'measurable targets and timelines', 'set a target of extending X by June 30'; the phrase needs
  a number, a horizon or a qualifying adjective ('its procurement target' alone names no goal);
- an aim verb with a 'to' clause ('aims to stock 25,000 tents', 'is meant to help maintain
  reserves of 2 million tonnes'); the clause must carry a number or a horizon ('by', 'within');
  a forecast verb after 'expected to' ('expected to fall to 9 percent') is a projection;
- a verb whose object is the goal ('wants 40 million people vaccinated by September').
Overlapping candidates keep the longest.
"""
from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

CUES = json.loads((Path(__file__).parent / "patterns" / "targets.json").read_text(encoding="utf-8"))
GOAL_NOUNS = set(CUES["goal_nouns"])
AIM_VERBS = set(CUES["aim_verbs"])
OBJECT_VERBS = set(CUES["object_verbs"])
BRIDGE_VERBS = set(CUES["bridge_verbs"])
FORECAST_VERBS = set(CUES["forecast_verbs"])
HORIZON_WORDS = set(CUES["horizon_words"])


def has_measure_or_horizon(span: Span) -> bool:
    return any(t.like_num or t.lower_ in HORIZON_WORDS or t.ent_type_ in ("DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY") for t in span)


def trim(doc: Doc, start: int, end: int) -> Span | None:
    """Drop leading determiners and trailing punctuation, stay in the sentence; None when nothing is left."""
    end = min(end, doc[start].sent.end)
    # a paragraph break ends the goal even when the parser runs sentences together
    end = next((t.i for t in doc[start:end] if "\n" in t.text), end)
    while start < end and (doc[start].pos_ in ("DET", "PUNCT", "SPACE") or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


def goal_noun_phrase(tok: Token) -> Span | None:
    if tok.lower_ not in GOAL_NOUNS or tok.pos_ != "NOUN":
        return None
    span = trim(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)
    if span is None or not (has_measure_or_horizon(span) or any(t.pos_ == "ADJ" for c in tok.lefts for t in c.subtree)):
        return None
    return span


def aim_clause(tok: Token) -> Span | None:
    """'aims to VERB ...' -> the VERB clause; 'meant to help VERB ...' looks through 'help'."""
    doc = tok.doc
    if tok.lemma_.lower() not in AIM_VERBS or tok.pos_ not in ("VERB", "AUX") or tok.i + 2 >= len(doc):
        return None
    if doc[tok.i + 1].lower_ != "to":
        return None
    verb = doc[tok.i + 2]
    if verb.lemma_.lower() in BRIDGE_VERBS and tok.i + 3 < len(doc) and doc[tok.i + 3].pos_ == "VERB":
        verb = doc[tok.i + 3]
    if verb.pos_ != "VERB" or (tok.lemma_.lower() == "expect" and verb.lemma_.lower() in FORECAST_VERBS):
        return None
    span = trim(doc, verb.i, verb.right_edge.i + 1)
    return span if span is not None and has_measure_or_horizon(span) else None


def object_goal(tok: Token) -> Span | None:
    """'wants 40 million people vaccinated by ...', 'which targets the planting of 15 billion trees'."""
    if tok.lemma_.lower() not in OBJECT_VERBS or tok.pos_ != "VERB":
        return None
    objects = [c for c in tok.rights if c.dep_ in ("dobj", "ccomp", "xcomp", "obj")]
    if not objects:
        return None
    span = trim(tok.doc, objects[0].left_edge.i, objects[-1].right_edge.i + 1)
    return span if span is not None and has_measure_or_horizon(span) else None


def keep_longest(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def find_targets(doc: Doc) -> list[Span]:
    found = []
    for tok in doc:
        for rule in (goal_noun_phrase, aim_clause, object_goal):
            span = rule(tok)
            if span is not None:
                found.append(span)
    return keep_longest(found)


class Targets:
    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["targets"] = find_targets(doc)
        return doc


@Language.factory("targets", assigns=["doc.spans"], default_config={})
def make_targets(nlp: Language, name: str):
    return Targets(nlp, name)
