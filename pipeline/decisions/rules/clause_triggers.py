"""Clause triggers: 'decided to X', 'agreed that X would Y', 'vowed to X', 'made a pledge of $X'. The governed clause is the action."""
from spacy.tokens import Token

from pipeline.clauses import is_negated, is_passive, is_verb
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.extent import (
    action_range,
    auxiliaries_of,
    clause_head,
    noun_item_range,
    object_items,
    same_line,
    verb_actions,
)
from pipeline.decisions.rules.common import (
    announces_future,
    clause_actions,
    is_forward_looking,
    is_infinitive_action,
    is_trigger_verb,
    mark_passive_actor,
    modal_conjuncts,
    names_an_amount,
    set_to_action,
    trailing_infinitives,
)
from pipeline.decisions.subjects import trigger_subject

def clause_trigger_decisions(token: Token, cues: Cues) -> list[Found]:
    """'decided to A and to B', 'agreed that X would Y', 'vowed to Y', 'committed to doing Y', 'agreed to a ceasefire'."""
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
        elif child.dep_ == "prep" and child.lower_ == "to":
            # 'committed to doing Y', 'agreed to an immediate ceasefire'; after a passive only a gerund is the
            # action ('was committed to providing relief'): 'will be offered to investors' names who gets it
            for grand in child.children:
                if grand.dep_ == "pcomp" or (grand.dep_ == "pobj" and not is_passive(token)):
                    extent = noun_item_range(grand, cues) if grand.pos_ in ("NOUN", "PROPN") else action_range(grand, cues)
                    found.append(Found(*extent, kind, token, trigger_subject(token), "token"))
    found += [Found(*action_range(v, cues), kind, token, trigger_subject(token), "token") for v in modal_conjuncts(token, cues)]
    found += trailing_infinitives(token, found, kind, trigger_subject(token), "token", [], cues)
    if kind == "commitment" and not found and token.lemma_.lower() in cues.commitment_objects and names_an_amount(token):
        found += object_items(token, kind, cues)
    return [mark_passive_actor(f, token) for f in found]


def pledge_decisions(token: Token, cues: Cues) -> list[Found]:
    """'made the largest pledge of the day, $4.2 billion': a pledge made is a commitment."""
    if token.lemma_.lower() != "make" or not is_verb(token) or is_negated(token):
        return []
    if not any(c.dep_ == "dobj" and c.lemma_.lower() in cues.pledge_nouns for c in token.children):
        return []
    return object_items(token, "commitment", cues)
