"""targets: stated goals with a measure or a horizon as doc.spans["targets"].

Three shapes, cue words in patterns/targets.json:
- a goal noun ('target', 'goal') and its phrase: 'tax collection target of Rs12,970 billion',
  'measurable targets and timelines', 'set a target of extending X by June 30'; the phrase needs
  a number, a horizon or a qualifying adjective ('its procurement target' alone names no goal);
- an aim verb with a 'to' clause ('aims to stock 25,000 tents', 'is meant to help maintain
  reserves of 2 million tonnes'); the clause must carry a number or a horizon ('by', 'within');
  a forecast verb after 'expected to' ('expected to fall to 9 percent') is a projection;
- a verb whose object is the goal ('wants 40 million people vaccinated by September');
- an end state a causative verb names, with a deadline ('to have trains running on the route within six months');
- a change to a measure, not yet made ('agreed to raise bilateral trade to $10 billion',
  'pledged to triple renewable capacity by 2030'), and a counted outcome still to come ('100 million
  saplings would be planted', 'the zones would open up 55,000 jobs'); done acts ('raised the rate
  to 13 percent') and forecasts ('expected to increase to 9 percent') are not goals;
- the items a goal noun names as its subject ('its targets include a surplus of 2.3 percent by
  2025 and a reduction of debt to below 95 percent'), and each measured line of a bulleted list a goal
  noun announces ('The policy's goals include:' then '• nurturing 10,000 start-ups, up-skilling 10 lakh
  professionals;').
Overlapping candidates keep the longest. Then a goal splits into the items it coordinates, each with its
own figure ('a plant of 45,000 cubic metres a day and a station of 9,000'), and the verbless items gapped
after a goal that ends on a figure are goals too ('Punjab is to produce 25 million tonnes, Sindh 4 million
tonnes and Balochistan 1.5 million tonnes').
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.clauses import LIST_MARKER
from pipeline.errors import read_json
from pipeline.figures import load_words as load_figure_words

WORDS_PATH = Path(__file__).parent / "patterns" / "targets.json"
MEASURE_ENTS = ("DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY")
STATE_TAGS = ("JJ", "VBG", "VBN")  # 'functional', 'running', 'completed': the state a causative verb brings about
ORDINAL_ENDINGS = ("st", "nd", "rd", "th")  # 'first', 'second', 'third', 'tenth': no cardinal word ends so
MEASURE_PREPOSITIONS = frozenset({"to", "by", "within", "before", "below", "above"})


@dataclass(frozen=True)
class TargetCues:
    """patterns/targets.json, and the figures' units that are money or a share (an outcome counts things)."""
    goal_nouns: frozenset[str]
    aim_verbs: frozenset[str]
    object_verbs: frozenset[str]
    bridge_verbs: frozenset[str]
    forecast_verbs: frozenset[str]
    horizon_words: frozenset[str]
    item_separators: frozenset[str]
    order_verbs: frozenset[str]
    change_verbs: frozenset[str]
    multiply_verbs: frozenset[str]
    outcome_verbs: frozenset[str]
    forecast_governors: frozenset[str]
    causative_verbs: frozenset[str]
    pointing_adjectives: frozenset[str]
    list_verbs: frozenset[str]
    instrument_nouns: frozenset[str]
    history_prepositions: frozenset[str]
    money_or_share: frozenset[str]


def load_cues(path: str | Path | None = None, figures_words_path: str | Path | None = None,
              lexicon_path: str | Path | None = None) -> TargetCues:
    cues = read_json(Path(path) if path else WORDS_PATH)
    money_units = load_figure_words(figures_words_path, lexicon_path).money_units
    return TargetCues(**{key: frozenset(cues[key]) for key in TargetCues.__dataclass_fields__ if key != "money_or_share"},
                      money_or_share=money_units | {"%"})


def has_measure_or_horizon(span: Span, cues: TargetCues) -> bool:
    return any(is_count(t) or is_horizon_word(t, cues) or t.ent_type_ in MEASURE_ENTS for t in span)


