"""The shared word lists (patterns/lexicon.json), loaded once and validated at load.

Months, weekdays, number words, glued units, honorifics, name particles, titles
and body words are known in one place; each component takes its view of them
through its `lexicon_path` config (None: the packaged file). A bad file fails at
load with a `LexiconError` that names the file and the key.
"""
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.errors import DataFileError

LEXICON_PATH = Path(__file__).parent / "patterns" / "lexicon.json"

Word = Annotated[str, Field(min_length=1)]
MonthNumber = Annotated[int, Field(ge=1, le=12)]


class LexiconError(DataFileError):
    """The lexicon file is missing, not JSON, or a key is wrong."""


class Honorifics(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    doc: str = Field("", alias="_doc")
    phrases: tuple[Word, ...] = Field(description="lowercase phrases, words and brackets spaced, abbreviations with their dot ('lt. gen.', '( retd. )')")
    titles_for_people: frozenset[Word] = Field(description="phrases the people component reads as titles, not ranks")

    @field_validator("phrases")
    @classmethod
    def lowercase(cls, phrases: tuple[str, ...]) -> tuple[str, ...]:
        for phrase in phrases:
            if phrase != phrase.lower():
                raise ValueError(f"honorific {phrase!r} must be lowercase")
        return phrases

    def as_word_tuples(self) -> tuple[tuple[str, ...], ...]:
        """The people component's view: whole phrases without dots, longest first."""
        phrases = [tuple(w.rstrip(".") for w in p.split()) for p in self.phrases if p not in self.titles_for_people]
        return tuple(sorted(phrases, key=len, reverse=True))

    def as_written_words(self) -> frozenset[str]:
        """entity_cleanup's view: every word as written ('Mr', 'Mr.', 'General', 'Retd', 'retd.'), brackets too."""
        words: set[str] = set()
        for phrase in self.phrases:
            bracketed = "(" in phrase.split()  # '(retd)' is written lowercase too
            for word in phrase.split():
                if not word.rstrip(".").isalpha():
                    words.add(word)
                    continue
                bare = word.rstrip(".")
                forms = (bare.capitalize(), bare) if bracketed else (bare.capitalize(),)
                words.update(forms)
                if word.endswith("."):
                    words.update(form + "." for form in forms)
        return frozenset(words)


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    doc: str = Field("", alias="_doc")
    months: dict[Word, MonthNumber] = Field(description="full month names, lowercase, in calendar order")
    month_abbreviations: dict[Word, MonthNumber] = Field(description="'jan', 'sept', ...")
    weekdays: tuple[Word, ...] = Field(min_length=7, max_length=7, description="monday first")
    number_words: dict[Word, Annotated[int, Field(ge=0)]] = Field(description="'seven' -> 7, 'dozen' -> 12")
    glued_units: tuple[Word, ...] = Field(description="units written glued to a number ('2,150MW')")
    honorifics: Honorifics
    name_particles: frozenset[Word] = Field(description="lowercase words inside a name ('ul' in Anwaar-ul-Haq)")
    title_heads: frozenset[Word] = Field(description="lowercase heads of a person's title ('minister')")
    title_words: frozenset[Word] = Field(description="capitalised words of titles, as written ('Prime', 'DG')")
    role_heads: frozenset[Word] = Field(description="capitalised last words of a role ('Minister', 'Secretary')")
    body_name_heads: frozenset[Word] = Field(description="capitalised last words of a body's name ('Committee')")

    @property
    def all_months(self) -> dict[str, int]:
        """Full names and abbreviations -> month number."""
        return {**self.months, **self.month_abbreviations}


def error_location(error: dict) -> str:
    return ".".join(str(part) for part in error["loc"])


@lru_cache(maxsize=8)
def _load(path: Path) -> Lexicon:
    from pipeline.errors import read_json

    data = read_json(path, LexiconError)
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise LexiconError(f"{path}: key '{error_location(first)}': {first['msg']}") from None


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The lexicon at `path` (None: the packaged one), read and validated once per path."""
    return _load(Path(path) if path else LEXICON_PATH)
