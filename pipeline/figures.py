"""figures: numbers that state facts (counts, money, percentages) as doc.spans["figures"].

Rules, in order, for each number token (digits, glued money like 'Rs35bn', or a number word):
- skip dates, times, ordinals (NER), bare years, numbers inside names ('Article 245', 'G-20')
  and durations/ages ('seven days', '15-year-old');
- a currency before it (or glued to it) makes it money; the unit is the ISO-like code;
- a scale word after it ('million', 'crore', 'lakh crore', glued 'bn'/'tr'/'m') multiplies;
- a percent word after it ('percent', 'per cent', 'pc', '%') makes the unit '%';
- otherwise an adjacent counted noun ('7,984 operations') extends the span; adjectives before
  the noun stay in the span but not in the unit ('12 million poor families' -> 'families');
- a number word with no noun counts only a group named nearby ('five of the oldest IPPs');
  a letter glued to a number is a name ('3G').
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.errors import read_json
from pipeline.lexicon import load_lexicon

WORDS_PATH = Path(__file__).parent / "patterns" / "figures.json"
MAX_MODIFIER_SPAN = 12
DATE_LIKE = re.compile(r"(?<![\w-])(?:FY\s?)?(?:19|20)\d{2}(?:[-–/]\d{2}){1,2}(?![\w-])")

NUMBERING_SEPARATORS = frozenset({"-", "\u2013", "\u2014", ":", "."})
GLUED = re.compile(r"^(?P<cur>[A-Za-z$£€₦₱₹¢.]*?\$?)(?P<num>\d[\d,]*(?:\.\d+)?)(?P<suf>[A-Za-z%]*)$")


@dataclass(frozen=True)
class FigureWords:
    """patterns/figures.json with the lexicon's number words, months and glued units."""
    scales: dict[str, float]
    currencies: dict[str, str]
    number_words: dict[str, int]
    percent_words: frozenset[str]
    durations: frozenset[str]
    name_prefixes: frozenset[str]
    skip_ents: frozenset[str]
    unit_aliases: dict[str, str | None]
    months: frozenset[str]
    range_links: frozenset[str]
    glued_units: frozenset[str]
    rupee_countries: dict[str, list[str]]
    default_rupee: str
    money_units: frozenset[str]  # every unit a money figure can have


@lru_cache(maxsize=8)  # figures and targets read the same file: once
def load_words(path: str | Path | None = None, lexicon_path: str | Path | None = None) -> FigureWords:
    words = read_json(Path(path) if path else WORDS_PATH)
    lexicon = load_lexicon(lexicon_path)
    return FigureWords(
        scales=words["scales"],
        currencies=words["currencies"],
        number_words=lexicon.number_words,
        percent_words=frozenset(words["percent_words"]),
        durations=frozenset(words["duration_nouns"]),
        name_prefixes=frozenset(words["name_prefixes"]),
        skip_ents=frozenset(words["skip_ent_types"]),
        unit_aliases=words["unit_units"],
        months=frozenset(lexicon.all_months),
        range_links=frozenset(words["range_links"]),
        glued_units=frozenset(lexicon.glued_units),
        rupee_countries=words["rupee_countries"],
        default_rupee=words["default_rupee"],
        money_units=frozenset(words["currencies"].values()) | frozenset(words["rupee_countries"])
        | {words["default_rupee"]},
    )


def parse_number(number: str, scale: str | None = None, words: FigureWords | None = None) -> int | float | None:
    """'1,5' style separators removed, number words read, scale applied; int when integral."""
    words = words or load_words()  # the packaged lists, for calling this directly
    text = number.replace(",", "").strip().lower()
    if text in words.number_words:
        value: float = words.number_words[text]
    else:
        try:
            value = float(text)
        except ValueError:
            return None
    for word in (scale or "").lower().split():
        if word not in words.scales:
            return None
        value *= words.scales[word]
    if abs(value - round(value)) < 1e-6 * max(1.0, abs(value)):
        return int(round(value))
    return round(value, 6)


def currency_code(word: str, words: FigureWords) -> str | None:
    return words.currencies.get(word.lower())


