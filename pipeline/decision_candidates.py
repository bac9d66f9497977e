"""Decision candidates and their features: what the trained decider chooses among.

A candidate is a token range that could carry a decided action:
- every decision the rules found (their kind, trigger and actor become features);
- every predicate the rules left alone: a verb heading a clause (finite verbs,
  infinitives under another verb, passives, participles opening a clause) whose
  head word lies outside the rules' decisions;
- each item of a list (a line opened by a list marker) with no such verb, split
  where a coordinated item starts with an amount ('Rs500,000 for X and Rs300,000 for Y').

Candidates never overlap a rule decision, and a clause stops where a nested
candidate clause begins, so two candidates never share a token.

`candidate_features` is a pure function of (doc, candidate): the parse around the
head word (lemma, tag, dependency, the governing verbs, auxiliaries, negation,
passive, tense), the subject's kind (the meeting's body, a meeting word, a
person, a pronoun, a named party), where it stands (headline, list item,
quotation, attribution), and the rules' own reading. Nothing here is learned
from the gold: the vocabulary is built by training, on the training folds only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.annotations import MeetingInfo
from pipeline.clauses import LIST_MARKER, MONEY_START, coordinated_amounts, is_numbering

RULES_KEY = ("statement_tracker", "rule_decisions")
CONTEXT_KEY = ("statement_tracker", "candidate_context")
CLAUSE_DEPS = frozenset({"ROOT", "conj", "ccomp", "xcomp", "advcl", "parataxis", "dep", "relcl", "acl", "pcomp"})
DETACHED = frozenset({"conj", "cc", "parataxis", "preconj"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})
LIST_LINE = re.compile(LIST_MARKER.pattern + r"(.+)$", re.MULTILINE)
QUOTES = frozenset({'"', "\u201c", "\u201d"})
PERSON_PRONOUNS = frozenset({"he", "she", "i"})
BODY_PRONOUNS = frozenset({"it", "they", "we"})
MEETING_WORDS = frozenset({"meeting", "session", "sitting", "huddle", "moot", "participants", "members", "forum"})
ATTRIBUTION_LEMMAS = frozenset({"say", "add", "state", "tell", "note", "inform", "brief", "report", "claim"})


@dataclass(frozen=True)
class RuleDecision:
    """One decision the rules found, as plain data (the rules' Spans are replaced by the decider)."""

    start: int  # token range
    end: int
    kind: str
    trigger: str
    actor: str | None
    responsible: tuple[str, ...]
    deadline: tuple[int, int] | None  # token range of its deadline span


@dataclass(frozen=True)
class Candidate:
    start: int  # token range
    end: int
    head: int  # the word that carries the action
    source: str  # "rule" | "verb" | "item"
    rule: RuleDecision | None = None


def rule_decisions(doc: Doc) -> tuple[RuleDecision, ...]:
    """The rules' decisions, read once from doc.spans["decisions"] and kept, so a decider applied twice
    (cross-validation applies one per fold) always starts from the rules' output."""
    kept = doc.user_data.get(RULES_KEY)
    if kept is None:
        kept = doc.user_data[RULES_KEY] = tuple(
            RuleDecision(
                start=span.start, end=span.end, kind=span._.kind, trigger=span._.trigger or "",
                actor=span._.actor, responsible=tuple(span._.responsible or ()),
                deadline=(span._.deadline.start, span._.deadline.end) if span._.deadline is not None else None,
            )
            for span in sorted(doc.spans.get("decisions", []), key=lambda s: (s.start, s.end))
        )
    return kept


# ---------------------------------------------------------------- candidates


def is_clause_verb(token: Token) -> bool:
    if token.dep_ not in CLAUSE_DEPS:
        return False
    if token.pos_ == "VERB":
        return True
    return token.pos_ == "AUX" and token.dep_ in ("ROOT", "conj", "ccomp") and any(
        c.dep_ in ("attr", "acomp", "xcomp") for c in token.children)


def covered_tokens(rules: tuple[RuleDecision, ...]) -> set[int]:
    return {i for r in rules for i in range(r.start, r.end)}


def clause_range(verb: Token, heads: set[int], blocked: set[int]) -> tuple[int, int]:
    """From the verb (or a passive subject before it) to the end of its clause, stopping before any
    other candidate's clause, a detached child or a rule decision."""
    doc = verb.doc
    sent = verb.sent
    start = verb.i
    for child in verb.lefts:
        if child.dep_ in ("nsubjpass", "aux", "auxpass", "neg") and child.i not in blocked:
            start = min(start, child.left_edge.i if child.dep_ == "nsubjpass" else child.i)
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ in DETACHED or child.i in heads or child.i in blocked:
            break
        end = max(end, child.right_edge.i + 1)
    for i in range(verb.i + 1, end):
        if i in heads or i in blocked or "\n" in doc[i].text:
            end = i
            break
    while end > verb.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].dep_ == "cc"):
        end -= 1
    start = max(start, sent.start)
    while start < verb.i and (start in blocked or is_numbering(doc[start]) or doc[start].is_punct):
        start += 1
    return start, min(end, sent.end)