def is_horizon_word(token: Token, cues: TargetCues) -> bool:
    """'by', 'within' as words of their own and before a time (a deadline, a date, a number): the 'by' of
    'by-products' is none, nor are 'by itself', 'to vote by post', 'improving recoveries by distribution
    companies' or 'within the army'."""
    if token.lower_ not in cues.horizon_words or token.i + 1 >= len(token.doc):
        return False
    following = token.nbor(1)
    if token.whitespace_ == "" and following.text == "-":
        return False
    starts_deadline = any(d.start == token.i for d in token.doc.spans.get("deadlines", []))
    return starts_deadline or following.ent_type_ in ("DATE", "TIME") or is_count(following)


def is_count(token: Token) -> bool:
    """A number that measures: 'first', 'second' (spaCy's like_num takes ordinal words too) order, not count."""
    return token.like_num and not (token.is_alpha and token.lower_.endswith(ORDINAL_ENDINGS))


def trim(doc: Doc, start: int, end: int) -> Span | None:
    """Drop leading determiners and trailing punctuation, stay in the sentence; None when nothing is left."""
    end = min(end, doc[start].sent.end)
    # a paragraph break ends the goal even when the parser runs sentences together
    end = next((t.i for t in doc[start:end] if "\n" in t.text), end)
    while start < end and (doc[start].pos_ in ("DET", "PUNCT", "SPACE") or doc[start].is_space
                           or LIST_MARKER.fullmatch(doc[start].text + " ")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and not closes_bracket(doc, start, end):
        end -= 1
    return doc[start:end] if end > start else None


def closes_bracket(doc: Doc, start: int, end: int) -> bool:
    """'(NWSC)' keeps its ')' when the '(' is inside the span."""
    return doc[end - 1].text == ")" and doc[start:end].text.count("(") >= doc[start:end].text.count(")")


def goal_noun_phrase(tok: Token, cues: TargetCues) -> list[Span]:
    """'a target of Rs12,970 billion'; 'targets of 3 million by May and 6 million by June' gives one each."""
    if tok.lower_ not in cues.goal_nouns or tok.pos_ != "NOUN":
        return []
    span = trim(tok.doc, tok.left_edge.i, with_measure_attached_elsewhere(tok, tok.right_edge.i + 1))
    if span is None or not (has_goal_evidence(span, cues) or qualified(tok, cues)):
        return []
    return enumerated_goals(tok, cues) or [span]


def qualified(goal: Token, cues: TargetCues) -> bool:
    """'measurable targets', 'short, medium and long-term targets': an adjective on the goal itself that says
    what kind of goal it is; the owner's ('the central bank's objectives') qualifies the owner, and 'the new goal',
    'its current target' only point at a goal named elsewhere."""
    return any(t.pos_ == "ADJ" and t.lower_ not in cues.pointing_adjectives
               for c in goal.lefts if c.dep_ != "poss" for t in c.subtree)


def with_measure_attached_elsewhere(goal: Token, end: int) -> int:
    """'set a target of raising the share of solar and wind power to 25pc by 2027': the parser often hangs
    'to 25pc' and 'by 2027' on 'set'; they still belong to the goal that ends just before them."""
    doc = goal.doc
    if end < goal.sent.end and doc[end].lower_ == "at" and doc[end].head.i == goal.head.i and goal.dep_ == "dobj":
        return doc[end].right_edge.i + 1  # 'fixed the production target for gram at 410,000 tonnes'
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in goal.rights):
        return end  # 'meet the procurement target within three days' times the meeting of it
    while end + 1 < goal.sent.end and doc[end].lower_ in MEASURE_PREPOSITIONS:
        if doc[end].dep_ == "prep" and doc[end].head.i < end:
            end = doc[end].right_edge.i + 1
        elif doc[end + 1].text[:1].isdigit():  # 'to 25pc', parsed as an infinitive
            end += 2
        else:
            break
    return end


def has_goal_evidence(span: Span, cues: TargetCues) -> bool:
    """A number or a horizon; a bare 'this season' is when a goal was missed, not what it is."""
    return any(is_count(t) or is_horizon_word(t, cues) or (t.ent_type_ in MEASURE_ENTS and t.ent_type_ != "DATE")
               for t in span)


