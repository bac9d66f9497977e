"""The trained actor ranker: names who decided, ordered or promised each decision.

For every decision span it gathers the names the actor could be, each with the
ways it was reached: the actor already given (the rules' or the decider's), the
meeting's body and chair, the subject of the action and of the verbs governing
it (a pronoun or a title resolved to the person, a phrase with an acronym to
both its forms), the acronym or expansion of any of those (doc._.acronyms), the
person or organisation named last before the action. A linear model scores each
name; where the actor given names nobody ('the meeting', 'statement':
patterns/actor_placeholders.json) the best one becomes span._.actor. The parties
together ('both sides', 'delegations') become the statement's parties ('Pakistan
and Iran') without the model.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import MeetingInfo
from pipeline.clauses import own_words_start
from pipeline.dateline import NO_DATELINES
from pipeline.decision_candidates import context_of, decision_candidates, rule_decisions, subject_kind, subject_token
from pipeline.errors import read_json
from pipeline.linear_model import LinearLayer, LinearModel, gold_matches

PERSON_PRONOUNS = frozenset({"he", "she", "i"})
PLACEHOLDERS_PATH = Path(__file__).parent / "patterns" / "actor_placeholders.json"
COUNTRIES_PATH = Path(__file__).parent / "patterns" / "countries.json"
ARTICLES = ("the ", "a ", "an ")
PARENTHESISED = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
NEAREST_WINDOW = 400  # characters before the action in which the last named party counts


@dataclass(frozen=True)
class PlaceholderWords:
    """actor_placeholders.json: the actors that name no party, and which of them stand for the statement's parties."""
    collective_parties: frozenset[str]
    placeholders: frozenset[str]
    kept: frozenset[str]
    party_counts: dict[str, int]


@lru_cache(maxsize=1)
def placeholder_words() -> PlaceholderWords:
    """Read on first use: importing the module reads no file."""
    data = read_json(PLACEHOLDERS_PATH)
    collective = frozenset(data["collective_parties"])
    return PlaceholderWords(collective_parties=collective, placeholders=frozenset(data["placeholders"]) | collective,
                            kept=frozenset(data["kept_placeholders"]), party_counts=data["party_counts"])


def is_placeholder(actor: str | None) -> bool:
    """'the meeting', 'both sides', 'statement', a bare pronoun, or no actor: names no party."""
    return actor is None or spelled_out(actor) in placeholder_words().placeholders


def spelled_out(actor: str) -> str:
    return " ".join(actor.split()).lower()


def key(name: str) -> str:
    lowered = " ".join(name.split()).lower()
    for article in ARTICLES:
        if lowered.startswith(article):
            return lowered[len(article):]
    return lowered


def noun_phrase(token: Token) -> str:
    doc = token.doc
    start = own_words_start(token)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("prep", "appos", "compound", "pobj") and "\n" not in doc[child.i: child.right_edge.i + 1].text:
            end = child.right_edge.i + 1
        else:
            break
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return doc[start:end].text.strip(" ,;:")


@dataclass(frozen=True)
class Decided:
    """What the ranker reads of one decision: its tokens, kind and the actor given so far."""

    doc: Doc
    start: int
    end: int
    kind: str
    actor: str | None

    @property
    def span(self) -> Span:
        return self.doc[self.start:self.end]

    @classmethod
    def of(cls, span: Span) -> "Decided":
        return cls(span.doc, span.start, span.end, span._.kind, span._.actor)


NOT_NAMES = frozenset({"it", "this", "that", "these", "those", "which", "who", "there", "they", "we"})


class Names:
    """Names gathered for one decision: name -> the sources that gave it, in first-seen order."""

    def __init__(self):
        self.sources: dict[str, tuple[str, set[str]]] = {}

    def add(self, name: str | None, source: str) -> None:
        # A pronoun names nobody ('It was decided that ...'): it can never replace a placeholder actor.
        if not name or not name.strip() or key(name) in NOT_NAMES:
            return
        name = " ".join(name.split())
        entry = self.sources.setdefault(key(name), (name, set()))
        entry[1].add(source)


def person_for_title(doc: Doc, phrase: str) -> str | None:
    """'the chief minister' -> the person whose role holds that title."""
    lowered = key(phrase)
    for person in doc._.people or []:
        role = (person.role or "").lower()
        if role and (lowered in role or role in lowered):
            return person.name.text
    return None


def last_named_before(doc: Doc, index: int, label: str) -> str | None:
    limit = doc[index].idx - NEAREST_WINDOW
    for ent in reversed([e for e in doc.ents if e.label_ == label and e.end <= index]):
        if ent.start_char < limit:
            return None
        return ent._.canonical or ent.text
    return None


