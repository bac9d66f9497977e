"""entity_cleanup: turn the model's entities into the guideline's entities.

Runs after `ner`. Titles and honorifics are cut off names, roles and
non-entities (plans, programmes, buildings) are dropped, organisations named
inside a title are kept on their own ("NACTA" in "NACTA National Coordinator"),
and known labels are fixed (provinces are GPE, never PERSON). Word lists live
in patterns/entity_cleanup.json.
"""
import json
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

WORDS_PATH = Path(__file__).parent / "patterns" / "entity_cleanup.json"
NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
LEADING_ARTICLES = ("the", "The", "THE")


def load_words(path: Path = WORDS_PATH) -> dict[str, frozenset[str]]:
    return {key: frozenset(values) for key, values in json.loads(path.read_text(encoding="utf-8")).items()}


def fixed_label(text: str, label: str, words) -> str:
    """Known names keep one label whatever the model guessed."""
    if text in words["gpe_names"]:
        return "GPE"
    if text in words["org_names"]:
        return "ORG"
    return label


def strip_leading(span: Span, drop: frozenset[str]) -> tuple[int, int]:
    start = span.start
    while start < span.end and span.doc[start].text in drop:
        start += 1
    return start, span.end


def strip_trailing(start: int, end: int, doc: Doc, drop: frozenset[str]) -> tuple[int, int]:
    while end > start and doc[end - 1].text in drop:
        end -= 1
    return start, end


def is_acronym(token) -> bool:
    return len(token.text) >= 2 and token.text.isupper() and token.text.replace("-", "").isalpha()


def is_not_entity(span: Span, words) -> bool:
    """Plans, laws, programmes, buildings and events are not entities (GUIDELINE resolved cases)."""
    if span.text in words["not_entities"]:
        return True
    has_of = any(t.lower_ == "of" for t in span)
    return span[-1].text in words["not_entity_heads"] and not has_of


def is_role(span: Span, words) -> bool:
    """'Interior Minister', 'NACTA National Coordinator': a title, not an organisation."""
    if span[-1].text in words["role_heads"]:
        return True
    # 'Federal Minister for Finance' is a title too; "Prime Minister's Office" is not
    return any(
        t.text in ("Minister", "Adviser", "Advisor") and (t.i + 1 >= len(t.doc) or t.nbor().text != "'s")
        for t in span
    )


def is_place_inside_name(span: Span, words) -> bool:
    """'Karachi' in 'Karachi Circular Railway' is part of another name, not a place of its own."""
    doc = span.doc
    if span.label_ != "GPE" or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    return (
        nxt.is_title
        and nxt.ent_iob_ == "O"
        and nxt.tag_ == "NNP"
        and nxt.text not in words["title_words"]
        and nxt.text not in words["honorifics"]
    )


def cleaned_spans(ent: Span, words) -> list[Span]:
    """The entity spans that `ent` stands for after cleanup (none, itself, trimmed, or parts)."""
    doc = ent.doc
    if ent.label_ not in NAME_LABELS:
        return [ent]
    start, end = strip_leading(ent, frozenset(LEADING_ARTICLES))
    if start >= end:
        return []
    span = Span(doc, start, end, label=ent.label_)
    if span.label_ == "PERSON":
        start, end = strip_leading(span, words["honorifics"] | words["title_words"])
        start, end = strip_trailing(start, end, doc, words["honorifics"])
        if start >= end:
            return []
        span = Span(doc, start, end, label="PERSON")
    label = fixed_label(span.text, span.label_, words)
    span = Span(doc, span.start, span.end, label=label)
    if is_not_entity(span, words) or all(t.text in words["title_words"] for t in span):
        return []
    if label == "ORG" and len(span) > 1 and is_role(span, words):
        return [Span(doc, t.i, t.i + 1, label="ORG") for t in span if is_acronym(t) and t.text not in words["role_heads"]]
    if label == "ORG":
        start, end = strip_leading(span, words["role_heads"])
        # a lower-case start is a generic term ('federal cabinet') or a cut title ('of Finance')
        if start >= end or doc[start].is_lower:
            return []
        span = Span(doc, start, end, label="ORG")
    if is_place_inside_name(span, words):
        return []
    return [span]


def merge_adjacent_people(spans: list[Span]) -> list[Span]:
    """The model sometimes cuts one long name in two touching PERSON spans ('Syed Murad' 'Ali Shah')."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        if last is not None and last.label_ == span.label_ == "PERSON" and last.end == span.start:
            merged[-1] = Span(span.doc, last.start, span.end, label="PERSON")
        else:
            merged.append(span)
    return merged


def clean_entities(doc: Doc, words) -> list[Span]:
    spans: list[Span] = []
    for ent in doc.ents:
        spans.extend(cleaned_spans(ent, words))
    return merge_adjacent_people(spans)


class EntityCleanup:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None):
        self.name = name
        self.words = load_words(Path(words_path) if words_path else WORDS_PATH)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = clean_entities(doc, self.words)
        return doc


@Language.factory("entity_cleanup", assigns=["doc.ents"], default_config={"words_path": None})
def make_entity_cleanup(nlp: Language, name: str, words_path: str | None):
    return EntityCleanup(nlp, name, words_path)
