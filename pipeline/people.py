"""people: each named person once, with the role the statement gives them.

Names are runs of capitalised name-like tokens. A run counts as a person when
the trained NER marks part of it PERSON, or when a title, rank or apposition
anchors it ("DG ISI Lt Gen Rizwan Akhtar", "Khalid Khattak, the NACTA National
Coordinator"). NER boundaries are not trusted: it cuts "Syed Murad Ali Shah" in
two and glues titles on ("Karachi Lt Gen Naveed Mukhtar"), so the run decides
where a name starts and ends.

Roles come from the title phrase right before the name (honorifics and ranks
skipped: they are neither name nor role), else from an apposition after it,
else from a plural title heading a list ("federal ministers A and B" gives
both "federal minister"). Later mentions ("Naqvi", "Minister Naqvi") merge into
the fuller name. Word lists live in patterns/people.json.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.abbreviations import is_acronym
from pipeline.annotations import PersonMention
from pipeline.dateline import NO_DATELINES
from pipeline.errors import read_json
from pipeline.gazetteer import PLACE_LABELS, load_gazetteer
from pipeline.lexicon import load_lexicon

VOCAB_FILE = Path(__file__).parent / "patterns" / "people.json"

# The small model also files names under WORK_OF_ART, EVENT, PRODUCT or LAW ('Qazi Faez Isa'): those labels
# do not rule a word out; anchoring (title, rank, apposition) still has to make it a person.
NOT_NAME_LABELS = ("ORG", "GPE", "LOC", "NORP", "DATE", "TIME", "MONEY", "CARDINAL", "PERCENT", "QUANTITY",
                   "ORDINAL", "FAC")
ROLE_COMPLEMENT_WORDS = frozenset({"of", "for"})  # 'Members of the Punjab Assembly': the head comes before these
INITIAL = re.compile(r"^(?:[A-Z]\.|Jr\.|Sr\.)$")


@dataclass(frozen=True)
class Vocab:
    heads: frozenset
    modifiers: frozenset
    portfolio: frozenset
    honorifics: tuple
    member_titles: frozenset
    connectors: frozenset
    lead_strip: frozenset
    calendar: frozenset
    particles: frozenset
    general_titles: frozenset = field(default_factory=frozenset)
    places: frozenset = field(default_factory=frozenset)  # place names as tuples of lowercase words
    honorific_words: frozenset = field(default_factory=frozenset)


@lru_cache(maxsize=8)  # people and meeting read the same file: once
def load_vocab(path: str | Path | None = None, gazetteer: str | Path | None = None,
               lexicon_path: str | Path | None = None) -> Vocab:
    """The component's own word lists with the lexicon's titles, honorifics, particles and calendar words,
    and the gazetteer's places."""
    data = read_json(Path(path) if path else VOCAB_FILE)
    lexicon = load_lexicon(lexicon_path)
    honorifics = lexicon.honorifics.as_word_tuples()
    return Vocab(
        heads=lexicon.title_heads,
        modifiers=frozenset(data["title_modifiers"]),
        portfolio=frozenset(data["portfolio_words"]),
        honorifics=honorifics,
        honorific_words=frozenset(w for phrase in honorifics for w in phrase if w.isalpha()),
        member_titles=frozenset(data["member_titles"]),
        connectors=frozenset(data["role_connectors"]),
        lead_strip=frozenset(data["role_lead_strip"]),
        calendar=frozenset(lexicon.weekdays) | frozenset(lexicon.all_months),
        particles=lexicon.name_particles,
        general_titles=frozenset(data["general_titles"]),
        places=gazetteer_places(gazetteer) | frozenset(tuple(p.split()) for p in data["places"]),
    )


def gazetteer_places(path: str | Path | None = None) -> frozenset[tuple]:
    """The place names the entity gazetteer knows, as word tuples."""
    return frozenset(tuple(name.split()) for name in load_gazetteer(path).place_names(PLACE_LABELS))


def norm(token: Token) -> str:
    return token.lower_.rstrip(".")


# ---------------------------------------------------------------- token classes

