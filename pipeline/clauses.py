"""Pure helpers over the dependency parse: clause extents, subjects, coordination.

Nothing here knows about decisions; `pipeline/decisions.py` combines them.
A clause extent is a half-open token range (start, end) inside one sentence.
"""
import re

from spacy.tokens import Token

# The marker opening a list line: '-', a bullet, '(i)', 'a)', '1.'.
# a line's bullet: hyphen, en and em dash, bullet glyphs; or an item number or letter
LIST_MARKER = re.compile(r"(?m)^[ \t]*(?:[-\u2013\u2014\u2022*\u25cf\u25aa]|\(?(?:[ivx]{1,4}|[a-h])[.)]|\(?\d{1,2}[.)])[ \t]+")
# an item that opens with an amount: 'Rs500,000 for each injured person', 'up to $5 million', '25,000 tents'
_AMOUNT_LEAD = r"(?:up to |upto |a |an )?"
_CURRENCY = r"(?:Rs\.?|PKR|INR|LKR|\$|US\$|£|€|₹|₦|Tk|N|KSh|Shs|GH¢|RM|Rp|P)"
AMOUNT_START = re.compile(rf"{_AMOUNT_LEAD}{_CURRENCY}?\s?\d")
MONEY_START = re.compile(rf"{_AMOUNT_LEAD}{_CURRENCY}\s?\d")  # a sum of money, not '232(b)'
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")
# Children whose subtree is never part of the clause they hang off: another
# coordinated action, a comment on it, or a parenthetical attribution.
DETACHED_DEPS = ("conj", "cc", "parataxis", "preconj")


def subject_of(verb: Token) -> Token | None:
    """The verb's own subject, else the subject it shares with the verb it is coordinated with."""
    seen = 0
    while verb is not None and seen < 6:
        found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        subjects = [c for c in found if not is_misparsed_subject(c)]
        if found and not subjects:
            return nominal_before(verb)
        if subjects:
            before = [c for c in subjects if c.i < verb.i]
            return before[-1] if before else subjects[0]
        if verb.dep_ != "conj" or verb.head is verb:
            return None
        verb = verb.head
        seen += 1
    return None


def is_misparsed_subject(token: Token) -> bool:
    """A weekday ('on Friday' without 'on') or a dateline city in capitals is not who acted."""
    if token.ent_type_ in ("DATE", "TIME"):
        return True
    return token.text.isupper() and len(token.text) > 3 and (token.ent_type_ == "GPE" or is_line_opening(token))


def is_line_opening(token: Token) -> bool:
    return token.i == 0 or "\n" in token.doc[token.i - 1].text


def nominal_before(verb: Token) -> Token | None:
    """The last noun before the verb on its line that is not inside a phrase of time or place."""
    doc = verb.doc
    for i in range(verb.i - 1, verb.sent.start - 1, -1):
        token = doc[i]
        if "\n" in token.text or token.text in (":",):
            return None
        if token.pos_ in ("PROPN", "NOUN") and token.dep_ not in ("pobj", "npadvmod", "compound") and not is_misparsed_subject(token):
            return token
    return None


def own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def is_negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" for c in verb.children)


def is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")


def coordinated(token: Token) -> list[Token]:
    """The token followed by the tokens coordinated with it (A, B and C), in order."""
    found = [token]
    for child in token.children:
        if child.dep_ == "conj":
            found.extend(coordinated(child))
    return sorted(found, key=lambda t: t.i)


