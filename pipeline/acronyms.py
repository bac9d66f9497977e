"""acronyms: link "Pakistan Telecommunication Authority (PTA)" both ways.

In the style of scispacy's abbreviation detector: the algorithm is the
module-level functions below, the component only applies them. The long
form gets span._.acronym, every mention of the short form gets
span._.canonical, doc._.acronyms maps short -> long. Both become ORG entities
when the model missed one, unless the long form is a plan or law (not an
entity, but still recorded in the map).
"""
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.entity_cleanup import load_words

MAX_LETTERS_PER_WORD = 3
STOP_WORDS = frozenset({"of", "and", "for", "the", "on", "&", "-", "in", "to"})


def is_short_form(text: str) -> bool:
    letters = text.replace("-", "").replace("&", "")
    return 2 <= len(letters) <= 10 and letters.isalnum() and sum(c.isupper() for c in letters) >= 2 and text[0].isupper()


def initials_match(short: str, words: list[str]) -> bool:
    """The short form's capitals spell the long form's content words in order, each word giving its
    initial or a few first letters ('Gujranwala Electric Power COmpany' -> GEPCO)."""
    content = [w.upper() for w in words if w.lower() not in STOP_WORDS and w[0].isalpha()]
    capitals = "".join(c for c in short if c.isupper())
    return spells(capitals, content)


def spells(capitals: str, words: list[str]) -> bool:
    if not words:
        return not capitals
    word = words[0]
    return any(capitals.startswith(word[:size]) and spells(capitals[size:], words[1:])
               for size in range(1, min(len(word), MAX_LETTERS_PER_WORD) + 1))


def long_form_before(doc: Doc, open_paren: int, short: str) -> Span | None:
    """The shortest run of words right before '(' whose initials spell the short form."""
    letters = sum(c.isupper() for c in short)
    for size in range(1, letters * 2 + 3):
        start = open_paren - size
        if start < 0:
            return None
        candidate = doc[start:open_paren]
        if any(t.is_punct and t.text not in ("-", "&") for t in candidate):
            return None
        if candidate[0].is_title or candidate[0].is_upper:
            words = [t.text for t in candidate if not t.is_punct]
            if initials_match(short, words):
                return candidate
    return None


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """(long form, short form) pairs written as 'Long Form (LF)'."""
    pairs = []
    for token in doc[1:-2]:
        if token.text != "(" or doc[token.i + 2].text != ")":
            continue
        short = doc[token.i + 1 : token.i + 2]
        if not is_short_form(short.text):
            continue
        long_form = long_form_before(doc, token.i, short.text)
        if long_form is not None:
            pairs.append((long_form, short))
    return pairs


def acronym_map(pairs: list[tuple[Span, Span]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for long_form, short in pairs:
        mapping.setdefault(short.text, long_form.text)
    return mapping


def short_form_mentions(doc: Doc, mapping: dict[str, str]) -> list[Span]:
    return [doc[t.i : t.i + 1] for t in doc if t.text in mapping]


def with_entities(doc: Doc, spans: list[Span]) -> None:
    """Add each span as ORG unless it overlaps an entity already there."""
    ents = list(doc.ents)
    taken = {i for e in ents for i in range(e.start, e.end)}
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        ents.append(Span(doc, span.start, span.end, label="ORG"))
        taken.update(range(span.start, span.end))
    doc.ents = sorted(ents, key=lambda e: e.start)


def with_long_form_labels(doc: Doc, pairs: list[tuple[Span, Span]]) -> None:
    """'Gujranwala Electric Power Company (GEPCO)': the model's GPE on a later 'GEPCO' takes the long form's label."""
    labels = {}
    for long_form, short in pairs:
        entity = next((e for e in doc.ents if e.start <= long_form.start and long_form.end <= e.end), None)
        if entity is not None:
            labels.setdefault(short.text, entity.label_)
    doc.ents = [Span(doc, e.start, e.end, label=labels[e.text]) if labels.get(e.text, e.label_) != e.label_ else e
                for e in doc.ents]


def link_entities(doc: Doc, mapping: dict[str, str]) -> None:
    reverse = {long: short for short, long in mapping.items()}
    for ent in doc.ents:
        if ent.text in mapping:
            ent._.canonical = mapping[ent.text]
        if ent.text in reverse:
            ent._.acronym = reverse[ent.text]


class AcronymLinker:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.words = load_words()

    def is_entity_form(self, long_form: Span) -> bool:
        return long_form.text not in self.words["not_entities"] and long_form[-1].text not in self.words["not_entity_heads"]

    def __call__(self, doc: Doc) -> Doc:
        pairs = find_abbreviations(doc)
        mapping = acronym_map(pairs)
        doc._.acronyms = mapping
        entity_pairs = [(lf, sf) for lf, sf in pairs if self.is_entity_form(lf)]
        entity_shorts = {sf.text for _, sf in entity_pairs}
        mentions = [m for m in short_form_mentions(doc, mapping) if m.text in entity_shorts]
        plan_shorts = {sf.text for _, sf in pairs} - entity_shorts
        doc.ents = [e for e in doc.ents if e.text not in plan_shorts]
        with_entities(doc, [lf for lf, _ in entity_pairs] + mentions)
        with_long_form_labels(doc, entity_pairs)
        link_entities(doc, mapping)
        return doc


@Language.factory("acronyms", assigns=["doc._.acronyms", "span._.acronym", "span._.canonical"], default_config={})
def make_acronyms(nlp: Language, name: str):
    return AcronymLinker(nlp, name)
