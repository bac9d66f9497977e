"""decisions: decided, directed and committed actions, one span per action clause.

doc.spans["decisions"]: each span is the shortest clause carrying the action and
its object (GUIDELINE.md "Decisions"), with span._.kind, ._.trigger, ._.actor,
._.responsible and ._.deadline (a span of doc.spans["deadlines"] or None).

How a decision is found, on the dependency parse, each rule a function below
(earlier rules win where two find the same action):
- clause triggers ("decided to X", "agreed that X would Y", "vowed to X",
  "announced that X is set to Y"): the governed clause is the action, the
  trigger stays outside the span;
- directives ("directed X to Y", "X was asked to Y", "ordered that X be Y",
  "ordered the release of Z", "gave directions to X to Y", "sought a report
  from X", "gave X one week to Y"): the action is Y (or Z), X is responsible;
- approvals ("approved A, B and C", "gave the go-ahead to A", "signed off on
  A", "other decisions included A and B"): the first span starts at the
  trigger, one decision per approved item;
- acts of the body itself ("the committee constituted a panel"), passive
  approvals ("X was approved"), and future clauses ("X will be set up",
  "he said the ministry would Y"); ', with X to be done by June' after a
  decision is one too;
- items of a list introduced by a decision lead-in ("Other decisions: - A; - B"),
  and present-tense verbs of the headline ("ECC clears ...").
Not decisions: briefings, emphasis, appeals (urged, called on), facts and
completed actions, reaffirmations, deferrals, comments and rhetoric.
Coordinated actions become separate decisions. Cue words live in
patterns/decision_cues.json; parse-only helpers in pipeline/clauses.py.
"""
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.annotations import MeetingInfo, PeopleIndex
from pipeline.dateline import NO_DATELINES
from pipeline.errors import read_json
from pipeline.lexicon import load_lexicon
from pipeline.clauses import (
    coordinated,
    cut_at_comment,
    is_negated,
    is_passive,
    is_verb,
    line_start_before,
    nominal_before,
    own_subject,
    phrase_without_article,
    split_infinitive_range,
    subject_of,
    subtree_range,
    trim,
)

CUES_FILE = Path(__file__).parent / "patterns" / "decision_cues.json"
SPAN_KEY = "decisions"
LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-\u2022*\u25cf\u25aa]|\(?(?:[ivx]{1,4}|[a-h])[.)]|\(?\d{1,2}[.)])[ \t]+")
DEADLINE_GAP_TOKENS = 3
MEETING_NOUNS = frozenset({"meeting", "session", "sitting"})


@dataclass(frozen=True)
class Cues:
    decide: frozenset
    commit: frozenset
    directive: frozenset
    directive_noun_objects: frozenset
    directive_that_free: frozenset
    directive_infinitive_only: frozenset
    approval: frozenset
    approval_give_objects: frozenset
    approval_give_verbs: frozenset
    report_request_verbs: frozenset
    directive_noun_verbs: frozenset
    directive_nouns: frozenset
    commentators: frozenset
    list_verbs: frozenset
    list_decision_subjects: frozenset
    list_directive_subjects: frozenset
    report_request_objects: frozenset
    sign_particles: frozenset
    body_actions: frozenset
    body_non_objects: frozenset
    chair_actions: frozenset
    announce: frozenset
    set_to: frozenset
    emphasis_heads: frozenset
    body_non_particles: frozenset
    pledge_nouns: frozenset
    commitment_objects: frozenset
    passive_approvals: frozenset
    modals: frozenset
    reporting: frozenset
    commitment_reporting: frozenset
    blocked_subjects: frozenset
    blocked_future_verbs: frozenset
    government_subjects: frozenset
    body_nouns: frozenset
    chair_titles: tuple
    body_pronouns: frozenset
    person_pronouns: frozenset
    list_lead_words: frozenset
    cut_words: frozenset
    not_subjects: frozenset
    role_heads: frozenset
    headline_max_words: int
    headline_directives: frozenset
    headline_non_decisions: frozenset
    headline_noun_verbs: frozenset
    appeal_addressees: frozenset
    directive_self_contained: frozenset
    debris_prefixes: tuple


def load_cues(path: str | Path | None = None, lexicon_path: str | Path | None = None) -> Cues:
    data = read_json(Path(path) if path else CUES_FILE)
    lexicon = load_lexicon(lexicon_path)
    words = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
    return Cues(
        decide=frozenset(data["clause_triggers"]["decision"]),
        commit=frozenset(data["clause_triggers"]["commitment"]),
        directive=words("directive_triggers"),
        directive_noun_objects=words("directive_noun_objects_ok"),
        directive_that_free=words("directive_that_clause_free"),
        directive_infinitive_only=words("directive_infinitive_only"),
        approval=words("approval_triggers"),
        approval_give_objects=words("approval_give_objects"),
        approval_give_verbs=words("approval_give_verbs"),
        report_request_verbs=words("report_request_verbs"),
        directive_noun_verbs=words("directive_noun_verbs"),
        directive_nouns=words("directive_nouns"),
        commentators=words("commentator_speakers"),
        list_verbs=frozenset(data["decision_list"]["verbs"]),
        list_decision_subjects=frozenset(data["decision_list"]["decision_subjects"]),
        list_directive_subjects=frozenset(data["decision_list"]["directive_subjects"]),
        report_request_objects=words("report_request_objects"),
        sign_particles=words("approval_sign_particles"),
        body_actions=words("body_action_verbs"),
        body_non_objects=words("body_action_non_objects"),
        chair_actions=words("chair_actions"),
        announce=words("announce_clause_triggers"),
        set_to=words("set_to_verbs"),
        emphasis_heads=words("emphasis_commitment_heads"),
        body_non_particles=words("body_action_non_particles"),
        pledge_nouns=words("commitment_pledge_nouns"),
        commitment_objects=words("commitment_object_verbs"),
        passive_approvals=words("passive_approval_verbs"),
        modals=words("future_modals"),
        reporting=words("reporting_verbs"),
        commitment_reporting=words("commitment_reporting_verbs"),
        blocked_subjects=words("blocked_subject_words"),
        blocked_future_verbs=words("future_clause_blocked_verbs"),
        government_subjects=words("government_subjects"),
        body_nouns=words("body_nouns"),
        chair_titles=tuple(sorted(data["chair_titles"], key=len, reverse=True)),
        body_pronouns=words("subject_pronouns_body"),
        person_pronouns=words("subject_pronouns_person"),
        list_lead_words=words("list_lead_words"),
        cut_words=words("trailing_cut_marks"),
        not_subjects=words("not_subjects") | frozenset(lexicon.weekdays),  # 'on Friday' read as the subject
        role_heads=frozenset(word.lower() for word in lexicon.role_heads),
        headline_max_words=int(data["headline"]["max_words"]),
        headline_directives=frozenset(data["headline"]["directive_verbs"]),
        headline_non_decisions=frozenset(data["headline"]["non_decision_verbs"]),
        headline_noun_verbs=frozenset(data["headline"]["verbs_tagged_as_nouns"]),
        appeal_addressees=words("appeal_addressees"),
        directive_self_contained=words("directive_self_contained"),
        debris_prefixes=tuple(data["headline"]["debris_prefixes"]),
    )


@dataclass
class Found:
    """A decision before it becomes a Span: token range, kind, who, and why it was found."""

    start: int
    end: int
    kind: str
    trigger: Token | None
    actor: Token | None = None  # the token naming the actor; None means "the body"
    actor_role: str = "body"  # "body" | "chair" | "token"
    responsible: list[str] = field(default_factory=list)
    rule: str = ""  # which rule found it (for error analysis)


# ---------------------------------------------------------------- clause extents