def verb_candidates(doc: Doc, blocked: set[int]) -> list[Candidate]:
    heads = {t.i for t in doc if is_clause_verb(t) and t.i not in blocked}
    found = []
    for i in sorted(heads):
        start, end = clause_range(doc[i], heads - {i}, blocked)
        if not is_lead_in(doc, end):
            found.append(Candidate(start, end, i, "verb"))
    return found


def is_lead_in(doc: Doc, end: int) -> bool:
    """A clause ending at a colon ('approved the following:') introduces its items and is no decision
    of its own (GUIDELINE.md resolved cases)."""
    return end < len(doc) and doc[end].text == ":"


def item_candidates(doc: Doc, taken: set[int], amounts_only: bool = False) -> list[Candidate]:
    """List lines without a candidate verb: each item (and each amount coordinated in it) is one; with
    `amounts_only`, only the items that open with a sum of money."""
    text = doc._.text
    found = []
    for line in LIST_LINE.finditer(text):
        for part_start, part_end in coordinated_amounts(text, line.start(1), line.end(1)):
            if amounts_only and not MONEY_START.match(text, part_start):
                continue
            span = doc.char_span(part_start, part_end, alignment_mode="contract")
            if span is None or len(span) == 0 or any(i in taken for i in range(span.start, span.end)):
                continue
            found.append(Candidate(span.start, span.end, span.root.i, "item"))
    return found


def decision_candidates(doc: Doc) -> list[Candidate]:
    """Rule decisions first, then the predicates and list items they left, in text order."""
    rules = rule_decisions(doc)
    blocked = covered_tokens(rules)
    found = [Candidate(r.start, r.end, rule_head(doc, r), "rule", r) for r in rules]
    if doc.has_annotation("DEP"):
        # a list line that opens with an amount is an item whatever verbs it holds ('Rs500,000 for each
        # person left permanently disabled'): the verbs there modify its nouns
        amounts = item_candidates(doc, blocked, amounts_only=True)
        in_amounts = {i for c in amounts for i in range(c.start, c.end)}
        verbs = [c for c in verb_candidates(doc, blocked) if c.head not in in_amounts]
        found += verbs + amounts
        item_lines_taken = blocked | in_amounts | {i for c in verbs for i in range(c.start, c.end)
                                                   if doc[c.head].pos_ == "VERB"}
        found += item_candidates(doc, item_lines_taken)
    return sorted(found, key=lambda c: (c.start, c.end))


def rule_head(doc: Doc, rule: RuleDecision) -> int:
    return doc[rule.start:rule.end].root.i


# ---------------------------------------------------------------- context of a statement


@dataclass(frozen=True)
class Context:
    body_words: frozenset
    person_tokens: frozenset
    quoted: frozenset  # token indices inside quotation marks
    headline_end: int  # tokens before this are the headline (0: none)
    list_tokens: frozenset
    lead_in_lines: frozenset  # token indices on list lines whose list has a lead-in ending in ':'
    rule_sentences: dict  # sentence start -> number of rule decisions in it
    deadline_tokens: frozenset


def context_of(doc: Doc) -> Context:
    kept = doc.user_data.get(CONTEXT_KEY)
    if kept is None:
        kept = doc.user_data[CONTEXT_KEY] = build_context(doc)
    return kept


