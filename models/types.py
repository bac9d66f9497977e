"""Reusable constrained types shared by the record models."""
from typing import Annotated, Literal

from pydantic import Field

Offset = Annotated[int, Field(ge=0, description="Character offset into the input text exactly as given.")]
EntityLabel = Literal["PERSON", "ORG", "GPE"]
DecisionKind = Literal["decision", "directive", "commitment"]
DecisionId = Annotated[
    str,
    Field(
        pattern=r"^d\d+$",
        description="Stable id of a decision within its record: 'd' + 1-based position in text order.",
    ),
]
