"""A candidate decision before it becomes a Span, and how candidates compare. Every rule returns these; a learned decider would score them."""
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

@dataclass
class Found:
    """A decision before it becomes a Span: token range, kind, who, and why it was found."""

    start: int
    end: int
    kind: str
    trigger: Token | None
    actor: Token | None = None  # the token naming the actor; None means "the body"
    actor_role: str = "body"  # "body" | "chair" | "token"
    responsible: list[str] = field(default_factory=list)
    rule: str = ""  # which rule found it (for error analysis)


def names_an_action(span: Span) -> bool:
    """A lone word ('leave', 'countrywide') is a fragment of a misparse, not a decision."""
    return sum(1 for t in span if t.is_alpha or t.like_num) >= 2


def overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end
