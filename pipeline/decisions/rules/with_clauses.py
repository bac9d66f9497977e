"""', with X to be done by June' right after a decision is a decision of the same kind."""
from spacy.tokens import Doc

from pipeline.clauses import cut_at_comment, is_verb, own_subject, subtree_range, trim
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues

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