def action_range(verb: Token, cues: Cues, with_subject: bool = False) -> tuple[int, int]:
    """The clause of `verb`: from the verb (or its subject) to the end, without coordinated actions."""
    doc = verb.doc
    _, end = subtree_range(verb, detached=("conj", "cc", "parataxis", "preconj") + separate_clause_deps(verb, cues))
    start = verb.i
    to = [c.i for c in verb.children if c.dep_ == "aux" and c.lower_ == "to" and c.i < verb.i]
    if to and not with_subject:
        start = to[0] + 1  # 'to personally visit', 'to "fast track implementation ... counter"'
    if with_subject:
        subject = own_subject(verb)
        if subject is not None and subject.i < verb.i:
            start = subject.left_edge.i
        start = min(start, first_aux(verb))
        start = line_start_before(doc, verb.i, start)
    return trim(doc, start, end)


def first_aux(verb: Token) -> int:
    auxes = [c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]
    return min(auxes) if auxes else verb.i


def separate_clause_deps(verb: Token, cues: Cues) -> tuple[str, ...]:
    """An advcl with its own subject and modal ('..., while X would Y') is a decision of its own."""
    return ("advcl",) if any(is_future_clause_shape(c, cues) for c in verb.children if c.dep_ == "advcl") else ()


def is_future_clause_shape(verb: Token, cues: Cues) -> bool:
    """'X will/must Y', and 'X is to Y' / 'X have to Y' (a 'be'/'have' head with a 'to' complement)."""
    if own_subject(verb) is None:
        return False
    if any(c.lower_ in cues.modals for c in verb.children if c.dep_ == "aux"):
        return True
    return verb.lemma_.lower() in ("be", "have") and verb.tag_ != "VBD" and any(
        c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children) for c in verb.children
    )


def noun_item_range(noun: Token, cues: Cues) -> tuple[int, int]:
    """An approved item: the noun phrase without the items coordinated with it."""
    start, end = subtree_range(noun, detached=("conj", "cc", "preconj"))
    end = min(end, along_with_start(noun))
    while start < noun.i and noun.doc[start].dep_ in ("det", "cc", "punct", "prep", "predet"):
        start += 1
    end = cut_at_comment(noun.doc, start, end, cues.cut_words)
    return trim(noun.doc, start, end)


def verb_actions(verb: Token) -> list[Token]:
    """'to A and to B' -> [A, B]: coordinated verbs are separate actions, coordinated nouns are not."""
    return [t for t in coordinated(verb) if t is verb or is_verb(t)]


# ---------------------------------------------------------------- rules


def clause_trigger_decisions(token: Token, cues: Cues) -> list[Found]:
    """'decided to A and to B', 'agreed that X would Y', 'vowed to Y', 'committed to doing Y'."""
    if token.lemma_.lower() in cues.decide:
        kind = "decision"
    elif token.lemma_.lower() in cues.commit:
        kind = "commitment"
    elif token.lemma_.lower() in cues.announce and any(c.dep_ == "ccomp" and announces_future(c, cues) for c in token.children):
        kind = "commitment"
    else:
        return []
    if "had" in auxiliaries_of(token) and clause_head(token).dep_ != "ccomp":
        return []  # 'last month the committee had decided to ...' is history, unless reported speech
    if not is_verb(token) or is_negated(token):
        return []
    if kind == "commitment" and token.lemma_.lower() in cues.commitment_objects and names_an_amount(token):
        return object_items(token, kind, cues)
    found = []
    for child in token.children:
        if is_infinitive_action(token, child):
            actions = [v for v in verb_actions(child) if v is child or not is_trigger_verb(v, cues)]
            found += [Found(*action_range(v, cues), kind, token, trigger_subject(token), "token") for v in actions]
        elif child.dep_ == "ccomp" and not same_line(token, child):
            continue
        elif child.dep_ == "ccomp" and is_verb(child) and set_to_action(child, cues) is not None:
            action = set_to_action(child, cues)
            found.append(Found(*action_range(action, cues), kind, token, trigger_subject(token), "token"))
        elif child.dep_ == "ccomp" and is_verb(child) and is_forward_looking(child, cues):
            found += [Found(*action_range(v, cues, True), kind, token, trigger_subject(token), "token") for v in clause_actions(child, cues)]
        elif child.dep_ == "prep" and child.lower_ == "to" and kind == "commitment":
            for grand in child.children:
                if grand.dep_ in ("pcomp", "pobj"):
                    found.append(Found(*action_range(grand, cues), kind, token, trigger_subject(token), "token"))
    found += [Found(*action_range(v, cues), kind, token, trigger_subject(token), "token") for v in modal_conjuncts(token, cues)]
    found += trailing_infinitives(token, found, kind, trigger_subject(token), "token", [], cues)
    if kind == "commitment" and not found and token.lemma_.lower() in cues.commitment_objects and names_an_amount(token):
        found += object_items(token, kind, cues)
    return [mark_passive_actor(f, token) for f in found]


def modal_conjuncts(trigger: Token, cues: Cues) -> list[Token]:
    """'was committed to X and would provide Y': a coordinated future action sharing the trigger's subject."""
    return [c for c in trigger.children
            if c.dep_ == "conj" and is_verb(c) and auxiliaries_of(c) & cues.modals
            and own_subject(c) is None and not is_trigger_verb(c, cues) and not is_negated(c)]


def names_an_amount(verb: Token) -> bool:
    """'pledged $1.5 billion' is a commitment; 'offered fateha' is not."""
    return any(
        t.like_num or t.ent_type_ == "MONEY" or t.is_currency
        for c in verb.children if c.dep_ == "dobj" for t in c.subtree
    )


def noun_directive_decisions(token: Token, cues: Cues) -> list[Found]:
    """'gave directions to the authorities to remove X', 'issued instructions for the release of Y'."""
    if token.lemma_.lower() not in cues.directive_noun_verbs or not is_verb(token) or is_negated(token) or is_passive(token):
        return []
    order = next((c for c in token.children if c.dep_ == "dobj" and c.lower_ in cues.directive_nouns), None)
    if order is None:
        return []
    doc = token.doc
    actor = subject_of(token)
    addressees = [g for c in token.subtree if c.dep_ in ("dative", "prep") and c.lower_ == "to" and c.i > order.i for g in c.children if g.dep_ == "pobj"]
    responsible = [phrase_without_article(doc, a.left_edge.i, a.i + 1) for a in addressees[:1]]
    for t in doc[order.i + 1 : token.right_edge.i]:
        if t.lower_ == "to" and doc[t.i + 1].tag_ == "VB":
            verb = doc[t.i + 1]
            return [Found(*action_range(verb, cues), "directive", token, actor, "token", responsible)]
    for prep in order.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            for noun in (g for g in prep.children if g.dep_ == "pobj"):
                _, end = noun_item_range(noun, cues)
                return [Found(noun.i, end, "directive", token, actor, "token", responsible)]
    return []


def report_request_decisions(token: Token, cues: Cues) -> list[Found]:
    """'sought a report from the ministry within seven days': asking for a report is a directive."""
    if token.lemma_.lower() not in cues.report_request_verbs or not is_verb(token) or is_negated(token) or is_passive(token):
        return []
    objects = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in cues.report_request_objects]
    if not objects:
        return []
    found = object_items(token, "directive", cues)
    sources = [g for c in objects[0].children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]
    for item in found:
        item.responsible = [party_phrase(source) for source in sources]
    return found


