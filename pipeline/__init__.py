"""The extraction pipeline, assembled in one place.

`build_nlp()` loads the trained English model and adds our rule components
in the order they depend on each other:

  tok2vec tagger parser attribute_ruler lemmatizer   (trained model)
  gazetteer        EntityRuler before `ner`: known bodies, places, acronyms
  ner              (trained model)
  entity_cleanup   drop titles and non-entities, fix labels, strip "the"
  acronyms         link "Pakistan Telecommunication Authority (PTA)" both ways
  people           names with roles from titles and appositions
  entity_names     PERSON entities = the people found; names trimmed, generic words and laws dropped
  meeting          body, chair, date, location, participants
  figures          numbers with normalised values and units
  deadlines        time limits, normalised to calendar dates
  decisions        decided / directed / committed clauses, with actor and deadline
  targets          goals with a measure or horizon
  trained_*        trained layers (pipeline/trained_layers.py): decider, actor ranker, ...
"""
import re
from functools import lru_cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_suffix_regex, registry

from pipeline import extensions  # noqa: F401  (registers the custom attributes)
from pipeline import (  # noqa: F401  (registers the factories)
    acronyms,
    dateline,
    decisions,
    entity_names,
    deadlines,
    entity_cleanup,
    figures,
    meeting,
    people,
    targets,
)
from pipeline.errors import read_json
from pipeline.gazetteer import load_gazetteer
from pipeline.lexicon import load_lexicon
from pipeline.settings import UNUSED_MODEL_COMPONENTS, resolve_model_name
from pipeline.trained_layers import ENABLED as TRAINED_LAYERS, add_trained_layers

PATTERNS_DIR = Path(__file__).parent / "patterns"
UNLOADED_TOKENIZER = "statement_tracker.unloaded_tokenizer.v1"

RULE_COMPONENTS = (
    "dateline",
    "entity_cleanup",
    "acronyms",
    "people",
    "entity_names",
    "meeting",
    "figures",
    "deadlines",
    "decisions",
    "targets",
)


def add_gazetteer(nlp: Language) -> None:
    """Known names go in before `ner`, so the model predicts around them instead of mislabelling them."""
    ruler = nlp.add_pipe("entity_ruler", name="gazetteer", before="ner", config={"phrase_matcher_attr": "ORTH"})
    patterns = load_gazetteer().patterns
    # The patterns match on ORTH, so the tokenizer is all that must run over them: with the trained
    # components on, the ruler parsed each of its ~1,300 phrases (0.4 s of every start).
    with nlp.select_pipes(disable=[name for name in nlp.pipe_names if name != "gazetteer"]):
        ruler.add_patterns([phrase for pattern in patterns for phrase in as_phrase_patterns(pattern)])


def as_phrase_patterns(pattern: dict) -> list[dict]:
    """A `LOWER` token pattern ("any case") becomes phrase patterns in the casings statements use.

    The Matcher tried every token pattern at every token (4.9 ms of a 500-word statement for
    143 names); the PhraseMatcher looks each token up once (0.02 ms)."""
    tokens = pattern["pattern"]
    if isinstance(tokens, str) or not all(set(token) == {"LOWER"} for token in tokens):
        return [pattern]
    words = [token["LOWER"] for token in tokens]
    return [{**pattern, "pattern": " ".join(casing)} for casing in casings(words)]


@lru_cache(maxsize=1)
def title_small_words() -> frozenset[str]:
    return frozenset(read_json(PATTERNS_DIR / "casing.json")["title_small_words"])


def casings(words: list[str]) -> list[list[str]]:
    """lower, UPPER, Title Case, Title Case with small words lower ('Board of Revenue'), Sentence case."""
    small_words = title_small_words()
    title = [word.capitalize() for word in words]
    title_small_lower = [word if word in small_words else word.capitalize() for word in words]
    sentence = [words[0].capitalize(), *words[1:]]
    variants = [words, [word.upper() for word in words], title, title_small_lower, sentence]
    return [list(v) for v in dict.fromkeys(tuple(v) for v in variants)]


