"""entity_names: make doc.ents agree with the people found and trim what the model over-reaches.

Runs after `people`, which reads titles, appositions and name lists far better
than the small model's PERSON tags. So:

- every person of doc._.people is a PERSON entity over exactly their name, and
  any entity overlapping that name goes ('Shah Mahmood' PERSON + 'Qureshi' GPE
  become 'Shah Mahmood Qureshi');
- a later mention by part of the name ('Bugti' after 'Sarfraz Bugti') is a
  PERSON mention of that person (span._.canonical is the full name);
- a PERSON tag that is no known person and a single word ('Flour', 'Itikaf') goes;
- organisation and place names lose what the model glued on: a dateline before
  a dash or a line break, an unclosed bracket, a trailing 'of' or "'s";
- generic single words ('Government', 'Commission') are not names, and a name
  ending in a place word ('Tribal Areas', 'Capital Territory') is a GPE;
- a known place opening a dateline ('ABUJA —', 'BRUSSELS -') is a GPE.
Word lists live in patterns/entity_names.json.
"""
import re
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.dateline import NO_DATELINES
from pipeline.errors import read_json
from pipeline.gazetteer import load_gazetteer
from pipeline.lexicon import load_lexicon

WORDS_PATH = Path(__file__).parent / "patterns" / "entity_names.json"
NAME_LABELS = ("ORG", "GPE")
YEAR_RANGE = re.compile(r"(19|20)\d{2}([-–/]\d{2,4})?")
AMOUNT = re.compile(r"(Rs\.?|PKR|US\$|\$)\s?\d")
NAME_LINKS = frozenset({"of", "on", "for"})


def load_words(path: str | Path | None = None, lexicon_path: str | Path | None = None) -> dict[str, frozenset[str]]:
    """The component's own word lists with the lexicon's name particles and body heads."""
    words = {key: frozenset(values) for key, values in read_json(Path(path) if path else WORDS_PATH).items()
             if not key.startswith("_")}
    lexicon = load_lexicon(lexicon_path)
    return {**words, "name_particles": lexicon.name_particles, "body_heads": lexicon.body_name_heads}


# ---------------------------------------------------------------- people


def people_spans(doc: Doc) -> list[Span]:
    return [Span(doc, p.name.start, p.name.end, label="PERSON") for p in doc._.people or []]


def name_words(people: list[Span]) -> dict[str, set[str]]:
    """Each capitalised word of a person's name -> the full names it belongs to."""
    owners: dict[str, set[str]] = {}
    for person in people:
        for token in person:
            if token.is_alpha and token.text[:1].isupper():
                owners.setdefault(token.text, set()).add(person.text)
    return owners


def refers_to_person(ent: Span, owners: dict[str, set[str]], particles: frozenset[str]) -> str | None:
    """The one full name every word of this entity belongs to ('Bugti' -> 'Sarfraz Bugti';
    'Mir Zahoor Buledi' -> 'Mir Zahoor Ahmed Buledi' even when another person is a 'Mir' too)."""
    words = [t.text for t in ent if t.text not in particles]
    if not words or not all(word in owners for word in words):
        return None
    common = set.intersection(*(owners[word] for word in words))
    return common.pop() if len(common) == 1 else None


# ---------------------------------------------------------------- trimming


def after_last_break(span: Span, words) -> int:
    """'BRUSSELS - The European Council', 'Abuja\n\nThe Federal Executive Council': the name starts after."""
    start = span.start
    for token in span[:-1]:
        spaced_dash = token.text in words["dateline_dashes"] and bool(token.whitespace_) and token.i > 0 \
            and bool(token.nbor(-1).whitespace_)
        if "\n" in token.text or "\n" in token.whitespace_ or spaced_dash:
            start = token.i + 1
    return start


def before_line_break(doc: Doc, start: int, end: int) -> int:
    """'Presidential Communications Office\nNews Release': a name never runs over a line break."""
    for token in doc[start:end]:
        if "\n" in token.text:
            return token.i
        if "\n" in token.whitespace_:
            return token.i + 1
    return end


def without_unclosed_bracket(doc: Doc, start: int, end: int) -> int:
    """'Cabinet Committee on Privatisation (CCoP': the bracket the model opened but never closed goes."""
    opened = [t.i for t in doc[start:end] if t.text == "("]
    closed = [t.i for t in doc[start:end] if t.text == ")"]
    if len(opened) > len(closed):
        return opened[len(closed)] if closed else opened[0]
    return end


def trimmed(ent: Span, words) -> Span | None:
    doc = ent.doc
    start = after_last_break(ent, words)
    while start < ent.end and (doc[start].lower_ in words["leading_drop"] or doc[start].is_punct or doc[start].is_space):
        start += 1
    end = before_line_break(doc, start, ent.end)
    end = without_unclosed_bracket(doc, start, end)
    while end > start and (doc[end - 1].lower_ in words["trailing_drop"] or (doc[end - 1].is_punct and doc[end - 1].text != ")")
                           or doc[end - 1].is_space or is_year_range(doc[end - 1])):
        end -= 1
    if end <= start:
        return None
    return Span(doc, start, end, label=ent.label_)


def is_year_range(token) -> bool:
    return bool(YEAR_RANGE.fullmatch(token.text))


def is_generic(span: Span, words) -> bool:
    """'Government', 'Commission', 'Provinces' alone; an amount the model read as a name ('Rs60.4 million')."""
    if len(span) == 1 and (span.text in words["generic_words"] or is_common_noun(span[0])):
        return True
    return bool(AMOUNT.match(span.text))


