"""entity_cleanup: turn the model's entities into the guideline's entities.

Runs after `ner`. Titles and honorifics are cut off names, roles and
non-entities (plans, programmes, buildings) are dropped, organisations named
inside a title are kept on their own ("NACTA" in "NACTA National Coordinator"),
and known labels are fixed (provinces are GPE, never PERSON). A capitalised
run ending in a body word ('Khyber Pakhtunkhwa Apex Committee', 'Apex
Committee of the National Action Plan') becomes one organisation where the
model saw only the place inside it, or nothing. Word lists live in
patterns/entity_cleanup.json; honorifics, titles, role and body heads come from
the lexicon (patterns/lexicon.json).
"""
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.abbreviations import initials_match, is_acronym, is_short_form
from pipeline.errors import read_json
from pipeline.lexicon import load_lexicon

WORDS_PATH = Path(__file__).parent / "patterns" / "entity_cleanup.json"
NAME_LABELS = ("PERSON", "ORG", "GPE", "NORP")
LEADING_ARTICLES = ("the", "The", "THE")
FUNCTION_POS = ("DET", "PRON", "ADP", "CCONJ", "SCONJ", "AUX", "PART")
NOT_NAME_ENTS = ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY")


@lru_cache(maxsize=8)  # entity_cleanup and acronyms read the same file: once, shared read-only
def load_words(path: str | Path | None = None, lexicon_path: str | Path | None = None) -> Mapping[str, frozenset[str]]:
    """The component's own word lists with the lexicon's honorifics, titles, role and body heads."""
    words = {key: frozenset(values) for key, values in read_json(Path(path) if path else WORDS_PATH).items()}
    lexicon = load_lexicon(lexicon_path)
    return MappingProxyType({
        **words,
        "honorifics": lexicon.honorifics.as_written_words(),
        "title_words": lexicon.title_words,
        "role_heads": lexicon.role_heads,
        "body_heads": lexicon.body_name_heads,
    })


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
    end = next((t.i for t in span[1:] if t.text in words["name_breaks"]), span.end)
    span = Span(doc, span.start, end, label=span.label_)  # 'Assembly of the Republic by the end of July'
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


def is_name_word(token, words) -> bool:
    """A capitalised word that can be part of a body's name ('Khyber', 'Apex', 'FATF'); not a role or a date."""
    if token.ent_type_ in NOT_NAME_ENTS or token.text in words["role_heads"] or token.text in words["honorifics"]:
        return False
    if token.text in LEADING_ARTICLES or token.pos_ in FUNCTION_POS:  # 'A National Narrative Committee'
        return False
    if token.text == "-":  # 'Anti-Narcotics', 'State-Owned'
        doc = token.doc
        return 0 < token.i < len(doc) - 1 and not doc[token.i - 1].whitespace_ and not token.whitespace_
    return token.is_alpha and (token.is_title or (token.is_upper and len(token) > 1))


def name_run_start(head, words) -> int:
    doc, start = head.doc, head.i
    while start > 0 and "\n" not in doc[start - 1].whitespace_ and is_name_word(doc[start - 1], words):
        start -= 1
    return start


def name_run_end(head, words) -> int:
    """After the head: 'of the National Action Plan', 'on Information Technology and Telecommunications';
    not past 'and the', nor into a body that has its own acronym."""
    doc, end = head.doc, head.i + 1
    if end + 1 >= len(doc) or doc[end].lower_ not in words["name_links"] or "\n" in doc[end - 1].whitespace_:
        return end
    start = end + 2 if doc[end + 1].lower_ == "the" else end + 1
    if start >= len(doc):
        return end
    run_end = start
    while run_end < len(doc) and "\n" not in doc[run_end - 1].whitespace_:
        if is_name_word(doc[run_end], words):
            run_end += 1
        elif doc[run_end].lower_ in words["name_joins"] and run_end + 1 < len(doc) and is_name_word(doc[run_end + 1], words):
            run_end += 1  # 'Information Technology and Telecommunications'
        else:
            break
    if run_end == start or has_own_acronym(doc[start:run_end]):
        return end
    return run_end


def has_own_acronym(name: Span) -> bool:
    """'Executive Board of the International Monetary Fund (IMF)': the name after 'of' is a body of its own."""
    doc = name.doc
    if name.end + 2 >= len(doc) or doc[name.end].text != "(" or doc[name.end + 2].text != ")":
        return False
    short = doc[name.end + 1].text
    return is_short_form(short) and initials_match(short, [t.text for t in name if not t.is_punct])


def body_name_at(head, spans: list[Span], words) -> Span | None:
    """A capitalised run ending in a body word is one organisation ('Khyber Pakhtunkhwa Apex Committee',
    'Apex Committee of the National Action Plan'), where the model saw only the place inside it or nothing.
    It must hold a name (an entity or an acronym) or three words: 'Apex Committee', 'Task Force' are generic."""
    doc = head.doc
    start, end = name_run_start(head, words), name_run_end(head, words)
    span = Span(doc, start, end, label="ORG")
    words_in_name = [t for t in span if t.is_alpha and t.lower_ not in words["name_links"]]
    holds_a_name = any(is_acronym(t) or any(s.start <= t.i < s.end for s in spans) for t in span if t.i != head.i)
    if len(words_in_name) < 2 or not (holds_a_name or len(words_in_name) >= 3):
        return None
    if head.text in words["territorial_heads"] and end == head.i + 1 and is_place(doc[start:head.i], spans):
        return None  # 'Karachi Division' is a stretch of land
    return span


def is_place(words_span: Span, spans: list[Span]) -> bool:
    return any(s.label_ == "GPE" and s.start <= words_span.start and words_span.end <= s.end for s in spans)


def with_body_names(doc: Doc, spans: list[Span], words) -> list[Span]:
    """Add the bodies named around their head word; a body swallows the entities inside it, never part of one."""
    for head in doc:
        if head.text not in words["body_heads"] or not head.is_title:
            continue
        body = body_name_at(head, spans, words)
        if body is None or any(s.start < body.start < s.end or s.start < body.end < s.end for s in spans):
            continue
        if any(s.start <= body.start and body.end <= s.end for s in spans):
            continue  # already an entity, or inside one
        spans = [s for s in spans if not (body.start <= s.start and s.end <= body.end)] + [body]
    return sorted(spans, key=lambda s: s.start)


def clean_entities(doc: Doc, words) -> list[Span]:
    spans: list[Span] = []
    for ent in doc.ents:
        spans.extend(cleaned_spans(ent, words))
    return with_body_names(doc, merge_adjacent_people(spans), words)


class EntityCleanup:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None, lexicon_path: str | None = None):
        self.name = name
        self.words = load_words(words_path, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = clean_entities(doc, self.words)
        return doc


@Language.factory(
    "entity_cleanup",
    assigns=["doc.ents"],
    requires=["doc.ents"],
    default_config={"words_path": None, "lexicon_path": None},
)
def make_entity_cleanup(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None):
    return EntityCleanup(nlp, name, words_path, lexicon_path)