def split_glued(text: str, words: FigureWords | None = None) -> tuple[str | None, str, str] | None:
    """'Rs35bn' -> ('PKR', '35', 'bn'); '12pc' -> (None, '12', 'pc'); None when not a number."""
    words = words or load_words()  # the packaged lists, for calling this directly
    m = GLUED.match(text)
    if not m:
        return None
    cur, suf = m.group("cur"), m.group("suf").lower()
    code = currency_code(cur, words) if cur else None
    if cur and not code:
        return None
    if suf and suf not in words.scales and suf not in words.percent_words:
        return None
    return code, m.group("num"), suf


def is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", text))


def is_list_number(tok: Token) -> bool:
    """'1.' / '2)' opening a line numbers a point; it counts nothing."""
    at_line_start = tok.i == 0 or "\n" in tok.nbor(-1).text or "\n" in tok.nbor(-1).whitespace_ or tok.nbor(-1).text in ("-", "(")
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return at_line_start and (tok.text.endswith(".") or (nxt is not None and nxt.text in (".", ")")))


def has_glued_letter(tok: Token, words: FigureWords) -> bool:
    """'3G', '4G services': a letter glued after the number makes a name, not a count ('300km', '2,150MW' are measures)."""
    if tok.whitespace_ or tok.i + 1 >= len(tok.doc):
        return False
    nxt = tok.nbor(1)
    return nxt.is_alpha and nxt.lower_ not in words.scales and nxt.lower_ not in words.percent_words and nxt.text not in words.glued_units


def is_number_token(tok: Token, words: FigureWords) -> bool:
    return split_glued(tok.text, words) is not None or tok.lower_ in words.number_words


def in_name(tok: Token, words: FigureWords) -> bool:
    """'Article 245', 'G-20', 'Rescue 1122', 'grades 1 to 16' style numbering, not a quantity."""
    prev = tok.nbor(-1) if tok.i > 0 else None
    if prev is None:
        return False
    if prev.text == "-" and prev.i > 0 and not prev.whitespace_ and prev.nbor(-1).is_alpha and len(prev.nbor(-1).text) <= 3 and prev.nbor(-1).is_upper:
        return True
    if prev.lower_ in words.range_links and prev.i > 0 and prev.nbor(-1).like_num and in_name(prev.nbor(-1), words):
        return True  # the upper end of 'grades 17 to 22'
    if prev.text in NUMBERING_SEPARATORS and prev.i > 0:
        prev = prev.nbor(-1)  # 'Document No – 06', 'No: 12'
    return prev.lower_ in words.name_prefixes and tok.text[0].isdigit()


def in_date_or_period(tok: Token, words: FigureWords) -> bool:
    """'Nov 6', '2025-03-06', 'FY2020-22', '2024-25': parts of dates and fiscal years the tagger missed."""
    prev = tok.nbor(-1) if tok.i > 0 else None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.text.isdigit() and len(tok.text) <= 2 and any(
        t is not None and t.lower_.rstrip(".") in words.months and t.pos_ != "AUX" for t in (prev, nxt)
    ):
        return True  # 'Nov 6', '15 October'
    if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", tok.lower_) and nxt is not None and nxt.lower_.rstrip(".") in words.months:
        return True
    doc = tok.doc
    window = doc[max(0, tok.i - 4) : min(len(doc), tok.i + 5)]  # Doc.text would be rebuilt per token
    token_start = tok.idx - window.start_char
    return any(m.start() <= token_start < m.end() for m in DATE_LIKE.finditer(window.text))


def is_denominator(tok: Token) -> bool:
    """'Rs1,650 per 40 kg': the quantity a price is quoted for, not a fact of its own."""
    return tok.i > 0 and tok.nbor(-1).lower_ == "per"


def is_not_figure(tok: Token, words: FigureWords) -> bool:
    if tok.ent_type_ in words.skip_ents and tok.ent_type_ != "DATE":
        return True
    if tok.ent_type_ == "DATE" and not (_followed_by_scale_or_unit(tok, words) or _carries_unit(tok, words)):
        return True
    if is_year(tok.text) or in_name(tok, words) or is_list_number(tok) or has_glued_letter(tok, words):
        return True
    if in_date_or_period(tok, words) or is_denominator(tok):
        return True
    nxt = _next_word(tok)
    if nxt is not None and nxt.lower_ in words.durations and not _carries_unit(tok, words):
        return True  # '23.1pc year-on-year', 'seven days'
    return counts_time(tok, words)