def goal_as_subject(tok: Token, cues: TargetCues) -> list[Span]:
    """'the target is to reduce incidents by 50 percent': the goal is the clause after 'to'."""
    if tok.lower_ not in cues.goal_nouns or tok.dep_ != "nsubj" or tok.head.lemma_ != "be":
        return []
    clause = next((c for c in tok.head.rights if c.dep_ in ("xcomp", "attr", "ccomp") and c.pos_ == "VERB"), None)
    if clause is None:
        return []
    span = trim(tok.doc, clause.i, clause.right_edge.i + 1)
    return [span] if span is not None and has_measure_or_horizon(span, cues) else []


def enumerated_goals(goal: Token, cues: TargetCues) -> list[Span]:
    """The measured items after 'targets of', to the end of the sentence: cut at each comma or
    semicolon, and at 'and' before a number; the list ends at the first item without a number."""
    doc = goal.doc
    if goal.tag_ != "NNS" or goal.i + 2 >= goal.sent.end or doc[goal.i + 1].lower_ != "of":
        return []
    sent_end = goal.sent.end
    cuts = [t.i for t in doc[goal.i + 2 : sent_end]
            if t.text in (",", ";") or (t.lower_ in cues.item_separators and t.i + 1 < sent_end and doc[t.i + 1].like_num)]
    items = []
    for start, end in zip([goal.i + 2] + [cut + 1 for cut in cuts], cuts + [sent_end]):
        item = trim(doc, start, end)
        if item is None or not item[0].like_num:
            break
        items.append(item)
    return items if len(items) >= 2 else []


