"""Future clauses the statement announces: 'X will be set up', 'he said the ministry would Y'."""
from spacy.tokens import Token

from pipeline.clauses import is_negated, is_passive, is_verb, own_subject, phrase_without_article, subject_of
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.extent import action_range, has_to_complement, is_future_clause_shape, verb_actions
from pipeline.decisions.subjects import names_a_person, names_the_body, person_named_in, relative_antecedent

def future_clause_decisions(token: Token, cues: Cues, body_words: frozenset = frozenset()) -> list[Found]:
    """'X will be set up', 'he said the ministry would Y': a forward-looking clause the statement announces."""
    if not is_verb(token) or not is_future_clause_shape(token, cues):
        return []
    if token.lemma_.lower() in cues.blocked_future_verbs or (token.lemma_.lower() in ("have", "be") and not has_to_complement(token)):
        return []  # 'will have four lanes', 'will be close to 200pc' describe; 'will have to', 'is to be' oblige
    subject = own_subject(token)
    if token.dep_ == "relcl" and subject.tag_ == "WDT" and relative_antecedent(subject) is not None:
        return new_body_duty(token, relative_antecedent(subject), cues)
    if (subject.lower_ in cues.blocked_subjects and not body_speaks_of_itself(token, subject, cues, body_words)) or subject.tag_ == "WDT":
        return []
    if subject.lower_ in cues.instrument_subjects and not is_passive(token):
        return []  # 'the revised tariff will raise Rs395 billion': what a decision will do, not another one
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
    if body_speaks_of_itself(token, subject, cues, body_words):
        kind = "commitment"  # 'The bench said it would review compliance at its next hearing': its own future act
    if subject.lemma_.lower() in cues.government_subjects:
        kind = "commitment"
        if actor is None:
            actor, role = subject, "token"
    if obliges_a_government_organ(token, subject, cues):
        kind = "directive"  # 'government agencies shall form skeleton workforces': the body orders its organs
        if role != "speaker":
            actor, role = None, "body"
    doer = [] if is_passive(token) or subject.pos_ == "PRON" or subject.like_num else [phrase_without_article(token.doc, subject.left_edge.i, subject.right_edge.i + 1)]
    found = [Found(*action_range(token, cues, True), kind, token, actor, role, doer)]
    for verb in verb_actions(token)[1:]:
        if own_subject(verb) is None and verb.i > token.i and verb.tag_ in ("VB", "VBN"):
            found.append(Found(*action_range(verb, cues, True), kind, token, actor, role))
    return found


def obliges_a_government_organ(verb: Token, subject: Token, cues: Cues) -> bool:
    """'Provincial governments must complete the mapping', 'the Department of Transportation (DOTr) shall issue
    guidelines': an obligation laid on an organ of government is an order to it. The same modal on the public
    ('Students must be vaccinated', 'Merchant bankers must maintain ...') is a rule the body made: a decision."""
    if is_passive(verb) or not any(c.dep_ == "aux" and c.lower_ in cues.obligation_modals for c in verb.children):
        return False
    return organ_head(subject).lemma_.lower() in cues.government_organs


def organ_head(subject: Token) -> Token:
    """The noun that says what the subject is: 'Department' of 'the Department of Labor (DOLE)' when the
    parser makes the acronym or a coordinated name the subject."""
    entity = next((e for e in subject.doc.ents if e.start <= subject.i < e.end and e.label_ == "ORG"), None)
    if entity is not None and entity.root is not subject and entity.root.pos_ in ("NOUN", "PROPN"):
        return entity.root
    return subject


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


def body_speaks_of_itself(verb: Token, subject: Token, cues: Cues, body_words: frozenset = frozenset()) -> bool:
    """'The committee said it would take up the matter': 'it' is the body that said so."""
    if subject.lower_ not in cues.body_pronouns or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in cues.reporting:
        return False
    speaker = subject_of(verb.head)
    return speaker is not None and names_the_body(speaker, cues, body_words)  # 'OGRA said it would notify ...'


def is_negative_clause(verb: Token) -> bool:
    subject = own_subject(verb)
    negative_subject = subject is not None and (
        subject.lower_ in ("nobody", "none") or any(c.lower_ == "no" for c in subject.children) or subject.lower_ == "one" and subject.i > 0 and subject.doc[subject.i - 1].lower_ == "no"
    )
    return is_negated(verb) or negative_subject


def in_quotation(token: Token) -> bool:
    """Inside a direct quotation the speaker's words are rhetoric, not an announced decision."""
    sent = token.sent
    before = sent.text[: token.idx - sent.start_char]  # Doc.text is rebuilt on every call; the sentence is short
    return (before.count('"') + before.count("\u201c") - before.count("\u201d")) % 2 == 1