def listed_decisions(token: Token, cues: Cues) -> list[Found]:
    """'Other decisions included setting up A, tightening B and introducing C': each listed item."""
    if token.lemma_.lower() not in cues.list_verbs or not is_verb(token):
        return []
    subject = own_subject(token)
    if subject is None:
        return []
    if subject.lemma_.lower() in cues.list_decision_subjects:
        kind = "decision"
    elif subject.lemma_.lower() in cues.list_directive_subjects:
        kind = "directive"
    else:
        return []
    heads = [c for c in token.children if c.dep_ in ("dobj", "xcomp", "attr", "ccomp") and c.i > token.i]
    found = []
    for head in heads:
        for item in coordinated(head):
            start, end = action_range(item, cues) if is_verb(item) else noun_item_range(item, cues)
            found.append(Found(start, end, kind, token, None, "body"))
    return found


def pledge_decisions(token: Token, cues: Cues) -> list[Found]:
    """'made the largest pledge of the day, $4.2 billion': a pledge made is a commitment."""
    if token.lemma_.lower() != "make" or not is_verb(token) or is_negated(token):
        return []
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in cues.pledge_nouns for c in token.children):
        return []
    return object_items(token, "commitment", cues)


def is_forward_looking(clause: Token, cues: Cues) -> bool:
    """'agreed that X would/should Y', 'decided that X be Y'; not 'agreed that progress had been slow'."""
    auxes = auxiliaries_of(clause)
    if auxes & (cues.modals | {"should", "shall", "may", "can", "to"}):
        return True
    return clause.tag_ == "VB" or is_future_clause_shape(clause, cues)


def clause_head(verb: Token) -> Token:
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb


def announces_future(clause: Token, cues: Cues) -> bool:
    return same_line(clause.head, clause) and (is_future_clause_shape(clause, cues) or set_to_action(clause, cues) is not None)


def same_line(a: Token, b: Token) -> bool:
    low, high = sorted((a.i, b.i))
    return not any("\n" in t.text for t in a.doc[low:high])


def trigger_subject(trigger: Token) -> Token | None:
    """Who acted. A trigger the parser coordinated into an embedded clause ('agreed that X would Y,
    and tasked Z with ...') shares the subject of the verb that clause depends on, not the clause's."""
    if trigger.dep_ == "conj" and own_subject(trigger) is None and trigger.head.dep_ in ("ccomp", "xcomp"):
        return subject_of(trigger.head.head)
    return subject_of(trigger)


def is_trigger_verb(verb: Token, cues: Cues) -> bool:
    """'decided to extend X and requested Y to Z': 'requested' is a trigger of its own, not a decided action."""
    return verb.lemma_.lower() in cues.directive | cues.decide | cues.commit or is_approval_trigger(verb, cues)


def auxiliaries_of(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def set_to_action(verb: Token, cues: Cues) -> Token | None:
    """'X is set to take action': the action is 'take'."""
    if verb.lemma_.lower() not in cues.set_to or not ({"is", "are", "was", "were"} & auxiliaries_of(verb) or verb.lemma_ == "be"):
        return None
    return next((c for c in verb.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)), None)


def is_infinitive_action(trigger: Token, child: Token) -> bool:
    """'decided to X' / 'directed them to X': X is an xcomp, or an advcl/ccomp with its own 'to'."""
    if not is_verb(child) or child.i < trigger.i:
        return False
    subject = own_subject(child)
    if subject is not None and subject.left_edge.i > 0 and child.doc[subject.left_edge.i - 1].lower_ == "with":
        return False
    if child.dep_ == "xcomp":
        return True
    return child.dep_ in ("advcl", "ccomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)


def trailing_infinitives(trigger: Token, found: list[Found], kind: str, actor, role, responsible, cues: Cues) -> list[Found]:
    """'asked to A, with B, why C, and to D': a later 'and to D' the parser hung elsewhere is the same trigger's."""
    if not found:
        return []
    doc = trigger.doc
    last_end = max(f.end for f in found)
    more = []
    for i in range(last_end, trigger.sent.end - 2):
        token = doc[i]
        if token.text == ";" or (is_verb(token) and token.lemma_.lower() in cues.directive | cues.decide | cues.approval):
            break
        verb = doc[i + 2]
        if token.lower_ == "and" and doc[i + 1].lower_ == "to" and verb.tag_ == "VB" and doc[min(i + 3, len(doc) - 1)].text != "-":
            _, end = subtree_range(verb, detached=("conj", "cc", "parataxis"))
            end = cut_at_comment(doc, verb.i, max(end, verb.i + 1), cues.cut_words)
            more.append(Found(*trim(doc, verb.i, end), kind, trigger, actor, role, responsible))
    return more


def mark_passive_actor(found: Found, trigger: Token) -> Found:
    """'It was decided that ...': the decider is the body, not the expletive."""
    if found.kind == "commitment" and found.actor is not None and found.actor.lower_ not in ("it",):
        return found  # 'the government is committed to ...': the committed party is the subject
    if is_passive(trigger) and (found.actor is None or found.actor.dep_ == "nsubjpass"):
        found.actor, found.actor_role = None, "body"
    return found


def clause_actions(verb: Token, cues: Cues) -> list[Token]:
    """A governed clause and the clauses coordinated with it or attached as 'while X would Y'."""
    actions = [v for v in verb_actions(verb) if v is verb or not is_trigger_verb(v, cues)]
    for action in list(actions):
        actions += [c for c in action.children if c.dep_ == "advcl" and is_future_clause_shape(c, cues)]
    return sorted(set(actions), key=lambda t: t.i)


def directive_decisions(token: Token, cues: Cues) -> list[Found]:
    """'directed X to A and to B', 'X was told to A', 'ordered that X be Y', 'tasked X with Y'."""
    lemma = token.lemma_.lower()
    if lemma not in cues.directive or not is_verb(token) or is_negated(token):
        return []
    if token.dep_ in ("amod", "acl", "relcl") and is_passive(token):
        return []
    addressee = addressee_of(token)
    actor = None if is_passive(token) else trigger_subject(token)
    role = "body" if actor is None else "token"
    responsible = [addressee] if addressee else []
    if lemma == "give":
        return time_allowance_decisions(token, cues, actor, role)
    found = []
    for child in token.children:
        if is_infinitive_action(token, child):
            actions = [v for v in verb_actions(child) if v is child or not is_trigger_verb(v, cues)]
            found += [Found(*action_range(v, cues), "directive", token, actor, role, responsible) for v in actions]
        elif child.dep_ == "ccomp" and is_verb(child) and child.i > token.i and is_ordered_clause(child, lemma, cues):
            found += [Found(*action_range(v, cues, True), "directive", token, actor, role, []) for v in clause_actions(child, cues)]
        elif child.dep_ == "prep" and child.lower_ == "with" and lemma == "task":
            for grand in child.children:
                if grand.dep_ in ("pcomp", "pobj"):
                    found += [Found(*action_range(v, cues), "directive", token, actor, role, responsible) for v in coordinated(grand)]
    if not found:
        found += [Found(*action_range(v, cues), "directive", token, actor, role, responsible)
                  for v in infinitive_inside_addressee(token)]
    found += trailing_infinitives(token, found, "directive", actor, role, responsible, cues)
    if not found and lemma in cues.directive_self_contained:
        found += [replace(f, actor=actor, actor_role=role, responsible=responsible) for f in object_items(token, "directive", cues)]
    if not found and lemma in cues.directive_noun_objects | {"direct"}:
        found += ordered_for(token, cues, actor, role)
    if not found and lemma in cues.directive_noun_objects:
        for child in token.children:
            if child.dep_ == "dobj" and child.pos_ == "NOUN" and not child.ent_type_ and has_complement(child):
                for noun in coordinated(child):
                    start, end = noun_item_range(noun, cues)
                    found.append(Found(noun.i, end, "directive", token, actor, role, []))
    return found


def call_upon_decisions(token: Token, cues: Cues) -> list[Found]:
    """'called upon member states to operationalise the fund': an order to the named parties, unless
    the addressee is an appeal's audience ('called on the international community to help')."""
    if token.lemma_.lower() != "call" or not is_verb(token) or is_negated(token) or is_passive(token):
        return []
    prep = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("upon", "on")), None)
    addressee = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if addressee is None:
        return []
    named = party_phrase(addressee)
    if named.lower() in cues.appeal_addressees:
        return []
    actor = trigger_subject(token)
    if actor is None and token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN") and token.head.i < token.i:
        actor = token.head  # 'The council called upon ...' parsed as a participle of 'council'
    role = "body" if actor is None else "token"
    return [Found(*action_range(v, cues), "directive", token, actor, role, [named])
            for child in token.children if is_infinitive_action(token, child) for v in verb_actions(child)]


