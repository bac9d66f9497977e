"""The headline's present-tense verbs: 'ECC clears export of sugar', 'panel to write to court'."""
from spacy.tokens import Doc, Token

from pipeline.clauses import is_negated, subject_of, trim
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues

ATTRIBUTION_WORDS = 3  # 'X: ISPR', 'X: FO spokesperson': who said the headline, after its colon


def headline_spans(doc: Doc, cues: Cues) -> list[tuple[int, int]]:
    """The headline's token range (the first real line, short, with no full stop, after any 'X:' label), and a
    subheadline's: the short line right under it, with no blank line between ('Afghan Citizen Card holders told to leave by March 31' over 'Deportations to start from April 1,
    says interior ministry')."""
    offset = 0
    text = doc._.text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.lower().startswith(cues.debris_prefixes) or stripped.isupper() or not in_latin(stripped):
            offset += len(line) + 1
            continue
        first = headline_line(doc, cues, offset, line)
        if first is None:
            return []
        following = offset + len(line) + 1
        if number + 1 < len(lines) and lines[number + 1].strip():
            second = headline_line(doc, cues, following, lines[number + 1])
            return [first, second] if second is not None else [first]
        return [first]
    return []


def in_latin(line: str) -> bool:
    """'83ویں فارمیشن کمانڈرز کانفرنس' above the English headline is the heading in another script: skipped."""
    letters = [c for c in line if c.isalpha()]
    return sum(c.isascii() for c in letters) * 2 > len(letters)


def headline_line(doc: Doc, cues: Cues, offset: int, line: str) -> tuple[int, int] | None:
    """The token range of the headline-like `line` starting at character `offset`, None when it is prose."""
    text = doc._.text
    stripped = line.strip()
    if stripped.endswith((".", ":")) or len(stripped.split()) > cues.headline_max_words or offset + len(line) >= len(text):
        return None
    start = offset + line.index(stripped)
    end = offset + len(line.rstrip())
    if ":" in stripped:
        label, said_by = stripped[: stripped.rindex(":")], stripped[stripped.rindex(":") + 1 :]
        if len(said_by.split()) <= ATTRIBUTION_WORDS < len(label.split()):
            end = start + len(label)  # '... to be completed by December 2019: ISPR' names who said it
        else:
            start += len(label) + 1  # 'FEC: N3.9bn variation for secretariats' is a label
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None and len(span) else None


def headline_decisions(doc: Doc, cues: Cues) -> list[Found]:
    """'ECC clears export of sugar', 'PAC seeks details ..., orders action ...', 'panel to write to court':
    each present-tense (or 'to') verb of the headline starts a decision that runs to the next comma.
    Later verbs share the first one's subject ('Committee orders X, sets Y')."""
    return [found for start, end in headline_spans(doc, cues) for found in headline_line_decisions(doc, cues, start, end)]


def headline_line_decisions(doc: Doc, cues: Cues, start: int, end: int) -> list[Found]:
    found, shared_subject = [], None
    for token in doc[start:end]:
        lemma = token.lemma_.lower()
        if not is_headline_verb(token, start, end, cues) or lemma in cues.headline_non_decisions or is_negated(token):
            continue
        stop = next_headline_clause(doc, token.i, end, cues)
        kind = "directive" if lemma in cues.headline_directives else "decision"
        if shared_subject is None:
            shared_subject = headline_subject(token, start, cues)
        subject, role = shared_subject
        found.append(Found(*trim(doc, token.i, stop), kind, token, subject, role, [], "headline"))
    return found


def is_headline_verb(token: Token, start: int, end: int, cues: Cues) -> bool:
    """Present tense, a headline 'to' verb ('to write', 'to be completed'), or a verb the tagger read as a plural
    noun ('committee orders'). A 'to' verb is the line's own when it is the root, or hangs on a word outside the
    line (the parser runs a subheadline into the line above: 'Deportations to start from April 1')."""
    doc = token.doc
    if token.tag_ == "VBZ":
        return True
    own_root = token.dep_ == "ROOT" or not start <= token.head.i < end
    if token.tag_ == "VB" and token.i > start and doc[token.i - 1].lower_ == "to" and own_root:
        return True
    if token.tag_ == "VBN" and token.i > start + 1 and doc[token.i - 1].lower_ == "be" and doc[token.i - 2].lower_ == "to":
        return True  # 'Pak-Afghan border fencing to be completed by December 2019', 'By-polls to be held on April 21'
    return (token.tag_ in ("NNS", "NNP") and token.lower_ in cues.headline_noun_verbs and token.i > start
            and (doc[token.i - 1].pos_ in ("NOUN", "PROPN") or doc[token.i - 1].text == ","))


def headline_subject(verb: Token, start: int, cues: Cues) -> tuple[Token | None, str]:
    """(subject token, actor role) of a headline verb; the body that met when the subject is generic."""
    subject = subject_of(verb)
    if verb.tag_ in ("NNS", "NNP") and verb.doc[verb.i - 1].text != ",":
        subject = verb.doc[verb.i - 1]
    if subject is None or not start <= subject.i < verb.i or subject.lemma_.lower() in cues.body_nouns:
        return None, "body"  # 'Senate panel gives ...': the panel is the body that met
    if verb.tag_ == "VBN":
        return None, "body"  # 'border fencing to be completed': what is to be done, not who does it
    return subject, "token"


def next_headline_clause(doc: Doc, start: int, end: int, cues: Cues) -> int:
    """'NCOC bars travel, shuts spots': a comma ends an item only when another verb follows it."""
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and (doc[i + 1].tag_ == "VBZ" or doc[i + 1].lower_ in cues.headline_noun_verbs):
            return i
    return end
