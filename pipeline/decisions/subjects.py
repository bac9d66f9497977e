"""Who a clause is about: the subject of a trigger, titles, and names the people component found."""
from spacy.tokens import Token

from pipeline.annotations import PeopleIndex
from pipeline.clauses import own_subject, subject_of
from pipeline.decisions.cues import Cues

def trigger_subject(trigger: Token) -> Token | None:
    """Who acted. A trigger the parser coordinated into an embedded clause ('agreed that X would Y,
    and tasked Z with ...') shares the subject of the verb that clause depends on, not the clause's."""
    if trigger.dep_ == "conj" and own_subject(trigger) is None and trigger.head.dep_ in ("ccomp", "xcomp"):
        return subject_of(trigger.head.head)
    return subject_of(trigger)


def person_named_in(subject: Token) -> Token | None:
    """'Adviser to the PM on Finance Dr Abdul Hafeez Shaikh, who attended, said ...': the person in the title."""
    for token in subject.subtree:
        if token.dep_ in ("relcl", "acl"):
            break
        is_person = token.pos_ == "PROPN" and (token.ent_type_ == "PERSON" or in_person_name(token))
        if token.i != subject.i and is_person and token.dep_ != "compound":  # the last word of the name
            return token
    return None


def names_a_person(subject: Token, cues: Cues) -> bool:
    return subject.ent_type_ == "PERSON" or subject.lower_ in cues.person_pronouns or is_title(subject, cues) or in_person_name(subject)


def names_the_body(subject: Token, cues: Cues, body_words: frozenset) -> bool:
    words = {t.lower_ for t in subject.subtree} | {subject.lemma_.lower()}
    return subject.lemma_.lower() in cues.body_nouns or subject.lower_ in body_words or bool(words & body_words and subject.pos_ == "PROPN")


def is_title(token: Token, cues: Cues) -> bool:
    phrase = token.doc[token.left_edge.i : token.i + 1].text.lower()
    phrase = phrase[4:] if phrase.startswith("the ") else phrase
    return phrase in cues.chair_titles


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


def in_person_name(token: Token) -> bool:
    """Names the people component found, which the statistical NER sometimes misses."""
    if not token.text[:1].isupper():
        return False
    return bool(PeopleIndex.of(token.doc).holding_word(token.text))
