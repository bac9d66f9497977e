"""Shapes several rule families share: which verbs are triggers, infinitive and clause complements, parties named as addressees."""
from spacy.tokens import Doc, Token

from pipeline.clauses import (
    cut_at_comment,
    is_negated,
    is_passive,
    is_verb,
    own_subject,
    phrase_without_article,
    subtree_range,
    trim,
)
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.extent import auxiliaries_of, is_future_clause_shape, same_line, verb_actions

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


def is_forward_looking(clause: Token, cues: Cues) -> bool:
    """'agreed that X would/should Y', 'decided that X be Y'; not 'agreed that progress had been slow'."""
    auxes = auxiliaries_of(clause)
    if auxes & (cues.modals | {"should", "shall", "may", "can", "to"}):
        return True
    return clause.tag_ == "VB" or is_future_clause_shape(clause, cues)


def announces_future(clause: Token, cues: Cues) -> bool:
    return same_line(clause.head, clause) and (is_future_clause_shape(clause, cues) or set_to_action(clause, cues) is not None)


def is_trigger_verb(verb: Token, cues: Cues) -> bool:
    """'decided to extend X and requested Y to Z': 'requested' is a trigger of its own, not a decided action."""
    return verb.lemma_.lower() in cues.directive | cues.decide | cues.commit or is_approval_trigger(verb, cues)


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
