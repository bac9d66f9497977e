"""Directives: 'directed X to Y', 'X was asked to Y', 'ordered that X be Y', 'sought a report from X', 'gave X one week to Y', 'called upon X to Y'."""
from dataclasses import replace

from spacy.tokens import Doc, Token

from pipeline.clauses import (
    coordinated,
    cut_at_comment,
    is_negated,
    is_passive,
    is_verb,
    own_subject,
    phrase_without_article,
    subject_of,
    trim,
)
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.extent import (
    action_range,
    is_counted_period,
    next_clause_break,
    noun_item_range,
    object_items,
    verb_actions,
)
from pipeline.decisions.rules.common import (
    addressee_of,
    clause_actions,
    is_infinitive_action,
    is_trigger_verb,
    party_phrase,
    trailing_infinitives,
)
from pipeline.decisions.subjects import trigger_subject

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