def counts_time(tok: Token, words: FigureWords) -> bool:
    """'the three preceding financial years', 'any two of the three ... years': a count of time units, which
    the guideline never takes for a figure, with words between the number and its unit."""
    if _carries_unit(tok, words):
        return False
    if tok.dep_ == "nummod" and tok.head.lower_ in words.durations and tok.head.i > tok.i:
        return True
    return any(of.lower_ == "of" and any(o.dep_ == "pobj" and o.lower_ in words.durations for o in of.children)
               for of in tok.children if of.dep_ == "prep")


def _followed_by_scale_or_unit(tok: Token, words: FigureWords) -> bool:
    nxt = _next_word(tok)
    return nxt is not None and (nxt.lower_ in words.scales or nxt.lower_ in words.percent_words)


def _carries_unit(tok: Token, words: FigureWords) -> bool:
    """'12pc', 'Rs35bn': the unit glued to the number outweighs the tagger's DATE."""
    glued = split_glued(tok.text, words)
    return glued is not None and bool(glued[0] or glued[2])


def _next_word(tok: Token) -> Token | None:
    """Next token, looking through a hyphen ('15-year-old', '20-point')."""
    doc = tok.doc
    j = tok.i + 1
    if j < len(doc) and doc[j].text == "-":
        j += 1
    return doc[j] if j < len(doc) else None


def counted_noun(doc: Doc, i: int, words: FigureWords) -> tuple[int, str | None]:
    """End index and unit of the counted noun that starts at i (adjectives skipped in the unit)."""
    j, unit_toks = i, []
    while j < len(doc) and (doc[j].pos_ in ("ADJ", "NOUN", "PROPN") or (doc[j].tag_ in ("VBN", "VBG") and doc[j].dep_ in ("amod", "compound"))) and not doc[j].is_punct:
        tok = doc[j]
        if tok.pos_ in ("NOUN", "PROPN") or "-" in tok.text and tok.tag_ != "JJ":
            unit_toks.append(tok)
        elif unit_toks:
            unit_toks.append(tok)
        j += 1
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ != "compound":
            break
    nouns = [t for t in unit_toks if t.pos_ in ("NOUN", "PROPN")]
    if not nouns:
        return i, None
    first = unit_toks.index(nouns[0])
    end = nouns[-1].i + 1
    unit = doc[unit_toks[first].i:end].text
    return end, words.unit_aliases.get(unit.lower(), unit)


def through_compound_modifiers(doc: Doc, i: int, end: int, unit: str | None,
                               words: FigureWords) -> tuple[int, str | None]:
    """'1,245 intelligence-based operations': the noun the number modifies lies past a hyphenated
    modifier that stopped the word-by-word scan."""
    head = doc[i].head
    while head.dep_ in ("nmod", "compound") and head.head.i > head.i:
        head = head.head  # '50 new Technical ... Education and Training (TVET) institutions'
    if doc[i].dep_ != "nummod" or head.pos_ not in ("NOUN", "PROPN") or not end <= head.i < i + MAX_MODIFIER_SPAN:
        return end, unit
    between = doc[i + 1 : head.i]
    in_a_name = any(t.is_title for t in between) and not any(t.like_num for t in between)  # '50 new TVET ... institutions'
    if not all((is_modifier_word(t) or in_a_name) and head in t.ancestors for t in between):
        return end, unit  # '5-7 percent', '500,000 and 600,000 paras' are ranges and lists, not modifiers
    return head.i + 1, words.unit_aliases.get(head.lower_, head.text)


def is_modifier_word(tok: Token) -> bool:
    """A word, or a hyphen joining two words, inside a noun's modifiers."""
    if tok.text == "-":
        return 0 < tok.i < len(tok.doc) - 1 and tok.nbor(-1).is_alpha and tok.nbor(1).is_alpha
    return tok.is_alpha and tok.dep_ not in ("cc", "quantmod", "prep")