def own_clause_end(verb: Token) -> int:
    """The end of a clause without the clauses coordinated after it."""
    later = [c for c in verb.rights if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    if not later:
        return verb.right_edge.i + 1
    end = later[0].left_edge.i
    while end > verb.i + 1 and verb.doc[end - 1].dep_ in ("cc", "punct"):
        end -= 1
    return end


def holds_a_deadline(span: Span) -> bool:
    return any(span.start <= d.start and d.end <= span.end for d in span.doc.spans.get("deadlines", []))


def ordered_outcome(tok: Token, cues: TargetCues) -> list[Span]:
    """'so that cases are concluded within six months' (with a deadline), 'ordered that 90 percent of
    the schemes be completed by June' (with a deadline and a figure): the outcome clause is a goal."""
    if tok.pos_ not in ("VERB", "AUX"):
        return []
    doc = tok.doc
    that = next((c for c in tok.lefts if c.dep_ == "mark" and c.lower_ == "that"), None)
    if that is None:
        return []
    so_that = that.i > 0 and doc[that.i - 1].lower_ == "so"
    clause = tok.head if tok.dep_ == "conj" else tok  # '... decided that X, and that Y'
    ordered = clause.dep_ == "ccomp" and clause.head.lemma_.lower() in cues.order_verbs
    span = trim(doc, that.i + 1, own_clause_end(tok))
    if span is None or not (so_that or ordered):
        return []
    timed = holds_a_deadline(span)
    measured = any(span.start <= f.start and f.end <= span.end for f in doc.spans.get("figures", []))
    return [span] if timed and (so_that or measured) else []


def aim_clauses(tok: Token, cues: TargetCues) -> list[Span]:
    """'aims to VERB ...' -> the VERB clause, one per coordinated 'and to VERB'; 'meant to help VERB ...'
    looks through 'help'."""
    doc = tok.doc
    if tok.lemma_.lower() not in cues.aim_verbs or tok.pos_ not in ("VERB", "AUX") or tok.i + 2 >= len(doc):
        return []
    if doc[tok.i + 1].lower_ != "to":
        return []
    verb = doc[tok.i + 2]
    if verb.lemma_.lower() in cues.bridge_verbs and tok.i + 3 < len(doc) and doc[tok.i + 3].pos_ == "VERB":
        verb = doc[tok.i + 3]
    if verb.pos_ != "VERB" or (tok.lemma_.lower() == "expect" and verb.lemma_.lower() in cues.forecast_verbs):
        return []
    goals = [trim(doc, v.i, own_clause_end(v)) for v in [verb, *coordinated_verbs(verb)]]
    return [span for span in goals if span is not None and has_measure_or_horizon(span, cues)]


def coordinated_verbs(verb: Token) -> list[Token]:
    later = [c for c in verb.rights if c.dep_ == "conj" and c.pos_ == "VERB"]
    return [v for c in later for v in (c, *coordinated_verbs(c))]


def object_goal(tok: Token, cues: TargetCues) -> Span | None:
    """'wants 40 million people vaccinated by ...', 'which targets the planting of 15 billion trees'."""
    if tok.lemma_.lower() not in cues.object_verbs or tok.pos_ != "VERB":
        return None
    objects = [c for c in tok.rights if c.dep_ in ("dobj", "ccomp", "xcomp", "obj")]
    if not objects:
        return None
    span = trim(tok.doc, objects[0].left_edge.i, objects[-1].right_edge.i + 1)
    return span if span is not None and has_measure_or_horizon(span, cues) else None


def figure_tokens(doc: Doc, cues: TargetCues, counted_only: bool = False) -> set[int]:
    """Tokens of figures; `counted_only` leaves out money and percentages (an outcome counts things)."""
    return {i for f in doc.spans.get("figures", [])
            if not (counted_only and (f._.unit in cues.money_or_share or f._.unit is None))
            for i in range(f.start, f.end)}


def is_still_to_come(verb: Token, cues: TargetCues) -> bool:
    """A base-form verb under 'to' or a modal ('agreed to raise', 'will serve', 'is to produce'),
    or a passive with a modal ('would be planted'); not a done act and not a forecast."""
    if any(g.lemma_.lower() in cues.forecast_governors for g in (verb.head, verb.head.head)):
        return False
    helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VB":
        return any(h.tag_ in ("TO", "MD") for h in helpers)
    if verb.tag_ == "VBN":
        return any(h.tag_ == "MD" for h in helpers) and any(h.dep_ == "auxpass" for h in helpers)
    return False


def sets_an_instrument(verb: Token, cues: TargetCues) -> bool:
    """'cut the policy rate by 100 bps', 'raise the tariff by Rs3.50 from July 26', 'cut it by 1,100 bps since
    June': a setting changed or a change already counted is an act or a fact, not a goal still to reach."""
    objects = [c for c in verb.rights if c.dep_ in ("dobj", "obj")]
    return (any(o.lower_ in cues.instrument_nouns for o in objects)
            or any(c.dep_ == "prep" and c.lower_ in cues.history_prepositions for c in verb.rights))


def measured_change(tok: Token, cues: TargetCues) -> Span | None:
    """'raise bilateral trade to US$10 billion', 'reduce line losses by 5 percent', 'triple capacity by 2030'."""
    if tok.lemma_.lower() not in cues.change_verbs or tok.pos_ != "VERB" or not is_still_to_come(tok, cues):
        return None
    if sets_an_instrument(tok, cues):
        return None
    figures = figure_tokens(tok.doc, cues)
    to_measure = any(c.dep_ == "prep" and c.lower_ in ("to", "by") and any(t.i in figures for t in c.subtree)
                     for c in tok.rights)
    multiplied = tok.lemma_.lower() in cues.multiply_verbs and any(c.dep_ in ("dobj", "obj") for c in tok.rights)
    span = trim(tok.doc, tok.i, own_clause_end(tok))
    if span is None or not (to_measure or (multiplied and has_measure_or_horizon(span, cues))):
        return None
    return span


def counted_outcome(tok: Token, cues: TargetCues) -> Span | None:
    """'100 million saplings would be planted across the province', 'would open up more than 55,000 jobs'."""
    if tok.lemma_.lower() not in cues.outcome_verbs or tok.pos_ != "VERB" or not is_still_to_come(tok, cues):
        return None
    counted = figure_tokens(tok.doc, cues, counted_only=True)
    passive = tok.tag_ == "VBN"
    goal = [c for c in tok.children if c.dep_ in (("nsubjpass",) if passive else ("dobj", "obj", "attr"))]
    if not any(t.i in counted for g in goal for t in g.subtree):
        return None
    start = goal[0].left_edge.i if passive else tok.i
    return trim(tok.doc, start, own_clause_end(tok))


def state_with_horizon(tok: Token, cues: TargetCues) -> Span | None:
    """'to have trains running on the route within six months', 'the aim of having them functional by the end
    of the year': a causative verb, an object and the state it is to be in, with a deadline on that state, is a
    goal (an end state to reach, not an act to do); done ('had them running') is a fact, 'have to' a duty."""
    if tok.lemma_.lower() not in cues.causative_verbs or tok.tag_ not in ("VB", "VBG") or tok.dep_ in ("aux", "auxpass"):
        return None
    # 'have the supply restored' is often tagged a past tense (VBD): 'have' takes no finite clause, so it is the state
    states = [c for c in tok.rights if c.dep_ in ("ccomp", "xcomp", "oprd") and c.tag_ in (*STATE_TAGS, "VBD")]
    states += [a for o in tok.rights if o.dep_ in ("dobj", "obj") for a in o.rights if a.dep_ == "acl" and a.tag_ in STATE_TAGS]
    state = next((s for s in states if not any(c.tag_ == "TO" for c in s.children)), None)
    if state is None:
        return None
    span = trim(tok.doc, tok.i, own_clause_end(state))
    if span is None or not holds_a_deadline(span):
        return None
    return span


def listed_goals(tok: Token, cues: TargetCues) -> list[Span]:
    """'Its targets include X and Y': each measured object is a goal of its own."""
    if tok.lower_ not in cues.goal_nouns or tok.dep_ != "nsubj" or tok.head.lemma_.lower() not in cues.list_verbs:
        return []
    objects = [c for c in tok.head.rights if c.dep_ in ("dobj", "obj", "attr")]
    items = [o for first in objects for o in (first, *[c for c in first.conjuncts if c.i > first.i])]
    goals = []
    for item in items:
        later = [c for c in item.conjuncts if c.i > item.i]
        end = later[0].left_edge.i if later else item.right_edge.i + 1
        while end > item.i + 1 and item.doc[end - 1].dep_ in ("cc", "punct"):
            end -= 1
        span = trim(item.doc, item.left_edge.i, end)
        if span is not None and has_goal_evidence(span, cues):
            goals.append(span)
    return goals


def goal_list_items(tok: Token, cues: TargetCues) -> list[Span]:
    """'The policy's goals include:' over a bulleted list: each measured item of each line is a goal,
    a line cut at ';' and before each coordinated gerund ('up-skilling 10 lakh IT professionals,
    motivating one lakh students and producing 10,000 specialists' is three)."""
    if (tok.lower_ not in cues.goal_nouns or tok.dep_ not in ("nsubj", "nsubjpass")
            or tok.head.lemma_.lower() not in cues.list_verbs):
        return []
    doc = tok.doc
    text = doc._.text
    line_end = text.find("\n", tok.idx)
    if line_end < 0 or not text[tok.idx:line_end].rstrip().endswith(":"):
        return []
    goals = []
    for start_char, end_char in list_lines_after(text, line_end + 1):
        line = doc.char_span(start_char, end_char, alignment_mode="contract")
        if line is not None:
            goals += [item for item in gerund_items(line) if has_measure_or_horizon(item, cues)]
    return goals


def list_lines_after(text: str, offset: int) -> list[tuple[int, int]]:
    """The character ranges (after the marker) of the list lines that follow one another from `offset`."""
    lines = []
    while (marker := LIST_MARKER.match(text, offset)) is not None:
        end = text.find("\n", marker.end())
        end = len(text) if end < 0 else end
        lines.append((marker.end(), end))
        offset = end + 1
    return lines


def gerund_items(line: Span) -> list[Span]:
    doc = line.doc
    cuts = [t.i for t in line if t.text == ";" or (t.lower_ in (",", "and") and t.i + 1 < line.end
                                                  and doc[t.i + 1].tag_ == "VBG")]
    items = []
    for start, end in zip([line.start] + [c + 1 for c in cuts], cuts + [line.end]):
        while end > start and doc[end - 1].lower_ in (",", "and", ";", "or"):
            end -= 1
        item = trim(doc, start, end) if end > start else None
        if item is not None:
            items.append(item)
    return items


def gapped_goals(goal: Span, cues: TargetCues) -> list[Span]:
    """'Punjab is to produce 25 million tonnes, Sindh 4 million tonnes and Balochistan 1.5 million tonnes',
    'the target for gram at 410,000 tonnes, for onion at 2.49 million tonnes': the verbless items after a
    goal that ends on a figure, each ending on a figure in the same unit, are goals of their own."""
    doc = goal.doc
    figures = doc.spans.get("figures", [])
    last = next((f for f in figures if f.end == goal.end), None)
    if last is None or last._.unit is None:
        return []
    sent_end = goal.sent.end
    items = []
    start = goal.end
    while start < sent_end and doc[start].lower_ in cues.item_separators:
        while start < sent_end and doc[start].lower_ in cues.item_separators:  # ', and'
            start += 1
        ending = next((f for f in figures if start < f.end <= min(start + 10, sent_end)
                       and f._.unit == last._.unit), None)
        if ending is None or any(t.pos_ in ("VERB", "AUX") for t in doc[start:ending.start]):
            break
        items.append(doc[start:ending.end])
        start = ending.end
    return items


def split_measured_objects(goal: Span, cues: TargetCues) -> list[Span]:
    """'build a treatment plant of 45,000 cubic metres a day and a pumping station of 9,000 cubic metres
    a day': items joined by 'and' before a determiner, each with its own figure, are goals of their own;
    the first keeps the verb. Bare counts joined by 'and' ('stock 25,000 tents and 5,000 tonnes of
    rations') are one goal. (The parser often hangs the second item on the first's last noun,
    so the cut is made on the words.)"""
    doc = goal.doc
    figures = figure_tokens(doc, cues)
    cuts = [t.i for t in goal[1:-1] if t.lower_ == "and" and doc[t.i + 1].pos_ == "DET"]
    bounds = list(zip([goal.start] + [c + 1 for c in cuts], cuts + [goal.end]))
    parts = [trim(doc, start, end) for start, end in bounds]
    if len(parts) < 2 or not all(p is not None and any(t.i in figures for t in p) for p in parts):
        return [goal]
    return parts


def keep_longest(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def find_targets(doc: Doc, cues: TargetCues) -> list[Span]:
    found = []
    for tok in doc:
        found += goal_noun_phrase(tok, cues) + goal_as_subject(tok, cues) + ordered_outcome(tok, cues)
        found += aim_clauses(tok, cues) + listed_goals(tok, cues) + goal_list_items(tok, cues)
        found += [span for span in (object_goal(tok, cues), measured_change(tok, cues), counted_outcome(tok, cues),
                                              state_with_horizon(tok, cues))
                  if span is not None]
    kept = [part for span in keep_longest(found) for part in split_measured_objects(span, cues)]
    return keep_longest(kept + [item for span in kept for item in gapped_goals(span, cues)])


class Targets:
    def __init__(self, nlp: Language, name: str, words_path: str | None = None, figures_words_path: str | None = None,
                 lexicon_path: str | None = None):
        self.name = name
        self.cues = load_cues(words_path, figures_words_path, lexicon_path)

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["targets"] = find_targets(doc, self.cues)
        return doc


@Language.factory(
    "targets",
    assigns=["doc.spans"],
    requires=["token.dep", "token.lemma", "doc.ents", "doc.spans"],
    default_config={"words_path": None, "figures_words_path": None, "lexicon_path": None},
)
def make_targets(nlp: Language, name: str, words_path: str | None, figures_words_path: str | None,
                 lexicon_path: str | None):
    return Targets(nlp, name, words_path, figures_words_path, lexicon_path)