def build_context(doc: Doc) -> Context:
    meeting = doc._.meeting or MeetingInfo()
    body = meeting.body or ""
    body_words = {w.lower() for w in re.findall(r"[A-Za-z]+", body) if len(w) > 2} - {"the", "and", "for"}
    body_words |= {k.lower() for k in (doc._.acronyms or {})}
    persons = {i for p in (doc._.people or []) for i in range(p.name.start, p.name.end)}
    persons |= {i for ent in doc.ents if ent.label_ == "PERSON" for i in range(ent.start, ent.end)}
    quoted, inside = set(), False
    for i, word in enumerate(token.text for token in doc):
        if word in QUOTES or word == "''" or word == "``":
            inside = not inside
            continue
        if "\n\n" in word:
            inside = False
        if inside:
            quoted.add(i)
    text = doc._.text
    list_tokens, lead_in = set(), set()
    for line in LIST_LINE.finditer(text):
        span = doc.char_span(line.start(), line.end(), alignment_mode="expand")
        if span is None:
            continue
        indices = set(range(span.start, span.end))
        list_tokens |= indices
        if text[:line.start()].rstrip().endswith(":"):
            lead_in |= indices
        else:
            # an earlier line of the same list opened by a lead-in
            before = text[:line.start()].rstrip().rsplit("\n", 1)
            if LIST_LINE.match(before[-1] + "\n") and span.start - 1 >= 0 and (span.start - 1) in lead_in:
                lead_in |= indices
    rules = rule_decisions(doc)
    per_sentence: dict[int, int] = {}
    for r in rules:
        sent_start = doc[r.start].sent.start
        per_sentence[sent_start] = per_sentence.get(sent_start, 0) + 1
    deadlines = {i for s in doc.spans.get("deadlines", []) for i in range(s.start, s.end)}
    return Context(frozenset(body_words), frozenset(persons), frozenset(quoted), headline_end(doc),
                   frozenset(list_tokens), frozenset(lead_in), per_sentence, frozenset(deadlines))


def headline_end(doc: Doc) -> int:
    """A first line of at most 16 words without a full stop is a headline."""
    text = doc._.text
    first = text.lstrip().split("\n", 1)[0]
    if "\n" not in text.strip() or not first or first.rstrip().endswith(".") or len(first.split()) > 16:
        return 0
    end_char = text.index(first) + len(first)
    span = doc.char_span(0, end_char, alignment_mode="expand")
    return span.end if span is not None else 0


# ---------------------------------------------------------------- features


def subject_token(verb: Token) -> Token | None:
    seen = 0
    while verb is not None and seen < 5:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return subjects[0]
        if verb.dep_ not in ("conj", "xcomp") or verb.head is verb:
            return None
        verb = verb.head
        seen += 1
    return None


def subject_kind(subject: Token | None, context: Context) -> str:
    if subject is None:
        return "none"
    lower = subject.lower_
    if lower in PERSON_PRONOUNS:
        return "person_pronoun"
    if lower in BODY_PRONOUNS:
        return "body_pronoun"
    if subject.i in context.person_tokens:
        return "person"
    phrase = {t.lower_ for t in subject.subtree}
    if phrase & context.body_words:
        return "body"
    if lower in MEETING_WORDS:
        return "meeting"
    if subject.ent_type_:
        return f"ent_{subject.ent_type_}"
    return f"pos_{subject.pos_}"


def governors(token: Token, limit: int = 3) -> list[Token]:
    found, current = [], token
    while current.head is not current and len(found) < limit:
        current = current.head
        found.append(current)
    return found


def verb_shape(verb: Token) -> dict[str, Any]:
    children = list(verb.children)
    aux = [c.lower_ for c in children if c.dep_ in ("aux", "auxpass")]
    features: dict[str, Any] = {
        "passive": any(c.dep_ in ("auxpass", "nsubjpass") for c in children),
        "negated": any(c.dep_ == "neg" for c in children),
        "to_infinitive": any(c.dep_ == "aux" and c.lower_ == "to" for c in children),
        "has_object": any(c.dep_ in ("dobj", "attr", "oprd") for c in children),
        "has_mark": next((c.lower_ for c in children if c.dep_ == "mark"), None),
        "tense": verb.morph.get("Tense")[0] if verb.morph.get("Tense") else "none",
        "verbform": verb.morph.get("VerbForm")[0] if verb.morph.get("VerbForm") else "none",
    }
    for word in aux:
        features[f"aux={word}"] = True
    objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    if objects:
        features["object_lemma"] = objects[0].lemma_.lower()
        features["object_has_number"] = any(t.like_num for t in objects[0].subtree)
    for child in children:
        if child.dep_ == "prep":
            features[f"prep={child.lower_}"] = True
        if child.dep_ == "prt":
            features["particle"] = child.lower_
    return features