def infinitive_inside_addressee(token: Token) -> list[Token]:
    """'directed the authorities concerned to ensure X': the parser hangs 'to ensure' on 'concerned'."""
    for child in token.children:
        if child.dep_ not in ("dobj", "dative"):
            continue
        for modifier in (c for c in child.children if c.dep_ in ("acl", "amod") and c.tag_ in ("JJ", "VBN")):
            for verb in modifier.children:
                if verb.dep_ in ("xcomp", "advcl") and verb.tag_ == "VB" and any(c.lower_ == "to" for c in verb.children):
                    return verb_actions(verb)
    return []


def is_ordered_clause(clause: Token, lemma: str, cues: Cues) -> bool:
    """'ordered that X be Y' is an order; 'asked how X happened' is a question, 'asked that X' is an order."""
    if lemma in cues.directive_infinitive_only:
        return False  # 'was told that X' is a briefing
    has_that = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    return has_that or (lemma in cues.directive_that_free and own_subject(clause) is not None and clause.tag_ in ("VB", "VBN"))


def ordered_for(token: Token, cues: Cues, actor, role) -> list[Found]:
    """'directed for early completion of the motorway': the thing directed is the action."""
    found = []
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "for":
            for noun in (g for g in prep.children if g.dep_ == "pobj" and g.pos_ == "NOUN"):
                _, end = noun_item_range(noun, cues)
                found.append(Found(noun.left_edge.i, end, "directive", token, actor, role, []))
    return found


def has_complement(noun: Token) -> bool:
    """'ordered the release of funds' names an action; 'ordered adjustments' alone is too vague to track."""
    return any(c.dep_ in ("prep", "acl", "relcl") and c.i > noun.i for c in noun.children)


def addressee_of(token: Token) -> str | None:
    """Who must act: the object of an active directive, the subject of a passive one."""
    deps = ("nsubjpass",) if is_passive(token) else ("dobj", "dative", "iobj")
    for child in token.children:
        if child.dep_ in deps and child.lower_ not in ("it", "that", "this"):
            return party_phrase(child)
    return None


def party_phrase(noun: Token) -> str:
    """A party's name: the noun with its modifiers, coordinated parties, 'of'/'for' name parts and a
    bracketed acronym, but not what it is asked about ('SNGPL on gas theft')."""
    doc = noun.doc
    start, end = noun.left_edge.i, noun.i + 1
    for right in noun.children:
        bracketed = right.dep_ == "appos" and doc[right.left_edge.i - 1].text == "("
        if right.i > noun.i and right.dep_ in ("amod", "acl") and right.tag_ in ("JJ", "VBN"):
            end = max(end, right.i + 1)  # 'the authorities concerned', not what they are to do
        elif right.i > noun.i and (right.dep_ in ("compound", "conj", "cc") or is_name_preposition(right) or bracketed):
            end = max(end, right.right_edge.i + 1)
    return phrase_without_article(doc, start, close_parenthesis(doc, start, end))


def is_name_preposition(token: Token) -> bool:
    """'Ministry of Interior', 'Ministry for Planning' are names; 'SNGPL on gas theft' is not."""
    return token.dep_ == "prep" and token.lower_ in ("of", "for")


def close_parenthesis(doc: Doc, start: int, end: int) -> int:
    """'Federal Board of Revenue (FBR' ends after its ')' when the parse left the bracket outside."""
    opened = sum(t.text == "(" for t in doc[start:end]) - sum(t.text == ")" for t in doc[start:end])
    if opened > 0 and end < len(doc) and doc[end].text == ")":
        return end + 1
    return end


def time_allowance_decisions(token: Token, cues: Cues, actor, role) -> list[Found]:
    """'gave the PTA one week to appoint focal persons': the action after 'to' is a directive."""
    doc = token.doc
    sent_end = token.sent.end
    for i in range(token.i + 1, min(sent_end - 1, token.i + 25)):
        if doc[i].lower_ == "to" and is_counted_period(doc[i - 1]):
            verb = doc[i + 1]
            head = verb if is_verb(verb) else None
            start = i + 1
            end = head.right_edge.i + 1 if head is not None else sent_end
            end = max(end, min(sent_end, next_clause_break(doc, start, sent_end)))
            end = cut_at_comment(doc, start, end, cues.cut_words)
            return [Found(*trim(doc, start, end), "directive", token, actor, role, [])]
    return []


def is_counted_period(token: Token) -> bool:
    """'one week', '15 days' (a period granted), not 'last week' (when something happened)."""
    return token.lemma_.lower() in ("day", "week", "month", "hour", "year") and any(c.dep_ == "nummod" for c in token.children)


def next_clause_break(doc: Doc, start: int, limit: int) -> int:
    for i in range(start, limit):
        if doc[i].text in (",", ";", ".") or "\n" in doc[i].text:
            return i
    return limit


def approval_decisions(token: Token, cues: Cues) -> list[Found]:
    """'approved A and B, along with C': one decision per item, the first span starting at the trigger."""
    if not is_approval_trigger(token, cues):
        return []
    return object_items(token, "decision", cues)


def is_approval_trigger(token: Token, cues: Cues) -> bool:
    if not is_verb(token) or is_negated(token) or is_passive(token) or token.dep_ in ("amod", "pcomp", "xcomp"):
        return False
    if token.dep_ == "acl" and not (token.head.dep_ == "ROOT" and any(c.dep_ == "dobj" for c in token.children)):
        return False  # 'the budget as cleared by ...'; but 'The forum approved in principle X' misparsed as acl
    if token.tag_ == "VBG" and token.dep_ == "advcl":
        return False
    if ({"had", "to"} | cues.modals) & {c.lower_ for c in token.children if c.dep_ == "aux"}:
        return False
    lemma = token.lemma_.lower()
    if lemma in cues.approval or token.lower_ in cues.approval:
        return True
    if lemma in cues.approval_give_verbs:
        return any(c.dep_ == "dobj" and c.lemma_.lower() in cues.approval_give_objects for c in token.children)
    if lemma == "sign":
        return any(c.dep_ == "prt" and c.lower_ in cues.sign_particles for c in token.children)
    return False


def object_items(token: Token, kind: str, cues: Cues) -> list[Found]:
    """The trigger with its first object, then each further approved object as its own item."""
    doc = token.doc
    actor = trigger_subject(token)
    objects = [approved_thing(c, cues) for c in token.children if c.dep_ in ("dobj", "attr")]
    if not objects and token.dep_ == "acl":
        objects = [c for c in token.children if c.dep_ == "npadvmod" and c.i > token.i]
    if not objects:
        objects = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "on") for g in c.children if g.dep_ == "pobj"]
    if not objects:
        clause = [c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.i > token.i]
        if not clause:
            return []
        _, end = subtree_range(token, detached=("conj", "cc", "parataxis"))
        end = cut_at_comment(doc, token.i, end, cues.cut_words)
        return [Found(*trim(doc, token.i, end), kind, token, actor, "token")]
    extras = [e for o in objects for e in separate_items(o)][1:] + along_with_objects(token)
    extras += [c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i > objects[0].i]
    extras += [x for o in objects for a in listed_appositions(o, extras) for x in coordinated(a)]
    extras += [a for o in objects for a in along_with_objects(o)]
    extras = sorted({e for e in extras if e.pos_ in ("NOUN", "PROPN", "NUM")}, key=lambda t: t.i)
    _, end = subtree_range(token, detached=("conj", "cc", "parataxis"))
    end = min([end] + [e.left_edge.i for e in extras if e.i > token.i] + [along_with_start(token)])
    end = cut_at_comment(doc, token.i, end, cues.cut_words)
    lead_in = objects[0].lower_ == "following"
    # 'approved the following:' is a lead-in, not a decision; the items under it are
    found = [] if lead_in else [Found(*trim(doc, token.i, end), kind, token, actor, "token")]
    for extra in extras:
        start, stop = noun_item_range(extra, cues)
        found.append(Found(start, stop, kind, token, actor, "token"))
    return found


