"""Abbreviations written as 'Long Form (LF)': the pure algorithm, no component.

In the style of scispacy's abbreviation detector. The `acronyms` component
links what it finds; `entity_cleanup` asks whether a name has its own short
form before it joins that name to a body ('Executive Board of the
International Monetary Fund (IMF)').
"""
from spacy.tokens import Doc, Span

MAX_LETTERS_PER_WORD = 3
STOP_WORDS = frozenset({"of", "and", "for", "the", "on", "&", "-", "in", "to"})


def is_acronym(token) -> bool:
    """A word in capitals only ('NACTA', 'DG'): how entity_cleanup and people tell an acronym from a name.
    Looser than `is_short_form`, which also takes digits and lower-case letters inside brackets ('CCoP')."""
    text = token.text
    return len(text) >= 2 and text.isupper() and text.isalpha()


def is_short_form(text: str) -> bool:
    letters = text.replace("-", "").replace("&", "")
    return 2 <= len(letters) <= 10 and letters.isalnum() and sum(c.isupper() for c in letters) >= 2 and text[0].isupper()


def initials_match(short: str, words: list[str]) -> bool:
    """The short form's capitals spell the long form's content words in order, each word giving its
    initial or a few first letters ('Gujranwala Electric Power COmpany' -> GEPCO)."""
    content = [w.upper() for w in words if w.lower() not in STOP_WORDS and w[0].isalpha()]
    capitals = "".join(c for c in short if c.isupper())
    return spells(capitals, content)


def spells(capitals: str, words: list[str]) -> bool:
    if not words:
        return not capitals
    word = words[0]
    return any(capitals.startswith(word[:size]) and spells(capitals[size:], words[1:])
               for size in range(1, min(len(word), MAX_LETTERS_PER_WORD) + 1))


def long_form_before(doc: Doc, open_paren: int, short: str) -> Span | None:
    """The shortest run of words right before '(' whose initials spell the short form."""
    letters = sum(c.isupper() for c in short)
    for size in range(1, letters * 2 + 3):
        start = open_paren - size
        if start < 0:
            return None
        candidate = doc[start:open_paren]
        if any(t.is_punct and t.text not in ("-", "&") for t in candidate):
            return None
        if candidate[0].is_title or candidate[0].is_upper:
            words = [t.text for t in candidate if not t.is_punct]
            if initials_match(short, words):
                return candidate
    return None


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """(long form, short form) pairs written as 'Long Form (LF)'."""
    pairs = []
    for token in doc[1:-2]:
        if token.text != "(" or doc[token.i + 2].text != ")":
            continue
        short = doc[token.i + 1 : token.i + 2]
        if not is_short_form(short.text):
            continue
        long_form = long_form_before(doc, token.i, short.text)
        if long_form is not None:
            pairs.append((long_form, short))
    return pairs