def is_common_noun(token) -> bool:
    """'• Provinces will submit ...': a capitalised common noun opening a line is not a name."""
    return token.tag_ in ("NN", "NNS") and not token.is_upper


def is_not_a_name(span: Span, words) -> bool:
    """Laws, funds, treaties and the like are not entities, whatever comes after 'of': the 'Treaty of
    Versailles' is a treaty, the 'Apex Committee of the National Action Plan' a committee."""
    head = name_head(span)
    if span.text in words["not_names"] or head.text in words["not_name_heads"]:
        return True
    return span[-1].text in words["not_name_heads"] and head.text not in words["body_heads"]  # 'Prevention of ... Act'


def name_head(span: Span):
    """The word the name is about: the one before its first 'of'/'on'/'for', else the last."""
    link = next((t for t in span[1:] if t.lower_ in NAME_LINKS), None)
    return span[link.i - span.start - 1] if link is not None else span[-1]


def place_label(span: Span, words) -> str:
    if span.label_ == "ORG" and (span[-1].text in words["place_heads"] or span.text in words["places"]):
        return "GPE"
    return span.label_


# ---------------------------------------------------------------- datelines


def tagged_as_name(doc: Doc, start: int, end: int) -> bool:
    """The model tagged exactly this dateline as an ORG or GPE ('RIO DE JANEIRO'): a place it did not know."""
    return any(e.start_char == start and e.end_char == end and e.label_ in NAME_LABELS and len(e.text) > 5
               for e in doc.ents)


def dateline_places(doc: Doc, places: frozenset[str]) -> list[Span]:
    """'ABUJA —', 'BRUSSELS -', 'NAIROBI:' opening a line near the top: a known place there, or one the
    model took for a name, is a GPE."""
    found = []
    for dateline in (doc._.dateline or NO_DATELINES).capitals:
        if dateline.city.lower() in places or tagged_as_name(doc, dateline.city_start, dateline.city_end):
            span = doc.char_span(dateline.city_start, dateline.city_end, label="GPE")
            if span is not None:
                found.append(span)
    return found


# ---------------------------------------------------------------- assembly


def joined_across_of(ents: list[Span]) -> list[Span]:
    """'Government of' + 'India', 'Supreme Court' 'of' 'Pakistan': an organisation named after a place
    (an organisation 'of' another organisation stays two: 'Cyber Crime Wing of the FIA')."""
    doc = ents[0].doc if ents else None
    joined: list[Span] = []
    for ent in ents:
        last = joined[-1] if joined else None
        if last is not None and last.label_ == "ORG" and ent.label_ == "GPE" and links_by_of(doc, last, ent):
            merged = Span(doc, last.start, ent.end, label="ORG")
            merged._.canonical, merged._.acronym = last._.canonical, last._.acronym
            joined[-1] = merged
        else:
            joined.append(ent)
    return joined


def links_by_of(doc: Doc, left: Span, right: Span) -> bool:
    between = [t.lower_ for t in doc[left.end : right.start]]
    ends_with_of = left[-1].lower_ == "of" and between in ([], ["the"])
    return ends_with_of or between in (["of"], ["of", "the"])


def reconciled_entities(doc: Doc, words, places: frozenset[str] = frozenset()) -> list[Span]:
    people = people_spans(doc)
    datelines = [d for d in dateline_places(doc, places) if not overlaps_any(d, people)]
    owners = name_words(people)
    kept: list[Span] = people + datelines
    for ent in joined_across_of(list(doc.ents)):
        if overlaps_any(ent, people):
            continue
        span = reconciled(ent, words, owners)
        if span is not None and not overlaps_any(span, datelines):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def overlaps_any(span: Span, others: list[Span]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in others)


def reconciled(ent: Span, words, owners: dict[str, set[str]]) -> Span | None:
    """What one model entity becomes: a mention of a known person, a trimmed name, itself, or nothing."""
    doc = ent.doc
    full_name = refers_to_person(ent, owners, words["name_particles"])
    if full_name is not None and ent.label_ in ("PERSON",) + NAME_LABELS:
        mention = Span(doc, ent.start, ent.end, label="PERSON")
        mention._.canonical = full_name
        return mention
    if ent.label_ == "PERSON":
        return None  # no person the people component knows: 'Flour', 'Linda Mama', 'Delhi Metro'
    if ent.label_ not in NAME_LABELS:
        return ent
    span = trimmed(ent, words)
    if span is None or is_generic(span, words) or is_not_a_name(span, words):
        return None
    span = Span(doc, span.start, span.end, label=place_label(span, words))
    span._.canonical, span._.acronym = ent._.canonical, ent._.acronym
    return span


class EntityNames:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None, lexicon_path: str | None = None,
                 gazetteer_path: str | None = None):
        self.name = name
        self.words = load_words(words_path, lexicon_path)
        self.places = load_gazetteer(gazetteer_path).place_names(("GPE",))

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = reconciled_entities(doc, self.words, self.places)
        return doc


@Language.factory(
    "entity_names",
    assigns=["doc.ents", "span._.canonical"],
    requires=["doc.ents", "doc._.people", "doc._.dateline"],
    default_config={"words_path": None, "lexicon_path": None, "gazetteer_path": None},
)
def make_entity_names(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None,
                      gazetteer_path: str | None):
    return EntityNames(nlp, name, words_path, lexicon_path, gazetteer_path)