def approved_thing(noun: Token, cues: Cues) -> Token:
    """'granted approval of A and B': the things approved are A and B, not 'approval'."""
    if noun.lemma_.lower() not in cues.approval_give_objects:
        return noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((g for g in prep.children if g.dep_ == "pobj"), noun)
    return noun


def listed_appositions(noun: Token, others: list[Token]) -> list[Token]:
    """'approved the budget, the audit report and the new rules': a comma-listed apposition is an item
    when the list goes on with 'and'; a lone apposition ('X, a scheme for Y') only describes X."""
    appositions = [c for c in noun.children if c.dep_ == "appos" and c.pos_ in ("NOUN", "PROPN") and c.i > noun.i]
    return [a for a in appositions if others or any(g.dep_ == "conj" for g in a.children)]


def separate_items(noun: Token) -> list[Token]:
    """Coordinated common-noun objects are separate items; a list of names ('X, Y and Z') is one."""
    items = coordinated(noun)
    if len(items) > 1 and all(t.pos_ == "PROPN" or t.ent_type_ in ("GPE", "ORG", "NORP") for t in items[1:]):
        return [noun]
    return items


def along_with_start(verb: Token) -> int:
    """Where ', along with ...' begins anywhere in the verb's clause."""
    for token in verb.subtree:
        if token.lower_ == "along" and token.i > verb.i and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "with":
            return token.i
    return len(verb.doc)


def along_with_objects(head: Token) -> list[Token]:
    """'approved A, along with B': B is approved too."""
    items = []
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "along":
            items += [g for w in child.children if w.lower_ == "with" for g in w.children if g.dep_ == "pobj"]
    return items


def body_action_decisions(token: Token, cues: Cues, body_words: frozenset) -> list[Found]:
    """'The committee constituted a panel', 'NCOC bars intercity travel': acts of the body itself."""
    if token.lemma_.lower() not in cues.body_actions or not is_verb(token) or is_passive(token) or is_negated(token):
        return []
    misparsed_main_verb = is_lede_acl(token, cues, body_words)
    if (token.dep_ not in ("ROOT", "conj", "relcl") and not misparsed_main_verb) or token.tag_ in ("VBG", "VB", "VBZ"):
        return []  # present tense is a headline's (see headline_decisions) or a description
    if any(c.dep_ == "aux" and c.lower_ in ("had", "will", "would", "may", "might", "could", "should") for c in token.children):
        return []
    if any(c.dep_ == "prt" and c.lower_ in cues.body_non_particles for c in token.children):
        return []
    if any(c.dep_ in ("dobj", "prt") and c.lemma_.lower() in cues.body_non_objects for c in token.children):
        return []
    subject = token.head if misparsed_main_verb else trigger_subject(token)
    if subject is None:
        return []
    if not names_the_body(subject, cues, body_words) and not (token.lemma_.lower() in cues.chair_actions and names_a_person(subject, cues)):
        return []
    return object_items(token, "decision", cues)


def person_named_in(subject: Token) -> Token | None:
    """'Adviser to the PM on Finance Dr Abdul Hafeez Shaikh, who attended, said ...': the person in the title."""
    for token in subject.subtree:
        if token.dep_ in ("relcl", "acl"):
            break
        is_person = token.pos_ == "PROPN" and (token.ent_type_ == "PERSON" or in_person_name(token))
        if token.i != subject.i and is_person and token.dep_ != "compound":  # the last word of the name
            return token
    return None


