"""Approvals: 'approved A, B and C', 'gave the go-ahead to A'; and lists of decisions ('Other decisions included A and B')."""
from spacy.tokens import Token

from pipeline.clauses import coordinated, is_verb, own_subject
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.extent import action_range, noun_item_range, object_items
from pipeline.decisions.rules.common import is_approval_trigger

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
    heads = [c for c in token.children if c.dep_ in ("dobj", "xcomp", "attr", "ccomp") and c.i > token.i
             and not after_a_colon(token, c)]
    found = []
    for head in heads:
        for item in coordinated(head):
            start, end = action_range(item, cues) if is_verb(item) else noun_item_range(item, cues)
            found.append(Found(start, end, kind, token, None, "body"))
    return found


def after_a_colon(verb: Token, item: Token) -> bool:
    """'Decisions taken at the meeting include:' then a list: its lines are the list rule's items."""
    return any(t.text == ":" for t in verb.doc[verb.i + 1 : item.left_edge.i + 1])


def approval_decisions(token: Token, cues: Cues) -> list[Found]:
    """'approved A and B, along with C': one decision per item, the first span starting at the trigger."""
    if not is_approval_trigger(token, cues):
        return []
    return object_items(token, "decision", cues)
