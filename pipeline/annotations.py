"""The typed values components leave on the Doc for each other (registered in extensions.py).

  doc._.people    list[PersonMention]  (people)
  doc._.meeting   MeetingInfo          (meeting)
  doc._.dateline  Datelines            (dateline; see pipeline/dateline.py)

`PeopleIndex` is the one lookup over doc._.people: who holds a role, whose name
a word belongs to. meeting (the chair), decisions (the actor) and people use
it, so a chair and an actor named by the same title are the same person.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

from spacy.tokens import Doc, Span

ARTICLES = ("the", "a", "an")


@dataclass(frozen=True, eq=False)
class PersonMention:
    """A person as the statement names them: the fullest mention of the name, and the role given."""

    name: Span
    role: str | None = None
    key: frozenset = field(init=False, repr=False)  # the name's words, lowercase

    def __post_init__(self):
        object.__setattr__(self, "key", frozenset(t.lower_ for t in self.name if t.is_alpha))

    @property
    def text(self) -> str:
        return self.name.text


@dataclass
class MeetingInfo:
    """Which body met, who chaired, when and where; the spans point into the Doc for offsets."""

    body: str | None = None
    chair: str | None = None
    date: dt.date | None = None
    location: str | None = None
    participants: list[str] = field(default_factory=list)
    body_span: Span | None = None
    chair_span: Span | None = None


class PeopleIndex:
    """Lookups over the people of one Doc."""

    def __init__(self, people: Iterable[PersonMention]):
        self.people = tuple(people)

    @classmethod
    def of(cls, doc: Doc) -> "PeopleIndex":
        return cls(doc._.people or ())

    def __iter__(self):
        return iter(self.people)

    def by_role(self, phrase: str) -> PersonMention | None:
        """'the prime minister' -> the one person who holds that role, the most specific reading first:
        the role itself ('Prime Minister'), then a role ending with it ('Federal Finance Minister' for 'finance
        minister'), then a role with all its words ('Corps Commander Karachi' for 'corps commander'). None when
        nobody, or more than one person, holds it at the first level that finds anyone."""
        words = [w for w in phrase.lower().split() if w not in ARTICLES]
        if not words:
            return None
        roles = [(p, p.role.lower().split()) for p in self.people if p.role]
        for holds in (lambda role: role == words, lambda role: role[-len(words):] == words,
                      lambda role: set(words) <= set(role)):
            holders = {p.text: p for p, role in roles if holds(role)}
            if holders:
                return next(iter(holders.values())) if len(holders) == 1 else None
        return None

    def holding_word(self, word: str) -> list[PersonMention]:
        """The people whose name has `word` (as written) in it."""
        return [p for p in self.people if word in p.text.split()]