def is_lede_acl(verb: Token, cues: Cues, body_words: frozenset) -> bool:
    """'ISLAMABAD, Oct 3 (APP): The Apex Committee on Tuesday set X': the dateline makes the parser
    hang the main verb on the body as a participle; with no comma and no 'by' it is the main verb."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or head.i > verb.i or not names_the_body(head, cues, body_words):
        return False
    between = verb.doc[head.i + 1 : verb.i]
    return not any(t.text == "," for t in between) and not any(c.dep_ == "agent" for c in verb.children)


def names_a_person(subject: Token, cues: Cues) -> bool:
    return subject.ent_type_ == "PERSON" or subject.lower_ in cues.person_pronouns or is_title(subject, cues) or in_person_name(subject)


def names_the_body(subject: Token, cues: Cues, body_words: frozenset) -> bool:
    words = {t.lower_ for t in subject.subtree} | {subject.lemma_.lower()}
    return subject.lemma_.lower() in cues.body_nouns or subject.lower_ in body_words or bool(words & body_words and subject.pos_ == "PROPN")


def passive_approval_decisions(token: Token, cues: Cues) -> list[Found]:
    """'Amendments to the rules were also approved', 'a committee was set up to ...'."""
    subject = own_subject(token)
    approval_given = token.lemma_.lower() in cues.approval_give_verbs and subject is not None and subject.lemma_.lower() in cues.approval_give_objects
    if (token.lemma_.lower() not in cues.passive_approvals and not approval_given) or not is_passive(token) or is_negated(token):
        return []
    if token.dep_ in ("amod", "acl", "relcl", "pcomp", "xcomp", "advcl"):
        return []
    auxes = [c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")]
    if not ({"was", "were", "is", "are"} & set(auxes)) or {"had", "has", "have", "will", "would"} & set(auxes):
        return []
    subject = own_subject(token)
    if subject is None or subject.lower_ in cues.blocked_subjects:
        return []
    return [Found(*action_range(token, cues, True), "decision", token, None, "body")]


def future_clause_decisions(token: Token, cues: Cues) -> list[Found]:
    """'X will be set up', 'he said the ministry would Y': a forward-looking clause the statement announces."""
    if not is_verb(token) or not is_future_clause_shape(token, cues):
        return []
    if token.lemma_.lower() in cues.blocked_future_verbs or (token.lemma_.lower() in ("have", "be") and not has_to_complement(token)):
        return []  # 'will have four lanes', 'will be close to 200pc' describe; 'will have to', 'is to be' oblige
    subject = own_subject(token)
    if token.dep_ == "relcl" and subject.tag_ == "WDT" and relative_antecedent(subject) is not None:
        return new_body_duty(token, relative_antecedent(subject), cues)
    if (subject.lower_ in cues.blocked_subjects and not body_speaks_of_itself(token, subject, cues)) or subject.tag_ == "WDT":
        return []
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether", "because", "since", "as", "once", "when") for c in token.children):
        return []
    clause = token
    while clause.dep_ == "conj" and clause.head is not clause:
        clause = clause.head
    head = clause.head
    if clause.dep_ == "ROOT":
        speaker = None
    elif clause.dep_ == "ccomp" and head.lemma_.lower() in cues.reporting:
        speaker = subject_of(head) or (subject_of(head.head) if head.dep_ in ("advcl", "xcomp") else None) or head
        if speaker.lower_ in cues.commentators or speaker.lemma_.lower() in cues.commentators:
            return []  # 'analysts said the move would boost exports' is comment, not a decision
    elif clause.dep_ == "ccomp" and is_future_clause_shape(head, cues):
        speaker = None
    else:
        return []
    if in_quotation(token) or (speaker is not None and is_negative_clause(token) and head.lemma_.lower() not in cues.emphasis_heads):
        return []  # 'he said they would not shy away from any sacrifice' is rhetoric, not a decision
    kind = "decision"
    actor, role = None, "body"
    if speaker is not None and head.lemma_.lower() in cues.commitment_reporting and speaker.pos_ in ("PRON", "PROPN", "NOUN"):
        person = speaker if names_a_person(speaker, cues) else person_named_in(speaker)
        if person is not None:
            kind, actor, role = "commitment", person, "speaker"
    if speaker is not None and head.lemma_.lower() in cues.emphasis_heads:
        kind = "commitment"
        if is_passive(head):
            actor, role = None, "body"
    if subject.lemma_.lower() in cues.government_subjects:
        kind = "commitment"
        if actor is None:
            actor, role = subject, "token"
    doer = [] if is_passive(token) or subject.pos_ == "PRON" or subject.like_num else [phrase_without_article(token.doc, subject.left_edge.i, subject.right_edge.i + 1)]
    found = [Found(*action_range(token, cues, True), kind, token, actor, role, doer)]
    for verb in verb_actions(token)[1:]:
        if own_subject(verb) is None and verb.i > token.i and verb.tag_ in ("VB", "VBN"):
            found.append(Found(*action_range(verb, cues, True), kind, token, actor, role))
    return found


def new_body_duty(verb: Token, antecedent: Token, cues: Cues) -> list[Found]:
    """'constituted a committee, which will submit its recommendations within two weeks'."""
    if antecedent.lemma_.lower() not in cues.body_nouns:
        # the parser often hangs ', which ...' on the last noun; the body set up is further left
        before = verb.doc[verb.sent.start : antecedent.i]
        antecedent = next((t for t in reversed(before) if t.lemma_.lower() in cues.body_nouns and t.dep_ in ("dobj", "nsubjpass")), None)
    if antecedent is None or antecedent.dep_ not in ("dobj", "nsubjpass") or antecedent.head.lemma_.lower() not in cues.body_actions | cues.passive_approvals:
        return []
    doer = phrase_without_article(verb.doc, antecedent.left_edge.i, antecedent.i + 1)
    return [Found(*action_range(verb, cues), "decision", verb, None, "body", [doer])]


def body_speaks_of_itself(verb: Token, subject: Token, cues: Cues) -> bool:
    """'The committee said it would take up the matter': 'it' is the body that said so."""
    if subject.lower_ not in cues.body_pronouns or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in cues.reporting:
        return False
    speaker = subject_of(verb.head)
    return speaker is not None and speaker.lemma_.lower() in cues.body_nouns


def is_negative_clause(verb: Token) -> bool:
    subject = own_subject(verb)
    negative_subject = subject is not None and (
        subject.lower_ in ("nobody", "none") or any(c.lower_ == "no" for c in subject.children) or subject.lower_ == "one" and subject.i > 0 and subject.doc[subject.i - 1].lower_ == "no"
    )
    return is_negated(verb) or negative_subject


def has_to_complement(verb: Token) -> bool:
    """'will have to pay', 'is to be registered', 'will be able to go'."""
    complements = [c for c in verb.children if c.dep_ in ("xcomp", "acomp")]
    complements += [g for c in complements for g in c.children if g.dep_ == "xcomp"]
    return any(any(a.lower_ == "to" for a in c.children) for c in complements)


def in_quotation(token: Token) -> bool:
    """Inside a direct quotation the speaker's words are rhetoric, not an announced decision."""
    sent = token.sent
    before = sent.text[: token.idx - sent.start_char]  # Doc.text is rebuilt on every call; the sentence is short
    return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1


def is_title(token: Token, cues: Cues) -> bool:
    phrase = token.doc[token.left_edge.i : token.i + 1].text.lower()
    phrase = phrase[4:] if phrase.startswith("the ") else phrase
    return phrase in cues.chair_titles


def title_holder(token: Token) -> str | None:
    """'the prime minister' -> the one person the statement names with that role."""
    title = token.doc[token.left_edge.i : token.i + 1].text.lower().removeprefix("the ")
    holder = PeopleIndex.of(token.doc).by_role(title)
    return holder.text if holder is not None else None


def headline_span(doc: Doc, cues: Cues) -> tuple[int, int] | None:
    """Token range of the headline: the first real line, short, with no full stop, after any 'X:' label."""
    offset = 0
    text = doc._.text
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped or stripped.lower().startswith(cues.debris_prefixes) or stripped.isupper():
            offset += len(line) + 1
            continue
        if stripped.endswith((".", ":")) or len(stripped.split()) > cues.headline_max_words or offset + len(line) >= len(text):
            return None
        start = offset + line.index(stripped)
        if ":" in stripped:
            start += stripped.rindex(":") + 1
        span = doc.char_span(start, offset + len(line.rstrip()), alignment_mode="expand")
        return (span.start, span.end) if span is not None and len(span) else None
    return None


def headline_decisions(doc: Doc, cues: Cues) -> list[Found]:
    """'ECC clears export of sugar', 'PAC seeks details ..., orders action ...', 'panel to write to court':
    each present-tense (or 'to') verb of the headline starts a decision that runs to the next comma.
    Later verbs share the first one's subject ('Committee orders X, sets Y')."""
    bounds = headline_span(doc, cues)
    if bounds is None:
        return []
    start, end = bounds
    found, shared_subject = [], None
    for token in doc[start:end]:
        lemma = token.lemma_.lower()
        if not is_headline_verb(token, start, cues) or lemma in cues.headline_non_decisions or is_negated(token):
            continue
        stop = next_headline_clause(doc, token.i, end, cues)
        kind = "directive" if lemma in cues.headline_directives else "decision"
        if shared_subject is None:
            shared_subject = headline_subject(token, start, cues)
        subject, role = shared_subject
        found.append(Found(*trim(doc, token.i, stop), kind, token, subject, role, [], "headline"))
    return found


def is_headline_verb(token: Token, start: int, cues: Cues) -> bool:
    """Present tense, a headline 'to' verb, or a verb the tagger read as a plural noun ('committee orders')."""
    doc = token.doc
    if token.tag_ == "VBZ":
        return True
    if token.tag_ == "VB" and token.i > start and doc[token.i - 1].lower_ == "to" and token.dep_ == "ROOT":
        return True
    return (token.tag_ in ("NNS", "NNP") and token.lower_ in cues.headline_noun_verbs and token.i > start
            and (doc[token.i - 1].pos_ in ("NOUN", "PROPN") or doc[token.i - 1].text == ","))


def headline_subject(verb: Token, start: int, cues: Cues) -> tuple[Token | None, str]:
    """(subject token, actor role) of a headline verb; the body that met when the subject is generic."""
    subject = subject_of(verb)
    if verb.tag_ in ("NNS", "NNP") and verb.doc[verb.i - 1].text != ",":
        subject = verb.doc[verb.i - 1]
    if subject is None or not start <= subject.i < verb.i or subject.lemma_.lower() in cues.body_nouns:
        return None, "body"  # 'Senate panel gives ...': the panel is the body that met
    return subject, "token"


