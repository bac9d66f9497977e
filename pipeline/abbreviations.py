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


def content_words(words: list[str]) -> list[str]:
    """The words a short form spells, upper-cased: no stop words, no numbers."""
    return [w.upper() for w in words if w.lower() not in STOP_WORDS and w[0].isalpha()]


def capitals_of(short: str) -> str:
    return "".join(c for c in short if c.isupper())


def initials_match(short: str, words: list[str]) -> bool:
    """The short form's capitals spell the long form's content words in order, each word giving its
    initial or a few first letters ('Gujranwala Electric Power COmpany' -> GEPCO); a stop word may give its
    initial too ('Department Of Health' -> DOH, 'Department Of Transportation' -> DOTr)."""
    spelled = [w.lower() if w.lower() in STOP_WORDS else w.upper() for w in words if w[0].isalpha()]
    return spells(capitals_of(short), spelled)


def spells(capitals: str, words: list[str]) -> bool:
    """Upper-case words each give their first one to three letters; a lower-case (stop) word is either left
    out or gives its initial."""
    if not words:
        return not capitals
    word, rest = words[0], words[1:]
    if word.islower():
        return spells(capitals, rest) or (capitals.startswith(word[0].upper()) and spells(capitals[1:], rest))
    return any(capitals.startswith(word[:size]) and spells(capitals[size:], rest)
               for size in range(1, min(len(word), MAX_LETTERS_PER_WORD) + 1))


def initials_match_in_parts(short: str, words: list[str]) -> bool:
    """'IATF-EID' for 'Inter-Agency Task Force for the Management of Emerging Infectious Diseases': each
    hyphenated part spells a run of the content words, the first from the start, the last to the end;
    words between the runs are left out of the short form."""
    parts = [part for part in short.split("-") if part]
    return len(parts) > 1 and parts_spell([capitals_of(p) for p in parts], content_words(words), True)


def parts_spell(parts: list[str], words: list[str], anchored: bool) -> bool:
    if len(parts) == 1:
        return any(spells(parts[0], words[start:]) for start in (range(len(words)) if not anchored else [0]))
    starts = [0] if anchored else range(len(words))
    return any(spells(parts[0], words[start:end]) and parts_spell(parts[1:], words[end:], False)
               for start in starts for end in range(start + 1, len(words)))


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
            if initials_match(short, words) or initials_match_in_parts(short, words):
                return candidate
    return None


def bracketed_word(doc: Doc, open_paren: int) -> Span | None:
    """The one word between '(' and ')': a token, or a hyphenated word the tokenizer split ('IATF-EID')."""
    for end in (open_paren + 2, open_paren + 4):
        if end < len(doc) and doc[end].text == ")":
            inside = doc[open_paren + 1 : end]
            if len(inside) == 1 or (inside[1].text == "-" and not inside[0].whitespace_ and not inside[1].whitespace_):
                return inside
    return None


def find_abbreviations(doc: Doc) -> list[tuple[Span, Span]]:
    """(long form, short form) pairs written as 'Long Form (LF)'."""
    pairs = []
    for token in doc[1:-2]:
        if token.text != "(":
            continue
        short = bracketed_word(doc, token.i)
        if short is None or not is_short_form(short.text):
            continue
        long_form = long_form_before(doc, token.i, short.text)
        if long_form is not None:
            pairs.append((long_form, short))
    return pairs


def spells_a_run(short: str, words: list[str]) -> bool:
    """The short form's capitals spell a run of the name's content words: 'UP' in 'Uttar Pradesh Cabinet',
    'SEBI' in 'Securities and Exchange Board of India'."""
    content, capitals = content_words(words), capitals_of(short)
    return any(spells(capitals, content[i:j]) for i in range(len(content)) for j in range(i + 1, len(content) + 1))


def is_short_name_of(words: str, name: str) -> bool:
    """'SC' for 'Supreme Court', 'SEBI board' for 'Securities and Exchange Board of India', 'KMC council' for
    'council of the KMC': a name of at most three words, at least one a short form, each word either a word
    of `name` or a short form spelling a run of its words."""
    tokens, name_words = words.split(), name.split()
    known = {word.lower() for word in name_words}
    if not 1 <= len(tokens) <= 3 or not any(is_short_form(token) for token in tokens):
        return False
    return all(token.lower() in known or (is_short_form(token) and spells_a_run(token, name_words)) for token in tokens)