def adjust_tokenizer(nlp: Language, rules: dict | None = None) -> None:
    """patterns/tokenizer.json: special cases that go (the default prefix/suffix rules split those
    words); the lexicon's glued units split off a number they are glued to ('2,150MW' -> '2,150' 'MW').
    `rules`: the special cases to start from (None: the tokenizer's own).

    One new Tokenizer with both changes: setting `rules` and then `suffix_search` on the loaded one
    reloaded its 2,700 special cases twice (0.2 s of every start)."""
    settings = read_json(PATTERNS_DIR / "tokenizer.json")
    old = nlp.tokenizer
    rules = dict(old.rules if rules is None else rules)
    for special in settings["drop_special_cases"]:
        rules.pop(special, None)
    units = "|".join(re.escape(unit) for unit in load_lexicon().glued_units)
    suffixes = [*nlp.Defaults.suffixes, rf"(?<=[0-9])(?:{units})"]
    nlp.tokenizer = Tokenizer(
        nlp.vocab,
        rules=rules,
        prefix_search=old.prefix_search,
        suffix_search=compile_suffix_regex(suffixes).search,
        infix_finditer=old.infix_finditer,
        token_match=old.token_match,
        url_match=old.url_match,
        faster_heuristics=old.faster_heuristics,
    )


def tag_operative_verbs(nlp: Language) -> None:
    """patterns/operative_verbs.json: '4. Endorses the sanctions' is a verb, whatever the tagger made of it (the
    attribute_ruler's tag and part of speech come before the lemmatizer, which then gives 'endorse')."""
    words = read_json(PATTERNS_DIR / "operative_verbs.json")
    nlp.get_pipe("attribute_ruler").add_patterns([{
        "patterns": [[{"ORTH": {"IN": words["forms"]}}, {"LOWER": {"IN": words["next_words"]}}]],
        # the morphology too: the lemmatizer keeps a form it reads as a base form (VerbForm=Inf) as it is
        "attrs": {"TAG": "VBZ", "POS": "VERB", "MORPH": "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"},
        "index": 0,
    }])


def add_rule_components(nlp: Language, tokenizer_rules: dict | None = None) -> Language:
    """Add our components after the trained ones (works on a blank pipeline too, for tests);
    `tokenizer_rules`: the special cases the tokenizer starts from (None: its own)."""
    adjust_tokenizer(nlp, tokenizer_rules)
    if "attribute_ruler" in nlp.pipe_names:
        tag_operative_verbs(nlp)
    if "ner" in nlp.pipe_names:
        add_gazetteer(nlp)
    for name in RULE_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@registry.tokenizers(UNLOADED_TOKENIZER)
def unloaded_tokenizer():
    """A tokenizer without special cases, for load_model to fill from the model's files."""
    return lambda nlp: Tokenizer(nlp.vocab)


def load_model(name: str) -> tuple[Language, dict]:
    """The trained model, and its tokenizer's special cases not yet loaded.

    Loading the 1,350 special cases costs 0.1 s each time, and spacy.load does it twice (the
    language's defaults, then the model's own) before adjust_tokenizer does it once more with ours:
    here the model's tokenizer gets its affix rules from its file and none of its special cases,
    which adjust_tokenizer loads once. Its suffix rules are left out too: adjust_tokenizer compiles
    its own (the language's suffixes and the glued units), and compiling the model's saved one
    first cost 13 ms of every start."""
    nlp = spacy.load(name, exclude=[*UNUSED_MODEL_COMPONENTS, "tokenizer"],
                     config={"nlp": {"tokenizer": {"@tokenizers": UNLOADED_TOKENIZER}}})
    saved = (Path(nlp._path) / "tokenizer").read_bytes()  # what spaCy's Tokenizer.to_disk wrote
    nlp.tokenizer.from_bytes(saved, exclude=["vocab", "exceptions", "suffix_search"])
    return nlp, srsly.msgpack_loads(saved)["exceptions"]


def build_nlp(model: str | None = None, trained: tuple[str, ...] = TRAINED_LAYERS) -> Language:
    """The full extraction pipeline on top of the trained model named by `model` (or the setting);
    `trained`: the trained layers to apply after the rules (none: the rules alone)."""
    nlp, tokenizer_rules = load_model(resolve_model_name(model))
    return add_trained_layers(add_rule_components(nlp, tokenizer_rules), trained)
