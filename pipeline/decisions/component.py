"""The decisions component: candidates from every rule family, kept by priority, then Spans on doc.spans['decisions']."""
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.clauses import cut_at_comment, split_infinitive_range, tells_an_earlier_act, trim
from pipeline.decisions.actors import meeting_body_words, resolve_actor
from pipeline.decisions.candidates import Found, names_an_action, overlaps
from pipeline.decisions.cues import Cues, load_cues
from pipeline.decisions.linking import deadline_for
from pipeline.decisions.rules import DOC_PASSES, TOKEN_FAMILIES, Family
from pipeline.decisions.rules.common import is_approval_trigger

SPAN_KEY = "decisions"


def find_candidates(doc: Doc, cues: Cues, body_words: frozenset = frozenset()) -> list[tuple[Family, list[Found]]]:
    """Every token rule over every token it can fire on: each family's candidates, in priority order."""
    found: list[list[Found]] = [[] for _ in TOKEN_FAMILIES]
    rules = [[(rule.find, rule.trigger_words(cues)) for rule in family.rules] for family in TOKEN_FAMILIES]
    for token in doc:
        lemma, form = token.lemma_.lower(), token.lower_
        for family_rules, group in zip(rules, found):
            for find, triggers in family_rules:
                if triggers is None or lemma in triggers or form in triggers:
                    group += find(token, cues, body_words)
    return list(zip(TOKEN_FAMILIES, found))


def keep_by_priority(doc: Doc, cues: Cues, candidates: list[tuple[Family, list[Found]]]) -> list[Found]:
    """Each coordinated action on its own; an earlier family wins where two find the same action."""
    kept: list[Found] = []
    for family, group in candidates:
        for found in split_coordinated(group, doc, cues):
            found.rule = found.rule or family.name
            if found.trigger is not None and tells_an_earlier_act(found.trigger):
                continue
            if names_an_action(doc[found.start : found.end]) and not any(overlaps(found, other) for other in kept):
                kept.append(found)
    return kept


def fill_gaps(doc: Doc, cues: Cues, kept: list[Found]) -> list[Found]:
    """The whole-text passes, in order, each adding what the ones before left."""
    for step in DOC_PASSES:
        found = step.rule(doc, cues, kept)
        for f in found:
            f.rule = f.rule or step.name
        kept = kept + [f for f in found if not step.gaps_only or not any(overlaps(f, k) for k in kept)]
    return kept


def find_decisions(doc: Doc, cues: Cues, body_words: frozenset = frozenset()) -> list[Found]:
    """Candidates from every rule, kept by priority, gaps filled, in text order. A learned decider would
    score `find_candidates`' output in place of `keep_by_priority`."""
    kept = keep_by_priority(doc, cues, find_candidates(doc, cues, body_words))
    return sorted(fill_gaps(doc, cues, kept), key=lambda f: f.start)


def split_coordinated(group: list[Found], doc: Doc, cues: Cues) -> list[Found]:
    """One Found per coordinated action, each ended before a trailing comment (', saying ...')."""
    split = []
    for found in group:
        for start, end in split_infinitive_range(doc, found.start, found.end):
            end = cut_before_reported_act(doc, start, end, cues)
            start, end = trim(doc, start, cut_at_comment(doc, start, end, cues.cut_words))
            split.append(Found(start, end, found.kind, found.trigger, found.actor, found.actor_role, found.responsible, found.rule))
    return split


def cut_before_reported_act(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """'allowed TCP to import wheat and extended the deadline': a past-tense act of the body
    coordinated inside the range is a decision of its own (another rule finds it), so the range ends."""
    for token in doc[start + 1 : end]:
        if token.tag_ != "VBD" or token.dep_ != "conj" or doc[token.i - 1].lower_ not in ("and", ","):
            continue
        if doc[start].tag_ == "VBD" and token.head.i == start:
            continue  # 'approved X and okayed Y' under one trigger is split by the object rules
        if token.lemma_.lower() in cues.body_actions | cues.decide | cues.directive | cues.commit or is_approval_trigger(token, cues):
            return token.i - 1
    return end


def to_span(doc: Doc, found: Found, cues: Cues) -> Span:
    span = Span(doc, found.start, found.end, label=found.kind)
    span._.kind = found.kind
    span._.trigger = found.trigger.text if found.trigger is not None else ""
    span._.actor = resolve_actor(found, doc, cues)
    span._.responsible = [r for r in found.responsible if r]
    span._.deadline = deadline_for(doc, found.start, found.end, span.sent.end)
    return span


class DecisionFinder:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None, lexicon_path: str | None = None):
        self.name = name
        self.cues = load_cues(words_path, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            doc.spans[SPAN_KEY] = []
            return doc
        found = find_decisions(doc, self.cues, meeting_body_words(doc))
        doc.spans[SPAN_KEY] = [to_span(doc, f, self.cues) for f in found]
        return doc


@Language.factory(
    "decisions",
    assigns=["doc.spans", "span._.kind", "span._.trigger", "span._.actor", "span._.responsible", "span._.deadline"],
    requires=["token.dep", "token.lemma", "doc.ents", "doc._.meeting", "doc._.people", "doc._.acronyms", "doc.spans"],
    default_config={"words_path": None, "lexicon_path": None},
)
def make_decisions(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None):
    return DecisionFinder(nlp, name, words_path, lexicon_path)