def subtree_range(token: Token, detached: tuple[str, ...] = DETACHED_DEPS) -> tuple[int, int]:
    """Token range of the subtree, stopped before the first detached child on the right."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.children:
        if child.i > token.i and child.dep_ in detached:
            end = min(end, child.left_edge.i)
    return start, end


def line_start_before(doc, index: int, limit: int) -> int:
    """The first token after the last line break in [limit, index): a heading is not part of a clause."""
    for i in range(index - 1, limit - 1, -1):
        if "\n" in doc[i].text:
            return i + 1
    return limit


def trim(doc, start: int, end: int, trailing_skip: frozenset = frozenset()) -> tuple[int, int]:
    """Drop punctuation, conjunctions and dangling connectives at both edges."""
    while end > start and (
        (doc[end - 1].is_punct and not closes_bracket_inside(doc, start, end))
        or doc[end - 1].dep_ in ("cc",)
        or doc[end - 1].lower_ in ("and", "or")
        or doc[end - 1].lower_ in trailing_skip
        or doc[end - 1].is_space
    ):
        end -= 1
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ in ("cc", "mark") or is_item_label(doc, start, end)):
        start += 1
    return start, end


def is_numbering(token) -> bool:
    """The '6' of '6. Work ... is suspended': the parser hangs an item's number on a word of the item ('meta')."""
    doc = token.doc
    opens_line = token.i == 0 or "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_
    return token.dep_ == "meta" or (opens_line and is_item_label(doc, token.i, len(doc)))


def is_item_label(doc, i: int, end: int) -> bool:
    """'b)' or '2.' opening a list item is numbering, not part of the item."""
    token = doc[i]
    return i + 1 < end and doc[i + 1].text in (")", ".") and len(token.text) <= 4 and token.text.isalnum() and (token.like_num or token.text.islower())


def closes_bracket_inside(doc, start: int, end: int) -> bool:
    """')' that closes a '(' of the same span belongs to it: 'Authority (NDMA)'."""
    closing = doc[end - 1].text
    if closing == ")":
        return "(" in doc[start : end - 1].text
    return closing in ('"', "\u201d") and doc[start : end - 1].text.count(closing if closing == '"' else "\u201c") % 2 == 1


def cut_at_comment(doc, start: int, end: int, cut_words: frozenset) -> int:
    """End the clause before ', saying ...', ', which ...' style comments that follow it."""
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and (doc[i + 1].lower_ in cut_words or doc[i + 1].tag_ == "WDT") \
                and not inside_the_subject(doc, i, end) and not is_parenthetical(doc, i, end):
            return i
        if doc[i].text in (";", "\n") or "\n" in doc[i].text:
            return i
    return end


PARENTHETICAL_WORDS = 5  # 'with immediate effect', 'with effect from today': a short aside, no clause


def is_parenthetical(doc, comma: int, end: int) -> bool:
    """'to suspend, with immediate effect, the participation of Niger': a short verbless aside closed by a
    second comma, the clause going on after it, is no comment that ends the clause."""
    for j in range(comma + 2, min(end - 1, comma + 2 + PARENTHETICAL_WORDS)):
        if doc[j].pos_ in ("VERB", "AUX"):
            return False
        if doc[j].text == ",":
            return doc[j + 1].pos_ in ("DET", "NOUN", "PROPN", "NUM", "ADJ")
    return False


def inside_the_subject(doc, comma: int, end: int) -> bool:
    """'The minimum net worth of a banker, which may undertake all activities, is raised': the comment
    sits inside the subject, whose verb comes after it, so it ends nothing."""
    verb = next((t for t in doc[comma - 1].ancestors if t.pos_ in ("VERB", "AUX")), None)
    return verb is not None and comma < verb.i < end


def phrase_without_article(doc, start: int, end: int) -> str:
    """'the home department' -> 'home department', '• Provinces' -> 'Provinces'; offsets are not
    needed for these strings."""
    while start < end and (doc[start].lower_ in ("the", "a", "an", "all the") or doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end].text.strip()


NON_VERB_AFTER_TO = frozenset({"the", "a", "an", "its", "their", "his", "her", "all", "this", "that", "these", "those", "each", "every"})