def is_head(token: Token, vocab: Vocab) -> bool:
    """A title head as written: capitalised or lowercase ("Minister", "minister", "DG")."""
    return norm(token) in vocab.heads


def doc_places(doc: Doc, vocab: Vocab) -> set[int]:
    """Tokens inside a known place name: the word lists' and capitalised datelines ('KARACHI:').

    Whole names are matched, so 'Khan' in 'Dera Ismail Khan' does not stop 'Imran Khan' being a name."""
    datelines = (doc._.dateline or NO_DATELINES).capital_places()
    known, from_datelines = places_by_first_word(vocab.places), places_by_first_word(datelines)
    lowered = [t.lower_ for t in doc]
    found: set[int] = set()
    for i, word in enumerate(lowered):
        if word not in known and word not in from_datelines:
            continue
        for phrase in (*known.get(word, ()), *from_datelines.get(word, ())):
            if tuple(lowered[i:i + len(phrase)]) == phrase:
                found.update(range(i, i + len(phrase)))
    return found


@lru_cache(maxsize=64)
def places_by_first_word(phrases: frozenset) -> dict[str, list[tuple]]:
    """Place phrases indexed by their first word (cached: the word lists are the same for every doc)."""
    by_first: dict[str, list[tuple]] = {}
    for phrase in phrases:
        if phrase:
            by_first.setdefault(phrase[0], []).append(phrase)
    return by_first


def model_places(doc: Doc) -> set[str]:
    """One-word names the model tagged GPE/LOC somewhere: weaker evidence, the model also tags people that way."""
    return {ent[0].lower_ for ent in doc.ents if ent.label_ in PLACE_LABELS and len(ent) == 1}


def is_plain_name_org(token: Token, vocab: Vocab) -> bool:
    """The model sometimes calls a person ORG ('Ahsan Iqbal') or, in a list of names, a place ('Chaudhry Faisal
    Ikram'): accept ORG names, and place names of several words no word list knows, made only of name-like words
    (the known places are ruled out before: doc_places)."""
    if token.ent_type_ not in ("ORG", "GPE"):
        return False
    start = token.i
    while start > 0 and token.doc[start - 1].ent_iob_ == "I" and token.doc[start].ent_iob_ == "I":
        start -= 1
    if token.doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(token.doc) and token.doc[end].ent_iob_ == "I":
        end += 1
    ent = token.doc[start:end]
    if token.ent_type_ == "GPE" and len(ent) < 2:
        return False
    return all(
        t.text[:1].isupper() and t.is_alpha and not is_acronym(t) and t.tag_ == "NNP"
        and norm(t) not in vocab.heads and norm(t) not in vocab.portfolio and norm(t) not in vocab.modifiers
        for t in ent
    )


def is_name_word(token: Token, vocab: Vocab, places: set[int], weak_places: set[str]) -> bool:
    """Could this token be part of a person's name?"""
    text = token.text
    if INITIAL.match(text):
        return True
    if not text[:1].isupper() or not text.replace("'", "").isalpha():
        return False
    if is_acronym(token):
        return False
    low = norm(token)
    if low in vocab.heads or low in vocab.modifiers or low in vocab.portfolio or low in vocab.calendar:
        return False
    if low in vocab.honorific_words or token.i in places:
        return False
    if token.ent_type_ != "PERSON" and low in weak_places:
        return False
    if token.ent_type_ in NOT_NAME_LABELS and not is_plain_name_org(token, vocab):
        return False
    return token.tag_ in ("NNP", "NNPS") or token.ent_type_ == "PERSON"


