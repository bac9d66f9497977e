"""Acts of the body itself ('the committee constituted a panel') and passive approvals ('X was approved')."""
from spacy.tokens import Token

from pipeline.clauses import is_negated, is_passive, is_verb, own_subject
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.extent import action_range, object_items
from pipeline.decisions.subjects import names_a_person, names_the_body, trigger_subject

def body_action_decisions(token: Token, cues: Cues, body_words: frozenset) -> list[Found]:
    """'The committee constituted a panel', 'NCOC bars intercity travel': acts of the body itself."""
    if token.lemma_.lower() not in cues.body_actions or not is_verb(token) or is_passive(token) or is_negated(token):
        return []
    if token.lemma_.lower() == "hold" and token.i > 0 and token.doc[token.i - 1].lemma_.lower() in cues.meeting_nouns:
        return []  # 'at its meeting held on 07.11.2017' dates the meeting
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


def is_lede_acl(verb: Token, cues: Cues, body_words: frozenset) -> bool:
    """'ISLAMABAD, Oct 3 (APP): The Apex Committee on Tuesday set X': the dateline makes the parser
    hang the main verb on the body as a participle; with no comma and no 'by' it is the main verb."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in ("VBD", "VBN") or head.i > verb.i or not names_the_body(head, cues, body_words):
        return False
    between = verb.doc[head.i + 1 : verb.i]
    return not any(t.text == "," for t in between) and not any(c.dep_ == "agent" for c in verb.children)


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
