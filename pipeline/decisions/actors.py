"""Actor resolution: the body that met, its chair, a named person or the phrase the statement wrote."""
import re

from spacy.tokens import Doc, Span, Token

from pipeline.abbreviations import initials_match, is_short_form
from pipeline.annotations import MeetingInfo, PeopleIndex
from pipeline.clauses import is_numbering, line_start_before, nominal_before, phrase_without_article
from pipeline.dateline import NO_DATELINES
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.rules.lists import is_list_marker, lead_in_subject
from pipeline.decisions.subjects import in_person_name, is_title, relative_antecedent


def title_holder(token: Token) -> str | None:
    """'the prime minister' -> the one person the statement names with that role."""
    title = token.doc[token.left_edge.i : token.i + 1].text.lower().removeprefix("the ")
    holder = PeopleIndex.of(token.doc).by_role(title)
    return holder.text if holder is not None else None


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
    listed_for = lead_in_subject(doc, found.trigger.i, cues) if found.trigger is not None else None
    if token is not None and listed_for and token.i < line_start_before(doc, found.trigger.i, 0):
        token = None  # '...the Heads of State:' then '1. agreed to ...': the lead-in's party, read whole
    if token is None:
        return listed_for or body or (chair if found.kind == "directive" else None) or "the meeting"
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
    if token.lemma_.lower() in cues.body_acts and body:
        return body  # 'Friday's order directs', 'a five-judge Constitution bench directed': the court that sat
    if token.lemma_.lower() in cues.body_nouns and body and (generic or token.lemma_.lower() in cues.meeting_nouns
                                                             or shortens_the_body(phrase, body)):
        return body  # 'the committee', 'a Cabinet meeting', 'Smog committee', 'Senate panel': the body that met
    if token.lemma_.lower() == "meeting" and generic:
        return "the meeting"  # the guideline's name for a meeting that names no body
    return (person_named_by(phrase) or person_by_role(phrase, cues) or person_by_short_title(phrase)
            or phrase_without_article(doc, start, token.i + 1))


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


def person_by_short_title(phrase: Span) -> str | None:
    """'the COAS directed commanders ...' -> 'Syed Asim Munir': a title's short form that the initials of exactly
    one person's role spell ('Chief of Army Staff'), though the statement never wrote the two together."""
    words = [t.text for t in phrase if t.is_alpha and t.lower_ not in ("the", "a", "an")]
    if len(words) != 1 or not is_short_form(words[0]):
        return None
    holders = {p.text for p in PeopleIndex.of(phrase.doc)
               if p.role and spelled_out(p.role) and initials_match(words[0], p.role.split())}
    return holders.pop() if len(holders) == 1 else None


def spelled_out(role: str) -> bool:
    """'Chief of Army Staff', not 'NEOC Coordinator': a role in full words, whose initials can be a short form."""
    return not any(is_short_form(word) for word in role.split())


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


def noun_phrase_start(head: Token) -> int:
    """The subject's own words only: never back over a dateline, a line break or list numbering."""
    start = head.i
    for i in range(head.i - 1, head.left_edge.i - 1, -1):
        token = head.doc[i]
        if "\n" in token.text or is_boundary_punct(token) or token.like_num and token.dep_ != "nummod" or is_numbering(token):
            break
        if token.ent_type_ in ("GPE", "DATE") and token.head is not head and token.dep_ not in ("compound", "poss", "amod"):
            break
        start = i
    while start < head.i and head.doc[start].is_punct:
        start += 1  # the '.' of '6. Work'
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


def nearest_person_before(doc: Doc, index: int) -> str | None:
    people = [e for e in doc.ents if e.label_ == "PERSON" and e.end <= index]
    return people[-1].text if people else None


def meeting_body_words(doc: Doc) -> frozenset:
    """Words that name the body in this statement (its name and acronym), so 'NCOC bars ...' is the body acting."""
    meeting = doc._.meeting or MeetingInfo()
    words = set()
    for value in (meeting.body or "",):
        words |= {w.lower() for w in re.findall(r"[A-Za-z]+", value) if w[0].isupper() or len(value.split()) == 1}
    words |= {k.lower() for k in (doc._.acronyms or {})}
    return frozenset(words - {"of", "the", "and", "on", "for", "national", "federal", "pakistan"})
