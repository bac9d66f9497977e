"""Clause extents: where a decided action, or an approved item, starts and ends."""
from spacy.tokens import Doc, Token

from pipeline.clauses import (
    coordinated,
    cut_at_comment,
    is_verb,
    line_start_before,
    own_subject,
    subtree_range,
    trim,
)
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.subjects import trigger_subject

def action_range(verb: Token, cues: Cues, with_subject: bool = False) -> tuple[int, int]:
    """The clause of `verb`: from the verb (or its subject) to the end, without coordinated actions."""
    doc = verb.doc
    _, end = subtree_range(verb, detached=("conj", "cc", "parataxis", "preconj") + separate_clause_deps(verb, cues))
    end = max(end, stray_object_end(verb))
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


def stray_object_end(verb: Token) -> int:
    """'decided to suspend, with immediate effect, the licences of 12 mills': after a parenthetical the parser
    hangs the infinitive's object on the trigger (as its object, or an unlabelled dependent). An object of the
    trigger after an infinitive that has none is the infinitive's. 0 when there is none."""
    if verb.dep_ != "xcomp" or any(c.dep_ in ("dobj", "obj", "ccomp") for c in verb.children):
        return 0
    stray = [c for c in verb.head.children if c.i > verb.i and (c.dep_ in ("dobj", "obj")
                                                               or (c.dep_ == "dep" and c.pos_ in ("NOUN", "PROPN")))]
    return stray[0].right_edge.i + 1 if stray else 0


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


def clause_head(verb: Token) -> Token:
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb


def same_line(a: Token, b: Token) -> bool:
    low, high = sorted((a.i, b.i))
    return not any("\n" in t.text for t in a.doc[low:high])


def auxiliaries_of(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def is_counted_period(token: Token) -> bool:
    """'one week', '15 days' (a period granted), not 'last week' (when something happened)."""
    return token.lemma_.lower() in ("day", "week", "month", "hour", "year") and any(c.dep_ == "nummod" for c in token.children)


def next_clause_break(doc: Doc, start: int, limit: int) -> int:
    for i in range(start, limit):
        if doc[i].text in (",", ";", ".") or "\n" in doc[i].text:
            return i
    return limit


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


def has_to_complement(verb: Token) -> bool:
    """'will have to pay', 'is to be registered', 'will be able to go'."""
    complements = [c for c in verb.children if c.dep_ in ("xcomp", "acomp")]
    complements += [g for c in complements for g in c.children if g.dep_ == "xcomp"]
    return any(any(a.lower_ == "to" for a in c.children) for c in complements)