def next_headline_clause(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """'NCOC bars travel, shuts spots': a comma ends an item only when another verb follows it."""
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and (doc[i + 1].tag_ == "VBZ" or doc[i + 1].lower_ in cues.headline_noun_verbs):
            return i
    return end


def list_item_decisions(doc: Doc, cues: Cues, taken: list[Found]) -> list[Found]:
    """Items of a '-' / '1.' / '(i)' list after a lead-in that announces decisions; each ';' part is one item."""
    found = []
    text = doc._.text
    for match in LIST_MARKER.finditer(text):
        if not list_has_decision_lead_in(text, match.start(), cues):
            continue
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        for start_char, end_char in item_parts(text, match.end(), line_end):
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            if any(f.start < span.end and span.start < f.end for f in taken + found):
                continue
            start, end = trim(doc, span.start, span.end)
            if start < end and doc[start].lower_ == "to" and end - start > 1:
                start += 1
            end = cut_at_comment(doc, start, end, cues.cut_words)
            start, end = trim(doc, start, end)
            if end > start and any(t.is_alpha for t in doc[start:end]):
                found.append(Found(start, end, "decision", None, None, "body"))
    return found


ITEM_SEPARATOR = re.compile(r";|,\s+(?:while|whereas)\s+|(?<=[a-z0-9)])\.\s+(?=[A-Z])")


def item_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A list item's parts: ';' separates items; ', while ...' and a second sentence add another rule."""
    parts, cursor = [], start
    for m in ITEM_SEPARATOR.finditer(text[start:end]):
        parts.append((cursor, start + m.start()))
        cursor = start + m.end()
    parts.append((cursor, end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in parts]


def list_has_decision_lead_in(text: str, at: int, cues: Cues) -> bool:
    """Walk up over the list's earlier items to the line that introduced it."""
    line_start = text.rfind("\n", 0, at)
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start) + 1
        line = text[previous_start:line_start].strip()
        if line and not LIST_MARKER.match(line + " "):
            words = set(re.findall(r"[a-z]+", line.lower()))
            return line.endswith(":") and bool(words & cues.list_lead_words)
        line_start = previous_start - 1
    return False


# ---------------------------------------------------------------- actor, deadline


def resolve_actor(found: Found, doc: Doc, cues: Cues) -> str | None:
    meeting = doc._.meeting or MeetingInfo()
    body, chair = meeting.body, meeting.chair
    token = found.actor
    if token is not None and token.lower_ in cues.not_subjects:
        token = None if found.trigger is None else previous_subject(found.trigger, token, cues)
    if token is not None and is_list_marker(token):
        token = None  # '7. decided that ...' parsed with the item number as subject: the body decided
    if token is not None and found.trigger is not None:
        token = subject_after_line_break(token, found.trigger)
    if token is None:
        return body or (chair if found.kind == "directive" else None) or "the meeting"
    lower = token.lower_
    if lower in cues.person_pronouns and found.actor_role == "speaker":
        antecedent = person_subject_before(token, cues)  # 'he said': the last person who was a subject
        if antecedent is not None:
            return resolve_actor(Found(0, 0, found.kind, None, antecedent, "token"), doc, cues)
        return chair or nearest_person_before(doc, token.i) or token.text
    if lower in cues.person_pronouns:
        return chair or nearest_person_before(doc, token.i) or token.text
    if lower == "they" and plural_subject_before(token, cues) is not None:
        return resolve_actor(Found(0, 0, found.kind, None, plural_subject_before(token, cues), "token"), doc, cues)
    if lower in cues.body_pronouns:
        return body or chair or "the meeting"
    if is_title(token, cues) and (chair or title_holder(token)):
        return chair or title_holder(token)
    if token.tag_ == "WDT" or lower in ("who", "which", "that"):
        return resolve_actor(Found(0, 0, found.kind, None, relative_antecedent(token), "token"), doc, cues)
    start = noun_phrase_start(coordination_head(token))
    phrase = doc[start : token.i + 1]
    generic = len(phrase) == 1 or not any(t.pos_ == "PROPN" for t in phrase[:-1])
    if token.lemma_.lower() in cues.body_nouns and body and (generic or token.lemma_.lower() in MEETING_NOUNS
                                                             or shortens_the_body(phrase, body)):
        return body  # 'the committee', 'a Cabinet meeting', 'Smog committee', 'Senate panel': the body that met
    if token.lemma_.lower() == "meeting" and generic:
        return "the meeting"  # the guideline's name for a meeting that names no body
    return person_named_by(phrase) or person_by_role(phrase, cues) or phrase_without_article(doc, start, token.i + 1)


def is_list_marker(token: Token) -> bool:
    """The '7.' or '(b)' that opens a line of a numbered list."""
    text = token.doc._.text
    marker = LIST_MARKER.match(text, text.rfind("\n", 0, token.idx) + 1)
    return marker is not None and token.idx < marker.end()


def shortens_the_body(phrase: Span, body: str) -> bool:
    """'Smog committee' for the 'Punjab cabinet committee on smog': every word before the head is in the body's name."""
    body_words = set(body.lower().split())
    modifiers = [t.lower_ for t in phrase[:-1] if t.is_alpha and t.lower_ not in ("the", "a", "an")]
    return bool(modifiers) and all(word in body_words for word in modifiers)


def person_named_by(phrase: Span) -> str | None:
    """'Mr Dar' -> 'Ishaq Dar', 'Secretary Lodhi' -> 'Rashid Ahmed Lodhi', 'General Asim Munir' -> 'Syed Asim
    Munir': a title or honorific before part of exactly one known person's name. A full name keeps the
    phrase the statement wrote ('Interior Minister Mohsin Naqvi')."""
    words = [t.text for t in phrase if t.text[:1].isupper() and t.is_alpha]
    named_words = {}  # how many of the phrase's last words each person's name holds
    for person in PeopleIndex.of(phrase.doc):
        name = person.text.split()
        named_words[person.text] = next((k for k in range(len(words), 0, -1) if all(w in name for w in words[-k:])), 0)
    most = max(named_words.values(), default=0)
    best = {name for name, count in named_words.items() if count == most}
    if most == 0 or len(best) != 1 or most == len(next(iter(best)).split()):
        return None
    return best.pop()


def person_by_role(phrase: Span, cues: Cues) -> str | None:
    """'the corps commander' -> 'Omar Farooq Bukhari', 'the commissioner' -> 'Khalid Mehmood Cheema': a
    title without a name that exactly one person in the statement holds."""
    words = [t.lower_ for t in phrase if t.is_alpha and t.lower_ not in ("the", "a", "an")]
    if not words or len(words) > 4 or words[-1] not in cues.role_heads:
        return None
    holder = PeopleIndex.of(phrase.doc).by_role(" ".join(words))
    return holder.text if holder is not None else None


def coordination_head(token: Token) -> Token:
    """'finance ministers and central bank governors agreed': the actor is the whole coordination."""
    while token.dep_ == "conj" and token.head.i < token.i and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    return token


def previous_subject(verb: Token, rejected: Token, cues: Cues) -> Token | None:
    """'The council on Wednesday approved' parsed with 'Wednesday' as subject: the noun before it is."""
    nouns = [t for t in verb.doc[verb.sent.start : rejected.i] if t.pos_ in ("NOUN", "PROPN") and t.lower_ not in cues.not_subjects]
    return nouns[-1] if nouns else None


def subject_after_line_break(subject: Token, verb: Token) -> Token:
    """A heading above the sentence, or a dateline ('RIO DE JANEIRO – G20 ministers agreed'), is parsed
    as its subject: take the last noun between it and the verb."""
    doc = subject.doc
    if subject.i < verb.i and in_dateline(subject):
        return nominal_before(verb) or subject
    if not subject.i < verb.i or not any("\n" in t.text for t in doc[subject.i : verb.i]):
        return subject
    return nominal_before(verb) or first_noun_on_line(verb) or subject


def in_dateline(token: Token) -> bool:
    """Inside the capitalised place (and date) that opens a line before a dash or colon."""
    return (token.doc._.dateline or NO_DATELINES).holds(token)


def first_noun_on_line(verb: Token) -> Token | None:
    doc = verb.doc
    start = line_start_before(doc, verb.i, verb.sent.start)
    return next((t for t in doc[start : verb.i] if t.pos_ in ("NOUN", "PROPN")), None)


def relative_antecedent(pronoun: Token) -> Token | None:
    """'the meeting, which also approved ...': the relative pronoun stands for the noun the clause modifies;
    'a meeting at State House, Nairobi, which approved ...': past the place, to the meeting."""
    clause = pronoun.head
    if clause.dep_ not in ("relcl", "acl") or clause.head is clause:
        return None
    antecedent = clause.head
    while is_venue(antecedent) and antecedent.head is not antecedent:
        antecedent = antecedent.head
    return antecedent


def is_venue(token: Token) -> bool:
    """A place word hanging off a meeting: 'at State House', 'Nairobi' in apposition to it, the 'at' itself."""
    return token.ent_type_ in ("GPE", "FAC", "LOC") or token.dep_ == "appos" or (
        token.dep_ == "pobj" and token.head.lower_ in ("at", "in")) or (token.dep_ == "prep" and token.lower_ in ("at", "in"))


def noun_phrase_start(head: Token) -> int:
    """The subject's own words only: never back over a dateline, a line break or list numbering."""
    start = head.i
    for i in range(head.i - 1, head.left_edge.i - 1, -1):
        token = head.doc[i]
        if "\n" in token.text or is_boundary_punct(token) or token.like_num and token.dep_ != "nummod":
            break
        if token.ent_type_ in ("GPE", "DATE") and token.head is not head and token.dep_ not in ("compound", "poss", "amod"):
            break
        start = i
    return start


def is_boundary_punct(token: Token) -> bool:
    """A dateline's '):' or a dash: punctuation a subject's own words never run across."""
    return token.is_punct and any(mark in token.text for mark in ":()-—–")


def plural_subject_before(pronoun: Token, cues: Cues) -> Token | None:
    """'G20 leaders agreed ... They committed ...': 'they' is the last plural decider named."""
    doc = pronoun.doc
    start = max(0, pronoun.sent.start - 80)
    for token in reversed(doc[start : pronoun.i]):
        if token.dep_ == "nsubj" and token.tag_ in ("NNS", "NNPS") and token.head.lemma_.lower() in cues.decide | cues.commit:
            return token
    return None


def person_subject_before(pronoun: Token, cues: Cues) -> Token | None:
    doc = pronoun.doc
    for token in reversed(doc[max(0, pronoun.sent.start - 120) : pronoun.i]):
        if token.dep_ == "nsubj" and (token.ent_type_ == "PERSON" or is_title(token, cues) or in_person_name(token)):
            return token
    return None


def in_person_name(token: Token) -> bool:
    """Names the people component found, which the statistical NER sometimes misses."""
    if not token.text[:1].isupper():
        return False
    return bool(PeopleIndex.of(token.doc).holding_word(token.text))


def nearest_person_before(doc: Doc, index: int) -> str | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= index]
    return people[-1].text if people else None


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