def parties(doc: Doc) -> str | None:
    """The first two places (GPE) named in the statement, as 'A and B'; three for a 'trilateral' meeting
    (patterns/actor_placeholders.json). The dateline's city is where they met, not a party; a capital or
    another name of a country is that country (patterns/countries.json), named by the longest form the
    statement writes for it, with its 'the' ('Pakistan and the United States' over 'US' and 'Washington')."""
    words = {t.lower_ for t in doc}
    counts = placeholder_words().party_counts
    count = max([counts[w] for w in words & counts.keys()], default=2)
    datelines = doc._.dateline or NO_DATELINES
    written: dict[str, list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ == "GPE" and not datelines.holds(ent[0]):
            written.setdefault(country_of(ent.text), []).append(ent)
    if len(written) < count:
        return None
    if count == 2 and (pair := written_pair(doc, datelines)) is not None:
        return pair
    names = [party_name(country, mentions) for country, mentions in list(written.items())[:count]]
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def written_pair(doc: Doc, datelines) -> str | None:
    """'Pakistan and the UK agreed ...': two countries the statement itself names together, as written."""
    places = [e for e in doc.ents if e.label_ == "GPE" and not datelines.holds(e[0])]
    for first, second in zip(places, places[1:]):
        between = [t.lower_ for t in doc[first.end : second.start]]
        known = key(first.text) in country_words().countries and key(second.text) in country_words().countries
        if between in (["and"], ["and", "the"]) and known and country_of(first.text) != country_of(second.text):
            return doc[first.start : second.end].text
    return None


def party_name(country: str, mentions: list[Span]) -> str:
    capitals = country_words().capitals
    named = [m for m in mentions if key(m.text) not in capitals] or mentions
    longest = max(named, key=lambda m: len(m.text))
    if key(longest.text) in capitals:
        return country  # only its capital is written ('London'): the country it stands for
    before = longest.doc[longest.start - 1] if longest.start > 0 else None
    return f"the {longest.text}" if before is not None and before.lower_ == "the" else longest.text


@dataclass(frozen=True)
class CountryWords:
    """patterns/countries.json: every name and capital of a country, keyed as `key` keys names."""
    countries: dict[str, str]  # name, other name or capital -> the country's name
    capitals: frozenset[str]


@lru_cache(maxsize=1)
def country_words() -> CountryWords:
    data = read_json(COUNTRIES_PATH)["countries"]
    names = {}
    for country, entry in data.items():
        for name in [country, *entry["aliases"], entry["capital"]]:
            names.setdefault(key(name), country)
    return CountryWords(countries=names, capitals=frozenset(key(entry["capital"]) for entry in data.values()))


def country_of(place: str) -> str:
    """'US', 'Washington', 'the United States' -> 'United States'; a place that is no known country, itself."""
    return country_words().countries.get(key(place), place)


def first_org(doc: Doc) -> str | None:
    return next((e.text for e in doc.ents if e.label_ == "ORG"), None)


def lede_subjects(doc: Doc) -> list[tuple[str, Token]]:
    """The subjects of the first two sentences' main verbs: a statement's lede names who acted."""
    found = []
    for n, sent in enumerate(list(doc.sents)[:2]):
        subject = subject_token(sent.root)
        if subject is not None:
            found.append((f"lede{n}_subject", subject))
    return found


def gather(decided: Decided) -> Names:
    doc, span = decided.doc, decided.span
    names = Names()
    meeting = doc._.meeting or MeetingInfo()
    acronyms = doc._.acronyms or {}
    names.add(decided.actor, "current")
    names.add(meeting.body, "body")
    names.add(meeting.chair, "chair")
    head = span.root
    verb, depth = head, 0
    while verb is not None and depth < 3:
        subject = subject_token(verb)
        if subject is not None:
            source = "subject" if depth == 0 else "gov_subject"
            if subject.lower_ in PERSON_PRONOUNS:
                names.add(last_named_before(doc, subject.i, "PERSON"), f"{source}_pronoun_person")
            else:
                phrase = noun_phrase(subject)
                names.add(phrase, source)
                names.add(person_for_title(doc, phrase), f"{source}_title_holder")
        verb = verb.head if verb.head is not verb else None
        depth += 1
    names.add(last_named_before(doc, head.i, "PERSON"), "last_person")
    names.add(last_named_before(doc, head.i, "ORG"), "last_org")
    names.add(first_org(doc), "first_org")
    for source, subject in lede_subjects(doc):
        if subject.lower_ not in PERSON_PRONOUNS:
            names.add(noun_phrase(subject), source)
    expansions = {key(v): k for k, v in acronyms.items()}
    for name, _ in list(names.sources.values()):
        match = PARENTHESISED.match(name)
        if match:
            names.add(match.group(1), "before_parenthesis")
            names.add(match.group(2), "in_parenthesis")
        if name in acronyms:
            names.add(acronyms[name], "expansion")
        if key(name) in expansions:
            names.add(expansions[key(name)], "acronym")
        for word in name.split():
            if word in acronyms and word != name:
                names.add(word, "acronym_inside")
    return names


def name_features(decided: Decided, name: str, sources: set[str]) -> dict[str, Any]:
    doc, span = decided.doc, decided.span
    context = context_of(doc)
    current = decided.actor or ""
    subject = subject_token(span.root)
    lowered = name.lower()
    features: dict[str, Any] = {f"from={s}": True for s in sources}
    features.update({
        "sources": min(len(sources), 5),
        "kind": decided.kind,
        "current_is_meeting": key(current) in ("meeting", "meeting's participants"),
        "current_is_placeholder": is_placeholder(decided.actor),
        "current_has_parenthesis": "(" in current,
        "current_is_upper": current.isupper(),
        "is_upper": name.isupper(),
        "has_parenthesis": "(" in name,
        "words": min(len(name.split()), 8),
        "is_meeting": lowered in ("the meeting", "meeting"),
        "subject_kind": subject_kind(subject, context),
        "subject_lemma": subject.lemma_.lower() if subject is not None else "none",
        "in_sentence": lowered in span.sent.text.lower(),
        "in_span": lowered in span.text.lower(),
        "headline": span.start < context.headline_end,
        "in_quote": span.root.i in context.quoted,
    })
    meeting = doc._.meeting or MeetingInfo()
    people = {key(p.name.text) for p in doc._.people or []}
    features["is_person"] = key(name) in people
    features["is_body"] = key(name) == key(meeting.body or "-")
    features["is_chair"] = key(name) == key(meeting.chair or "-")
    features["from_rules"] = (decided.start, decided.end) in {(r.start, r.end) for r in rule_decisions(doc)}
    current_kind = ("meeting" if features["current_is_meeting"] else "body" if key(current) == key(meeting.body or "-")
                    else "person" if key(current) in people else "other")
    features["current_kind"] = current_kind
    for source in sources:
        features[f"{source}&{decided.kind}"] = True
        features[f"{source}&subject={features['subject_kind']}"] = True
        features[f"{source}&current={current_kind}"] = True
        features[f"{source}&rules={features['from_rules']}"] = True
    return features


class ActorLayer(LinearLayer):
    name = "actors"
    c = 0.5

    def examples(self, doc: Doc, gold: Any) -> tuple[list[dict], list[str]]:
        from pipeline.decider import first_actor, gold_labels  # noqa: PLC0415
        from tracker.measure.evaluate import actor_matches  # noqa: PLC0415  (training only)

        candidates = decision_candidates(doc)
        gold_items = gold.spans["decisions"]
        features, labels = [], []
        kinds = gold_labels(doc, candidates, gold)
        for gi, ci in gold_matches(doc, [(c.start, c.end) for c in candidates], gold_items):
            candidate = candidates[ci]
            decided = Decided(doc, candidate.start, candidate.end, kinds[ci], first_actor(doc, candidate))
            gold_actor = gold_items[gi].attrs["actor"]
            for name, sources in gather(decided).sources.values():
                features.append(name_features(decided, name, sources))
                labels.append("yes" if actor_matches(gold_actor, name) else "no")
        return features, labels

    def apply(self, doc: Doc, model: LinearModel) -> None:
        named_parties = parties(doc)
        for span in doc.spans.get("decisions", []):
            if not is_placeholder(span._.actor):
                continue  # a named actor stays: overriding named actors lost more than it won on --cv
            if spelled_out(span._.actor) in placeholder_words().collective_parties and named_parties is not None:
                span._.actor = named_parties  # 'both sides', 'delegations': the parties, as the guideline resolves them
                continue
            best, best_score = None, -1.0
            decided = Decided.of(span)
            for name, sources in gather(decided).sources.values():
                if is_placeholder(name) and key(name) not in placeholder_words().kept:
                    continue  # 'both sides', 'delegations': the name to replace, never the replacement
                score = model.probabilities(name_features(decided, name, sources)).get("yes", 0.0)
                if score > best_score:
                    best, best_score = name, score
            if best is not None:
                span._.actor = best