def placement_features(doc: Doc, candidate: Candidate) -> dict[str, Any]:
    """Where the candidate stands and who acts: the few features a layer screens candidates on before it
    asks for all of them (candidate_features, which includes these)."""
    context = context_of(doc)
    head = doc[candidate.head]
    return {
        "bias_source": candidate.source,
        "headline": head.i < context.headline_end,
        "list_item": head.i in context.list_tokens,
        "subject_kind": subject_kind(subject_token(head), context),
    }


def candidate_features(doc: Doc, candidate: Candidate) -> dict[str, Any]:
    """Everything the decider may know about one candidate (a pure function of the parse and the rules)."""
    context = context_of(doc)
    head = doc[candidate.head]
    sent = head.sent
    placement = placement_features(doc, candidate)
    features: dict[str, Any] = {
        "bias_source": placement["bias_source"],
        "lemma": head.lemma_.lower(),
        "tag": head.tag_,
        "dep": head.dep_,
        "pos": head.pos_,
        "head_lemma": head.head.lemma_.lower() if head.head is not head else "ROOT",
        "head_dep": head.head.dep_ if head.head is not head else "ROOT",
        "length": min(len(range(candidate.start, candidate.end)), 40) / 40.0,
        "in_quote": head.i in context.quoted,
        "headline": placement["headline"],
        "list_item": placement["list_item"],
        "list_lead_in": head.i in context.lead_in_lines,
        "has_deadline": any(i in context.deadline_tokens for i in range(candidate.start, min(candidate.end + 4, sent.end))),
        "rules_in_sentence": min(context.rule_sentences.get(sent.start, 0), 3),
        "first_sentence": sent.start == 0 or doc[sent.start - 1].i < context.headline_end,
        "has_number": any(t.like_num for t in doc[candidate.start:candidate.end]),
    }
    for depth, governor in enumerate(governors(head), start=1):
        features[f"gov{depth}"] = governor.lemma_.lower()
        features[f"gov_any={governor.lemma_.lower()}"] = True
        if governor.lemma_.lower() in ATTRIBUTION_LEMMAS:
            features["attributed"] = True
    features.update(verb_shape(head))
    subject = subject_token(head)
    features["subject_kind"] = placement["subject_kind"]
    if subject is not None:
        features["subject_lemma"] = subject.lemma_.lower()
    gov = head.head if head.head is not head else None
    if gov is not None:
        features["gov_subject_kind"] = subject_kind(subject_token(gov), context)
        features["gov_tag"] = gov.tag_
    sent_first = doc[sent.start]
    features["sentence_opens"] = sent_first.lemma_.lower()
    features.update(conjunction_pairs(features))
    if candidate.rule is not None:
        rule = candidate.rule
        features["rule_kind"] = rule.kind
        features["rule_trigger"] = rule.trigger.lower() or "none"
        features["rule_actor_meeting"] = (rule.actor or "").lower() == "the meeting"
        features["rule_has_responsible"] = bool(rule.responsible)
        features["rule_starts_at_trigger"] = doc[rule.start].lower_ == rule.trigger.lower()
    return features


def conjunction_pairs(features: dict[str, Any]) -> dict[str, Any]:
    """Pairs a linear model cannot form itself: who acts with how the verb is shaped, and where;
    each also paired with the candidate's source (the rules' or the parse's)."""
    modal = next((name[4:] for name in sorted(features) if name.startswith("aux=") and name[4:] != "to"), "none")
    source, subject = features["bias_source"], features.get("subject_kind", "none")
    pairs = {
        "subject&tag": f"{subject}|{features['tag']}",
        "subject&modal": f"{subject}|{modal}",
        "subject&passive": f"{subject}|{bool(features['passive'])}",
        "gov&dep": f"{features.get('gov1', 'ROOT')}|{features['dep']}",
        "headline&tag": f"{bool(features.get('headline'))}|{features['tag']}",
        "list&tag": f"{bool(features.get('list_item'))}|{features['tag']}",
        "quote&attributed": f"{bool(features.get('in_quote'))}|{bool(features.get('attributed'))}",
        "gov_subject&dep": f"{features.get('gov_subject_kind', 'none')}|{features['dep']}",
    }
    return {name: f"{source}|{value}" for name, value in pairs.items()} | {
        f"{source}|lemma": features["lemma"], f"{source}|gov1": features.get("gov1", "ROOT")}


def candidate_span(doc: Doc, candidate: Candidate) -> Span:
    return Span(doc, candidate.start, candidate.end)