# ---------------------------------------------------------------- assembly


def find_decisions(doc: Doc, cues: Cues, body_words: frozenset = frozenset()) -> list[Found]:
    """Every rule over every token, earlier rules winning where two find the same action."""
    by_priority: list[list[Found]] = [[], [], [], [], [], []]
    for token in doc:
        by_priority[0] += clause_trigger_decisions(token, cues) + pledge_decisions(token, cues)
        by_priority[1] += directive_decisions(token, cues) + report_request_decisions(token, cues)
        by_priority[1] += noun_directive_decisions(token, cues) + call_upon_decisions(token, cues)
        by_priority[2] += approval_decisions(token, cues) + listed_decisions(token, cues)
        by_priority[3] += body_action_decisions(token, cues, body_words)
        by_priority[4] += passive_approval_decisions(token, cues)
        by_priority[5] += future_clause_decisions(token, cues)
    kept: list[Found] = []
    for rule, group in enumerate(by_priority):
        for found in split_coordinated(group, doc, cues):
            found.rule = found.rule or str(rule)
            if names_an_action(doc[found.start : found.end]) and not any(overlaps(found, other) for other in kept):
                kept.append(found)
    kept += [f for f in absolute_clause_decisions(doc, kept, cues) if not any(overlaps(f, k) for k in kept)]
    kept += [f for f in misparsed_lede_directives(doc, cues) if not any(overlaps(f, k) for k in kept)]
    kept += list_item_decisions(doc, cues, kept)
    kept += [f for f in headline_decisions(doc, cues) if not any(overlaps(f, k) for k in kept)]
    return sorted(kept, key=lambda f: f.start)


def misparsed_lede_directives(doc: Doc, cues: Cues) -> list[Found]:
    """'The commissioner on Tuesday directed officials to drain ...': the small model often reads
    'directed' as an adjective of 'officials' after a weekday. Read the words instead of the parse:
    the noun before 'on <day>' acts, the words up to 'to' must act, the verb after 'to' is the action."""
    found = []
    for token in doc:
        if token.lemma_.lower() not in cues.directive or token.dep_ != "amod" or token.i < 3:
            continue
        day_start = token.i - 1
        while day_start > 0 and doc[day_start - 1].ent_type_ == "DATE" and doc[day_start - 1].lower_ != "on":
            day_start -= 1
        if day_start < 2 or doc[token.i - 1].ent_type_ != "DATE" or doc[day_start - 1].lower_ != "on":
            continue
        subject = doc[day_start - 2]
        to = next((t for t in doc[token.i + 2 : min(token.sent.end - 1, token.i + 12)] if t.lower_ == "to"), None)
        if to is None or to.nbor(1).tag_ != "VB" or subject.pos_ not in ("NOUN", "PROPN"):
            continue
        addressee = phrase_without_article(doc, token.i + 1, to.i)
        start = to.i + 1
        end = cut_at_comment(doc, start, next_clause_break(doc, start, token.sent.end), cues.cut_words)
        found.append(Found(*trim(doc, start, end), "directive", token, subject, "token", [addressee]))
    return found


def names_an_action(span: Span) -> bool:
    """A lone word ('leave', 'countrywide') is a fragment of a misparse, not a decision."""
    return sum(1 for t in span if t.is_alpha or t.like_num) >= 2


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


def absolute_clause_decisions(doc: Doc, kept: list[Found], cues: Cues) -> list[Found]:
    """'approved Rs50bn, with the balance deposited after ...' / '..., with both buildings to be
    completed by June': a 'with' clause right after a decision is a decision of the same kind."""
    found = []
    ends = {f.end: f for f in kept}
    for token in doc:
        if token.lower_ != "with" or token.i == 0 or doc[token.i - 1].text != "," or (token.i - 1) not in ends:
            continue
        owner = ends[token.i - 1]
        for clause in doc[token.i + 1 : token.sent.end]:
            subject = own_subject(clause) if is_verb(clause) else None
            if subject is not None and subject.left_edge.i == token.i + 1:
                _, end = subtree_range(clause)
                end = cut_at_comment(doc, subject.left_edge.i, end, cues.cut_words)
                found.append(Found(*trim(doc, subject.left_edge.i, end), owner.kind, owner.trigger, owner.actor, owner.actor_role, [], "with"))
    return found


def overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def meeting_body_words(doc: Doc) -> frozenset:
    """Words that name the body in this statement (its name and acronym), so 'NCOC bars ...' is the body acting."""
    meeting = doc._.meeting or MeetingInfo()
    words = set()
    for value in (meeting.body or "",):
        words |= {w.lower() for w in re.findall(r"[A-Za-z]+", value) if w[0].isupper() or len(value.split()) == 1}
    words |= {k.lower() for k in (doc._.acronyms or {})}
    return frozenset(words - {"of", "the", "and", "on", "for", "national", "federal", "pakistan"})


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
