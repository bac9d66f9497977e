"""acronyms: link "Pakistan Telecommunication Authority (PTA)" both ways.

In the style of scispacy's abbreviation detector: the algorithm is in
pipeline/abbreviations.py, the component only applies it. The long
form gets span._.acronym, every mention of the short form gets
span._.canonical, doc._.acronyms maps short -> long. Both become ORG entities
when the model missed one, unless the long form is a plan or law (not an
entity, but still recorded in the map).
"""
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.abbreviations import find_abbreviations, is_short_form, is_short_name_of
from pipeline.entity_cleanup import load_words


def acronym_map(pairs: list[tuple[Span, Span]]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for long_form, short in pairs:
        mapping.setdefault(short.text, long_form.text)
    for long_form, short in pairs:
        first = short.text.split("-")[0]
        if "-" in short.text and is_short_form(first):
            mapping.setdefault(first, long_form.text)  # 'IATF-EID', later just 'IATF'
    return mapping


def in_both_forms(name: str | None, mapping: dict[str, str]) -> str | None:
    """'OGRA' or 'Oil and Gas Regulatory Authority' -> 'Oil and Gas Regulatory Authority (OGRA)': a name the
    statement defines an acronym for, as the statement introduces it, so a reader (and a tracker matching
    names across statements) gets both; any other name as it is."""
    if not name or "(" in name:
        return name
    bare = name.removeprefix("the ").removeprefix("The ")
    if bare in mapping:
        return f"{mapping[bare]} ({bare})"
    short = next((s for s, long in mapping.items() if long.lower() == bare.lower()), None)
    return f"{bare} ({short})" if short is not None else name


def with_headline_short_name(actor: str | None, body: str | None, headline_subject: str | None) -> str | None:
    """'SC rejects SBI plea': a headline decision of the body, named by the headline's short name for it
    ('SC', 'SEBI board', 'UP Cabinet'), gets both names, 'Supreme Court (SC)', as in_both_forms gives a
    defined acronym; None when the headline's subject is no short name of the body or the actor is not it."""
    if not (actor and body and headline_subject) or not is_short_name_of(headline_subject, body):
        return None
    actor_lower, body_lower = actor.lower(), body.lower()
    if headline_subject.lower() in actor_lower or not (body_lower in actor_lower or actor_lower in body_lower):
        return None
    return f"{body} ({headline_subject})"


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


def without_bracketed_short_forms(doc: Doc, pairs: list[tuple[Span, Span]]) -> None:
    """'Department of Health (DOH': an entity the model ran on into the bracket ends with its long form, so
    the short form becomes an entity of its own."""
    opens = {short.start - 1: long_form for long_form, short in pairs}
    ents = []
    for ent in doc.ents:
        cut = next((long_form for bracket, long_form in opens.items()
                    if ent.start <= long_form.start and long_form.end == bracket and bracket < ent.end), None)
        ents.append(Span(doc, ent.start, cut.end, label=ent.label_) if cut is not None and cut.end > ent.start else ent)
    doc.ents = ents


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


def holder_follows(short: Span, window: int = 6) -> bool:
    """A person's name within a few words after '(COAS)': 'General Syed Asim Munir', ', retired Major General X'."""
    doc = short.doc
    return any(t.ent_type_ == "PERSON" for t in doc[short.end + 1 : min(len(doc), short.end + 1 + window)])


class AcronymLinker:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None, lexicon_path: str | None = None):
        self.name = name
        self.words = load_words(words_path, lexicon_path)  # entity_cleanup's lists: plans and laws are no entities

    def is_entity_form(self, long_form: Span, short: Span) -> bool:
        """Not a plan or law, and not an office: 'Chief of Army Staff (COAS) General Syed Asim Munir' names
        a title, its holder is the entity; 'Auditor General of Pakistan (AGP) to audit' is the institution."""
        if long_form.text in self.words["not_entities"] or long_form[-1].text in self.words["not_entity_heads"]:
            return False
        return not (long_form.root.text in self.words["role_heads"] and holder_follows(short))

    def __call__(self, doc: Doc) -> Doc:
        pairs = find_abbreviations(doc)
        mapping = acronym_map(pairs)
        doc._.acronyms = mapping
        entity_pairs = [(lf, sf) for lf, sf in pairs if self.is_entity_form(lf, sf)]
        entity_shorts = {sf.text for _, sf in entity_pairs}
        mentions = [m for m in short_form_mentions(doc, mapping) if m.text in entity_shorts]
        plan_shorts = {sf.text for _, sf in pairs} - entity_shorts
        doc.ents = [e for e in doc.ents if e.text not in plan_shorts]
        without_bracketed_short_forms(doc, entity_pairs)
        with_entities(doc, [lf for lf, _ in entity_pairs] + [sf for _, sf in entity_pairs] + mentions)
        with_long_form_labels(doc, entity_pairs)
        link_entities(doc, mapping)
        return doc


@Language.factory(
    "acronyms",
    assigns=["doc._.acronyms", "doc.ents", "span._.acronym", "span._.canonical"],
    requires=["doc.ents"],
    default_config={"words_path": None, "lexicon_path": None},
)
def make_acronyms(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None):
    return AcronymLinker(nlp, name, words_path, lexicon_path)