def stands_for_group(doc: Doc, end: int) -> bool:
    """'five of the oldest IPPs', 'four in Punjab': a number word counting things named nearby."""
    return end < len(doc) and doc[end].lower_ in ("of", "in") and doc[end - 1].lower_ != "one"


def read_figure(doc: Doc, i: int, words: FigureWords) -> tuple[int, int, int | float, str | None] | None:
    """(start, end, value, unit) for the figure whose number is token i, or None."""
    tok = doc[i]
    if is_not_figure(tok, words):
        return None
    glued = split_glued(tok.text, words)
    code, number, suffix = glued if glued else (None, tok.text, "")
    start, end = i, i + 1
    if code is None and i > 0:
        prev = doc[i - 1]
        code = currency_code(prev.text, words)
        if code is None and i > 1 and prev.text == "$" and doc[i - 2].text.upper() == "US":
            code, start = "USD", i - 2
        elif code:
            start = i - 1
            if i > 1 and prev.text == "$" and doc[i - 2].text.upper() == "US" and not doc[i - 2].whitespace_:
                start = i - 2
    scale_words = [suffix] if suffix in words.scales else []
    if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in words.scales and not scale_words:
        scale_words.append(doc[end + 1].lower_)
        end += 2
    while end < len(doc) and doc[end].lower_ in words.scales and (doc[end].lower_ not in ("m", "tr") or doc[end - 1].whitespace_ == ""):
        scale_words.append(doc[end].lower_)
        end += 1
    value = parse_number(number, " ".join(scale_words), words)
    if value is None:
        return None
    unit = code
    if suffix in words.percent_words:
        unit = "%"
    elif end < len(doc) and doc[end].lower_ in words.percent_words:
        unit, end = "%", end + 1
    elif end + 1 < len(doc) and doc[end].lower_ == "per" and doc[end + 1].lower_ == "cent":
        unit, end = "%", end + 2
    if unit is None and scale_words and scale_words[-1] == "mmt":
        unit = "tonnes"
    if unit is None:
        if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].pos_ == "NOUN":
            noun = doc[end + 1].text
            return start, end, value, noun if noun.endswith("s") else noun + "s"
        noun_end, noun = counted_noun(doc, end, words)
        noun_end, noun = through_compound_modifiers(doc, i, noun_end, noun, words)
        if noun:
            end, unit = noun_end, noun
    if unit is None and tok.lower_ in words.number_words and not stands_for_group(doc, end):
        return None
    return start, end, value, unit


def rupee_currency(doc: Doc, words: FigureWords) -> str:
    """'Rs' is the rupee of the country the statement is about: the one whose places it names most
    (India, Sri Lanka, Nepal ...), Pakistan's when none is named."""
    text = doc._.text
    counts = {code: sum(len(re.findall(rf"\b{re.escape(marker)}\b", text)) for marker in markers)
              for code, markers in words.rupee_countries.items()}
    best = max(counts, key=counts.get)
    return best if counts[best] > counts.get(words.default_rupee, 0) else words.default_rupee


def find_figures(doc: Doc, words: FigureWords) -> list[Span]:
    rupee = None
    spans, taken = [], -1
    for tok in doc:
        if tok.i <= taken or not is_number_token(tok, words):
            continue
        found = read_figure(doc, tok.i, words)
        if not found:
            continue
        start, end, value, unit = found
        span = doc[start:end]
        if unit == words.default_rupee and span.text[:2].lower() == "rs":
            rupee = rupee or rupee_currency(doc, words)
            unit = rupee
        span._.value, span._.unit = value, unit
        spans.append(span)
        taken = end - 1
    return spans


class Figures:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None, lexicon_path: str | None = None):
        self.name = name
        self.words = load_words(words_path, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["figures"] = find_figures(doc, self.words)
        return doc


@Language.factory(
    "figures",
    assigns=["doc.spans", "span._.value", "span._.unit"],
    requires=["token.tag", "token.ent_type"],  # token.pos comes from the attribute_ruler, which declares nothing
    default_config={"words_path": None, "lexicon_path": None},
)
def make_figures(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None):
    return Figures(nlp, name, words_path, lexicon_path)