def name_mask(doc: Doc, vocab: Vocab, places: set[int] | None = None) -> list[bool]:
    """Per token: is it inside a name-like run (hyphenated names such as Anwaar-ul-Haq joined)?
    `places`: doc_places(doc, vocab), when the caller has it."""
    places = doc_places(doc, vocab) if places is None else places
    weak_places = model_places(doc)
    tokens = list(doc)  # one Token each: every doc[i] below would build a new one
    mask = [is_name_word(t, vocab, places, weak_places) for t in tokens]
    for i, tok in enumerate(tokens):
        if mask[i] or i == 0 or i + 1 >= len(tokens):
            continue
        joined = tokens[i - 1].whitespace_ == "" and tok.whitespace_ == ""
        if tok.text == "-" and joined and mask[i - 1] and (mask[i + 1] or tokens[i + 1].lower_ in vocab.particles):
            mask[i] = True
        elif tok.lower_ in vocab.particles and tokens[i - 1].text == "-" and tokens[i + 1].text == "-":
            mask[i] = True
    for i, tok in enumerate(tokens):  # 'Lt Gen Asim Munir' swallowed into an ORG by the model
        if not mask[i] and tok.ent_type_ in ("ORG", "GPE") and tok.tag_ == "NNP" and tok.is_title:
            low = norm(tok)
            known = low in vocab.heads or low in vocab.portfolio or low in vocab.modifiers or i in places
            after_rank = tok.ent_type_ == "ORG" and skip_honorifics_back(doc, i, vocab) < i
            continues = i > 0 and mask[i - 1] and tokens[i - 1].ent_type_ in ("ORG", "PERSON")  # 'Shah Mahmood|Qureshi'
            # 'MNA Syed Mustafa Mehmood' as one ORG; 'Members of the Provincial Assembly Rana Sajid Mehmood' too
            previous = norm(tokens[i - 1])
            after_title = tok.ent_iob_ == "I" and (previous in vocab.heads or (
                previous in vocab.portfolio and name_words_inside(tokens, i, vocab, places) >= 2))
            if not known and (after_rank or continues or after_title):
                mask[i] = True
    for i, tok in enumerate(tokens):  # a particle needs a name on its right too
        if mask[i] and tok.text.islower() and tok.lower_ in vocab.particles and (i + 2 >= len(tokens) or not mask[i + 2]):
            mask[i] = False
    return mask


def name_words_inside(tokens: list[Token], i: int, vocab: Vocab, places: set[int]) -> int:
    """How many unknown title-case words go on from `i` inside the same entity, places aside: 'Members of the
    Provincial Assembly Rana Sajid Mehmood' taken as one ORG holds a name of three after the body's last word."""
    count = 0
    while i + count < len(tokens) and i + count not in places and tokens[i + count].ent_iob_ == "I" \
            and is_unknown_title_word(tokens[i + count], vocab):
        count += 1
    return count


def is_unknown_title_word(token: Token, vocab: Vocab) -> bool:
    """A capitalised proper noun that is no title, portfolio or modifier word."""
    low = norm(token)
    return (token.tag_ == "NNP" and token.is_title and low not in vocab.heads and low not in vocab.portfolio
            and low not in vocab.modifiers)


def name_runs(doc: Doc, vocab: Vocab, places: set[int] | None = None) -> list[tuple[int, int]]:
    """Maximal runs of name-like tokens inside one line."""
    mask = name_mask(doc, vocab, places)
    runs, start = [], None
    line_breaks_after = [i for i, tok in enumerate(doc) if "\n" in tok.whitespace_]
    breaks_before = {i + 1 for i in line_breaks_after}
    for i in range(len(mask)):
        breaks = start is not None and i in breaks_before
        if start is not None and (not mask[i] or breaks):
            runs.append((start, i))
            start = None
        if mask[i] and start is None:
            start = i
    if start is not None:
        runs.append((start, len(doc)))
    return [(s, e) for s, e in (trim_run(doc, s, e) for s, e in runs) if e > s]


