"""Items of a '-' / '1.' / '(i)' list under a lead-in that announces decisions."""
import re

from spacy.tokens import Doc, Token

from pipeline.clauses import (LIST_MARKER, MONEY_START, coordinated_amounts, coordinated_clause_cuts, cut_at_comment,
                              is_passive, phrase_without_article, trim)
from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues



def list_item_decisions(doc: Doc, cues: Cues, taken: list[Found]) -> list[Found]:
    """Items of a '-' / '1.' / '(i)' list after a lead-in that announces decisions; each ';' part, and each
    clause with its own subject after ', and', is one item."""
    found = []
    text = doc._.text
    for match in LIST_MARKER.finditer(text):
        if not list_has_decision_lead_in(text, match.start(), cues):
            continue
        line_end = text.find("\n", match.end())
        line_end = len(text) if line_end < 0 else line_end
        for start_char, end_char in item_parts(text, match.end(), line_end):
            span = doc.char_span(start_char, end_char, alignment_mode="expand")
            if span is None or not span.text.strip():
                continue
            if any(f.start < span.end and span.start < f.end for f in taken + found):
                continue
            start, end = trim(doc, span.start, span.end)
            if start < end and hangs_on_an_appeal(doc[start], cues):
                continue
            if start < end and doc[start].lower_ == "to" and end - start > 1:
                start += 1
            cuts = coordinated_clause_cuts(doc, start, end)
            for part_start, part_end in zip([start] + [c + 2 for c in cuts], cuts + [end]):
                part_end = cut_at_comment(doc, part_start, part_end, cues.cut_words)
                part_start, part_end = trim(doc, part_start, part_end)
                if part_end > part_start and any(t.is_alpha for t in doc[part_start:part_end]):
                    found.append(Found(part_start, part_end, "decision", None, None, "body"))
    return found


def hangs_on_an_appeal(token: Token, cues: Cues) -> bool:
    """'LGUs elsewhere are advised to impose localized quarantines as follows: barangay-wide, ...; province-wide':
    an item part governed by 'are advised / encouraged to' asks parties outside the body's command; an appeal,
    no decision (GUIDELINE), and so is every ';' part under it."""
    for ancestor in (token, *token.ancestors):
        if ancestor.lemma_.lower() in cues.appeal_passives and is_passive(ancestor):
            return True
    return False


ITEM_SEPARATOR = re.compile(r";|,\s+(?:while|whereas)\s+|(?<=[a-z0-9)])\.\s+(?=[A-Z])")


def item_parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A list item's parts: ';' separates items; ', while ...' and a second sentence add another rule; each
    sum of money coordinated in a part is one (clauses.coordinated_amounts)."""
    parts, cursor = [], start
    for m in ITEM_SEPARATOR.finditer(text[start:end]):
        parts.append((cursor, start + m.start()))
        cursor = start + m.end()
    parts.append((cursor, end))
    parts = [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in parts]
    return [piece for s, e in parts for piece in sums_or_whole(text, s, e)]


def sums_or_whole(text: str, start: int, end: int) -> list[tuple[int, int]]:
    sums = coordinated_amounts(text, start, end, opens=MONEY_START)
    return sums if len(sums) > 1 else [(start, end)]


def list_has_decision_lead_in(text: str, at: int, cues: Cues) -> bool:
    """Walk up over the list's earlier items to the line that introduced it."""
    found = lead_in_line(text, at)
    if found is None:
        return False
    _, lead_in = found
    words = set(re.findall(r"[a-z]+", lead_in.lower()))
    if words & cues.goal_nouns:
        return False  # 'The policy's goals include:' lists targets
    return lead_in.endswith(":") and bool(words & cues.list_lead_words)


def lead_in_line(text: str, at: int) -> tuple[int, str] | None:
    """(offset, line stripped) of the line that introduces the list whose item starts at `at`, over its
    earlier items and subheadings; None when the list opens the text."""
    line_start = text.rfind("\n", 0, at)
    marker = LIST_MARKER.match(text, line_start + 1)  # the item's own marker (line_start is -1 on the first line)
    while line_start > 0:
        previous_start = text.rfind("\n", 0, line_start) + 1
        line = text[previous_start:line_start].strip()
        earlier = LIST_MARKER.match(line + " ")
        if earlier is not None and marker is not None and marker_kind(earlier.group()) != marker_kind(marker.group()):
            return None  # '2. Pradhan Mantri Yojana' under a bulleted list: a numbered heading, not the bullets' item
        if line and earlier is None and not is_subheading(line):
            return text.index(line, previous_start), line
        line_start = previous_start - 1
    return None


def marker_kind(marker: str) -> str:
    """'bullet', 'number' or 'letter': items of one list share their marker's kind."""
    mark = marker.strip().strip("().")
    return "number" if mark.isdigit() else "letter" if mark.isalpha() else "bullet"


def lead_in_subject(doc: Doc, index: int, cues: Cues) -> str | None:
    """'Under the declaration, the Heads of State or Government:' over '1. agreed to ...': the party that
    every item's verb belongs to, when the lead-in ends on a bare noun phrase (no verb, no preposition,
    no 'decisions')."""
    text = doc._.text
    line_start = text.rfind("\n", 0, doc[index].idx) + 1
    found = lead_in_line(text, line_start) if LIST_MARKER.match(text, line_start) else None
    if found is None or not found[1].endswith(":"):
        return None
    lead_start, lead_in = found
    whole = doc.char_span(lead_start, lead_start + len(lead_in), alignment_mode="contract")
    if whole is None or any(t.pos_ in ("VERB", "AUX") for t in whole):
        return None  # 'Under the proposal, submitted by the minister to the cabinet:' is no party
    phrase = lead_in[lead_in.rfind(",") + 1 : -1].strip()
    start = lead_start + lead_in.rfind(phrase)
    span = doc.char_span(start, start + len(phrase), alignment_mode="contract")
    if span is None or len(span) == 0 or any(t.pos_ == "ADP" and t.lower_ != "of" for t in span):
        return None  # 'Other items on the agenda:'
    if any(t.lemma_.lower() in cues.list_lead_words for t in span):
        return None
    if not any(t.pos_ in ("NOUN", "PROPN") for t in span):
        return None
    return phrase_without_article(doc, span.start, span.end)


def is_subheading(line: str) -> bool:
    """'SME issues', 'Merchant bankers': a short title over part of a list, walked over to its lead-in."""
    return len(line.split()) <= 4 and line[-1].isalnum() and line[0].isupper()


def is_list_marker(token: Token) -> bool:
    """The '7.' or '(b)' that opens a line of a numbered list."""
    text = token.doc._.text
    marker = LIST_MARKER.match(text, text.rfind("\n", 0, token.idx) + 1)
    return marker is not None and token.idx < marker.end()