def infinitive_cuts(doc, start: int, end: int) -> list[int]:
    """Where 'A and to B' / 'A, and B' (B a bare verb) starts a second action the parser did not split."""
    cuts = []
    for i in range(start + 1, end - 1):
        if doc[i].text == "," and doc[i + 1].lower_ == "to" and i + 2 < end and doc[i + 2].tag_ == "VB":
            cuts.append(i + 2)
            continue
        if doc[i].lower_ != "and":
            continue
        after = doc[i + 1]
        hyphenated = i + 3 < len(doc) and doc[i + 3].text == "-"
        if after.lower_ == "to" and i + 2 < end and doc[i + 2].is_alpha and doc[i + 2].lower_ not in NON_VERB_AFTER_TO and not hyphenated:
            cuts.append(i + 2)
        elif after.tag_ == "VB" and after.dep_ == "conj" and after.lower_ not in NON_VERB_AFTER_TO:
            cuts.append(i + 1)
    return cuts


def split_infinitive_range(doc, start: int, end: int) -> list[tuple[int, int]]:
    """An infinitive action range cut into one range per coordinated action."""
    if doc[start].tag_ not in ("VB", "VBG"):
        return [(start, end)]
    ranges, cursor = [], start
    for cut in infinitive_cuts(doc, start, end):
        ranges.append(trim(doc, cursor, cut - 1 if doc[cut - 1].lower_ == "to" else cut))
        cursor = cut
    ranges.append(trim(doc, cursor, end))
    return [(s, e) for s, e in ranges if e > s]


def coordinated_amounts(text: str, start: int, end: int, opens: re.Pattern = AMOUNT_START) -> list[tuple[int, int]]:
    """'Rs2 million for each family and Rs500,000 for each injured person': a list item cut at ' and ' /
    '; ' where the next part opens with an amount, each part without its end punctuation."""
    piece = text[start:end]
    cuts = [0]
    for match in re.finditer(r"(?:,? and |; )", piece):
        if opens.match(piece, match.end()):
            cuts.append(match.end())
    parts = []
    for a, b in zip(cuts, cuts[1:] + [len(piece)]):
        chunk = piece[a:b]
        chunk = re.sub(r"(?:,? and |; )$", "", chunk).rstrip(" ;.,")
        if chunk:
            parts.append((start + a, start + a + len(chunk)))
    return parts


def coordinated_clause_cuts(doc, start: int, end: int) -> list[int]:
    """', and selling shareholders cannot sell ...': the commas before 'and' that open a clause with a
    subject of its own, inside start..end."""
    cuts = []
    for i in range(start + 1, end - 2):
        if doc[i].text != "," or doc[i + 1].lower_ != "and":
            continue
        verbs = [t for t in doc[i + 2 : end] if t.dep_ == "conj" and start <= t.head.i < i and is_verb(t)]
        if any(c.dep_ in SUBJECT_DEPS and c.i > i + 1 for v in verbs for c in v.children):
            cuts.append(i)
    return cuts


def tells_an_earlier_act(verb) -> bool:
    """'Last week the court had directed ...', 'the bench had struck down the scheme, ordered ... and directed
    ...': a main clause in the past perfect is the background of an earlier meeting, not what this one did.
    Reported ('said the cabinet had approved ...'), the past perfect is this meeting's act told in reported
    speech, so only a sentence's own root (and verbs coordinated with it) counts."""
    while verb.dep_ == "conj" and verb.head.i != verb.i and not any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in verb.children):
        verb = verb.head  # '..., but OGRA determined ...' has its own subject and tense
    return verb.dep_ == "ROOT" and verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def own_words_start(token) -> int:
    """Where the words a noun owns to its left begin: its subtree without punctuation, an item's number or
    anything before a line break ('RWMC contract\n\nISLAMABAD' is a headline's end and a dateline)."""
    start = min([token.i] + [t.i for t in token.subtree if t.i < token.i and t.dep_ != "punct" and not is_numbering(t)])
    return max(start, line_start_before(token.doc, token.i, start))