def trim_run(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while end > start and doc[end - 1].text == "-":
        end -= 1
    while start < end and doc[start].text == "-":
        start += 1
    return start, end


# ---------------------------------------------------------------- honorifics

def honorific_before(doc: Doc, end: int, vocab: Vocab) -> int:
    """Start of the longest honorific phrase ending right before `end` (dots ignored), else `end`."""
    words = [(i, norm(doc[i])) for i in range(max(0, end - 5), end) if doc[i].text != "."]
    tail = tuple(w for _, w in words)
    if not tail or tail[-1] not in honorific_last_words(vocab.honorifics):
        return end
    for phrase in vocab.honorifics:
        n = len(phrase)
        if len(tail) >= n and tail[-n:] == phrase:
            start = words[-n][0]
            if phrase == ("general",) and start > 0 and (doc[start - 1].text == "-" or norm(doc[start - 1]) in vocab.general_titles):
                continue  # 'Auditor General', 'Secretary-General': part of the title, not a rank
            return start
    return end


def skip_honorifics_back(doc: Doc, end: int, vocab: Vocab) -> int:
    while True:
        start = honorific_before(doc, end, vocab)
        if start == end:
            return end
        end = start


# ---------------------------------------------------------------- roles

def role_word_ok(token: Token, vocab: Vocab) -> bool:
    """May this token sit inside a title phrase?"""
    text = token.text
    if text[:1].isupper() or text in ("(", ")", "-", "&", "'s", "'", "’s"):
        return True
    low = token.lower_
    if low in vocab.heads or low in vocab.modifiers or low in vocab.connectors:
        return True
    # 'science minister', 'former prime minister': a lowercase modifier of a title word
    return token.is_alpha and token.dep_ in ("amod", "compound") and is_head(token.head, vocab) and token.head.i > token.i


def contains_head(tokens, vocab: Vocab) -> bool:
    return any(is_head(t, vocab) for t in tokens)


def pre_role(doc: Doc, name_start: int, vocab: Vocab, person_tokens: set[int]) -> tuple[int, int] | None:
    """Title phrase right before a name: 'Chief of Army Staff [General] Raheel Sharif'."""
    end = skip_honorifics_back(doc, name_start, vocab)
    if end > 0 and doc[end - 1].text == "," and end - 1 > 0:
        end = skip_honorifics_back(doc, end - 1, vocab)  # 'the Minister of Works, Babatunde Fashola'
    start = end
    while start > 0:  # the parser's sentence breaks are unreliable inside title lists; punctuation stops us
        tok = doc[start - 1]
        if start - 1 in person_tokens or "\n" in tok.whitespace_:
            break
        if tok.text == ",":
            if doc[start].lower_ == "and" or contains_head(doc[start:end], vocab):
                break  # ', and X' closes a list; a comma before another title separates two people
            if start < 2 or not doc[start - 2].text[:1].isupper():
                break
        elif not role_word_ok(tok, vocab):
            break
        start -= 1
    return clean_role(doc, start, end, vocab)


def post_role(doc: Doc, name_end: int, vocab: Vocab, person_tokens: set[int]) -> tuple[int, int] | None:
    """Apposition after a name: 'Khalid Khattak, the NACTA National Coordinator'; 'appointed Fakhre Alam
    as chairman of Nepra'."""
    i = name_end
    if i >= len(doc) or doc[i].lower_ not in (",", "as") or (doc[i].lower_ == "as" and i + 1 < len(doc) and doc[i + 1].lower_ == "well"):
        return None
    i += 1
    if i + 1 < len(doc) and doc[i].lower_ == "alias":  # 'Gulzar Imam, alias Shambay, the founder of ...'
        while i < len(doc) and doc[i].text != ",":
            i += 1
        i += 1
    start = end = i
    while end < len(doc):
        tok = doc[end]
        if end in person_tokens:
            return None  # the next person's title, not ours
        if tok.text == ",":
            nxt = doc[end + 1] if end + 1 < len(doc) else None
            if nxt is None or not nxt.text[:1].isupper() or nxt.lower_ in vocab.lead_strip:
                break
            seg_end = end + 1
            while seg_end < len(doc) and doc[seg_end].text not in (",", ".", ";") and role_word_ok(doc[seg_end], vocab):
                seg_end += 1
            if contains_head(doc[end + 1:seg_end], vocab) or any(j in person_tokens for j in range(end + 1, seg_end)):
                break
        elif not role_word_ok(tok, vocab):
            break
        end += 1
    if end < len(doc) and honorific_before(doc, end, vocab) < end:
        return None
    return clean_role(doc, start, end, vocab)


def clean_role(doc: Doc, start: int, end: int, vocab: Vocab) -> tuple[int, int] | None:
    """Trim a raw title phrase to the role as written; None when it names no title."""
    changed = True
    while changed and start < end:
        changed = False
        while start < end and (doc[start].lower_ in vocab.lead_strip or doc[start].text in (",", "-", ")", "'s", "'")):
            start += 1
            changed = True
        lead = honorific_prefix_end(doc, start, end, vocab)
        if lead > start:
            start, changed = lead, True
        possessor = possessive_place_end(doc, start, end)
        if possessor > start:
            start, changed = possessor, True
        while end > start and (doc[end - 1].text in (",", "-", "(") or doc[end - 1].lower_ in vocab.lead_strip):
            end -= 1
            changed = True
        if end > start and doc[end - 1].text == ")":
            open_at = next((j for j in range(end - 1, start - 1, -1) if doc[j].text == "("), None)
            if open_at is not None:
                end, changed = open_at, True
    start = cut_headless_prefix(doc, start, end, vocab)
    if end - start > 1 and norm(doc[end - 1]) in vocab.member_titles and contains_head(doc[start:end - 1], vocab):
        end -= 1  # 'Finance Minister Senator X': the seat is a rank here
    if start >= end or not contains_head(doc[start:end], vocab):
        return None
    return start, end


def honorific_prefix_end(doc: Doc, start: int, end: int, vocab: Vocab) -> int:
    """'His Excellency President ...' -> index after the honorific."""
    words = tuple(norm(t) for t in doc[start:min(end, start + longest_honorific(vocab.honorifics))])
    for phrase in vocab.honorifics:
        n = len(phrase)
        if end - start > n and words[:n] == phrase and not is_head(doc[start + n - 1], vocab):
            return start + n
    return start


@lru_cache(maxsize=8)
def longest_honorific(honorifics: tuple) -> int:
    return max((len(phrase) for phrase in honorifics), default=0)


@lru_cache(maxsize=8)
def honorific_last_words(honorifics: tuple) -> frozenset:
    return frozenset(phrase[-1] for phrase in honorifics)


def possessive_place_end(doc: Doc, start: int, end: int) -> int:
    """'Hungary's Prime Minister' -> 'Prime Minister' (a country owns the office, the role is the office)."""
    for j in range(start, min(end, start + 5)):
        if doc[j].tag_ == "POS" or doc[j].text in ("'s", "'", "’s"):
            owner = doc[start:j]
            if owner and all(t.ent_type_ in PLACE_LABELS for t in owner):
                return j + 1
            return start
    return start


def cut_headless_prefix(doc: Doc, start: int, end: int, vocab: Vocab) -> int:
    """'Pakistan to Interior Minister' -> 'Interior Minister': 'to' must follow a title."""
    for j in range(start, end):
        if doc[j].lower_ == "to" and not contains_head(doc[start:j], vocab):
            return cut_headless_prefix(doc, j + 1, end, vocab)
    return start


def role_head_index(words: list[str], vocab: Vocab) -> int:
    """Where the title's head is: the last word, or before a complement the first title word ('Members of the
    Punjab Assembly', 'ministers for finance and planning'; 'Chairman Joint Chiefs of Staff Committee' is one
    chairman)."""
    complement = next((i for i, word in enumerate(words) if word.lower() in ROLE_COMPLEMENT_WORDS and i > 0), None)
    if complement is None:
        return len(words) - 1
    return next((i for i in range(complement) if words[i].lower() in vocab.heads), complement - 1)


def singular_role(text: str, vocab: Vocab) -> str:
    """'federal ministers' -> 'federal minister', 'MNAs' -> 'MNA', 'Members of the Punjab Assembly' -> 'Member of
    the Punjab Assembly'."""
    words = text.split(" ")
    at = role_head_index(words, vocab)
    if is_plural_head(words[at], vocab):
        words[at] = words[at][:-1]
    return " ".join(words)


def is_plural_role(text: str, vocab: Vocab) -> bool:
    words = text.split(" ")
    return is_plural_head(words[role_head_index(words, vocab)], vocab)


def is_plural_head(word: str, vocab: Vocab) -> bool:
    low = word.lower()
    return low.endswith("s") and low in vocab.heads and low[:-1] in vocab.heads


# ---------------------------------------------------------------- candidates

@dataclass
class Mention:
    start: int
    end: int
    role: tuple[int, int] | None = None
    role_text: str | None = None
    honorific: bool = False


def candidate_mentions(doc: Doc, vocab: Vocab) -> list[Mention]:
    """Name runs anchored by NER, a title, a rank, a list or an apposition."""
    person_ents = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"]
    places = doc_places(doc, vocab)
    runs = []
    for start, end in name_runs(doc, vocab, places):
        if not could_be_person(doc, start, end, vocab):
            continue
        by_ner = any(s < end and start < e for s, e in person_ents)
        honorific = skip_honorifics_back(doc, start, vocab) < start
        runs.append([start, end, by_ner or honorific or title_anchor(doc, start, vocab, places), honorific])
    person_tokens = {i for s, e, anchored, _ in runs if anchored for i in range(s, e)}
    for run in runs:  # 'Minister of Works and Housing, Babatunde Fashola'
        run[2] = run[2] or titled_by_pre_role(doc, run[0], vocab, person_tokens)
    anchor_list_members(doc, runs, vocab)
    person_tokens = {i for s, e, anchored, _ in runs if anchored for i in range(s, e)}
    found = []
    for start, end, anchored, honorific in runs:
        post = post_role(doc, end, vocab, person_tokens)
        if not anchored and post is None:
            continue
        role = pre_role(doc, start, vocab, person_tokens) or post
        found.append(Mention(start, end, role, doc[role[0]:role[1]].text if role else None, honorific))
    distribute_plural_roles(doc, found, vocab)
    return found


def titled_by_pre_role(doc: Doc, start: int, vocab: Vocab, person_tokens: set[int]) -> bool:
    """A title phrase ending in its head, or set off by a comma, names the person after it."""
    role = pre_role(doc, start, vocab, person_tokens)
    if role is None:
        return False
    gap = [t.text for t in doc[role[1]:skip_honorifics_back(doc, start, vocab)]]
    last = doc[role[1] - 1]
    ends_in_title = is_head(last, vocab) or last.ent_type_ in PLACE_LABELS  # 'Chief Justice of Pakistan X'
    return (not gap and ends_in_title) or gap == [","]


def could_be_person(doc: Doc, start: int, end: int, vocab: Vocab) -> bool:
    """Rule out runs that are titles ('Prime Minister'), aliases, or organisations defining an acronym."""
    after = doc[end] if end < len(doc) else None
    if after is not None and after.text[:1].isupper() and (is_head(after, vocab) or norm(after) in vocab.portfolio):
        return False  # 'Prime Minister', 'Election Commissioner', 'Minister of Welfare and Kandyan Heritage'
    if after is not None and after.text == "(" and end + 2 < len(doc) and doc[end + 2].text == ")":
        return False  # 'Kendriya Vidyalayas (KVs)'
    if start > 0 and after is not None and doc[start - 1].text == "(" and after.text == ")":
        return False  # '(CFOs)'
    return not (start > 0 and doc[start - 1].lower_ == "alias")


def anchor_list_members(doc: Doc, runs: list[list], vocab: Vocab) -> None:
    """'federal ministers Khawaja Asif and Khawaja Saad Rafique': a name listed after a person is a person."""
    for prev, run in zip(runs, runs[1:]):
        if run[2] or not prev[2] or run[1] - run[0] < 2:
            continue
        gap = doc[prev[1]:skip_honorifics_back(doc, run[0], vocab)]
        if 0 < len(gap) <= 2 and all(t.text == "," or t.lower_ == "and" for t in gap):
            run[2] = True


def title_anchor(doc: Doc, start: int, vocab: Vocab, places: set[int]) -> bool:
    """Is the run preceded by a title or portfolio word, places and acronyms aside ('Commissioner Karachi X')?"""
    i = skip_honorifics_back(doc, start, vocab) - 1
    while i >= 0 and (i in places or is_acronym(doc[i])) and doc[i].text[:1].isupper():
        i -= 1
    if i < 0:
        return False
    low = norm(doc[i])
    return doc[i].text[:1].isupper() and (low in vocab.heads or low in vocab.portfolio) or low in vocab.heads


def distribute_plural_roles(doc: Doc, mentions: list[Mention], vocab: Vocab) -> None:
    """'federal ministers A, B and Dr C': every listed name gets the singular title."""
    for i, head in enumerate(mentions):
        if not head.role_text or not is_plural_role(head.role_text, vocab) or head.role[1] > head.start:
            continue
        role = singular_role(head.role_text, vocab)
        head.role_text = role
        prev_end = head.end
        for nxt in mentions[i + 1:]:
            gap = [t for t in doc[prev_end:skip_honorifics_back(doc, nxt.start, vocab)]]
            if not gap or not all(t.text == "," or t.lower_ == "and" for t in gap) or len(gap) > 2:
                break
            nxt.role_text = role
            prev_end = nxt.end


# ---------------------------------------------------------------- merging

def name_key(doc: Doc, start: int, end: int) -> frozenset:
    return frozenset(t.lower_ for t in doc[start:end] if t.text != "-" and t.is_alpha)


def acts(doc: Doc, mention: Mention) -> bool:
    """'Ahmed Khan said ...': a name the model calls PERSON and that is the subject of a verb."""
    nxt = doc[mention.end] if mention.end < len(doc) else None
    return nxt is not None and nxt.pos_ in ("VERB", "AUX") and all(t.ent_type_ == "PERSON" for t in doc[mention.start:mention.end])


def merge_mentions(doc: Doc, mentions: list[Mention]) -> list[dict]:
    """One person per name: a mention whose words are a subset of a fuller name's joins that person."""
    people: list[dict] = []
    for m in mentions:
        key = name_key(doc, m.start, m.end)
        if not key:
            continue
        match = next((p for p in people if (key <= p["key"] or p["key"] <= key) and roles_agree(p["role"], m.role_text)), None)
        if match is None:
            people.append({"key": key, "start": m.start, "end": m.end, "role": m.role_text,
                           "mentions": 1, "honorific": m.honorific, "acts": acts(doc, m)})
            continue
        match["mentions"] += 1
        match["honorific"] = match["honorific"] or m.honorific
        if match["key"] < key:  # a fuller form of a name first seen short
            match.update(key=key, start=m.start, end=m.end)
        if match["role"] is None and m.role_text:
            match["role"] = m.role_text
    return people


def roles_agree(first: str | None, other: str | None) -> bool:
    """'Minister Naqvi' is 'Interior Minister Mohsin Naqvi'; 'Prime Minister Nawaz Sharif' is not 'Chief Minister Maryam Nawaz Sharif'."""
    if not first or not other:
        return True
    a, b = first.lower(), other.lower()
    return a in b or b in a


def is_credible(person: dict) -> bool:
    """Role-less one-off capitalised runs are mostly places and programmes the model took for people."""
    if person["role"]:
        return True
    return len(person["key"]) >= 2 and (person["mentions"] >= 2 or person["honorific"] or person["acts"])


def find_people(doc: Doc, vocab: Vocab) -> list[PersonMention]:
    people = merge_mentions(doc, candidate_mentions(doc, vocab))
    return [PersonMention(doc[p["start"]:p["end"]], p["role"]) for p in people if is_credible(p)]


class PeopleFinder:
    def __init__(self, words_path: str | None = None, lexicon_path: str | None = None, gazetteer_path: str | None = None):
        self.vocab = load_vocab(words_path, gazetteer_path, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        doc._.people = find_people(doc, self.vocab)
        return doc


@Language.factory(
    "people",
    assigns=["doc._.people"],
    requires=["doc.ents", "token.tag", "token.dep", "doc._.dateline"],
    default_config={"words_path": None, "lexicon_path": None, "gazetteer_path": None},
)
def make_people(nlp: Language, name: str, words_path: str | None, lexicon_path: str | None,
                gazetteer_path: str | None):
    return PeopleFinder(words_path, lexicon_path, gazetteer_path)
