"""What the tracker's questions return (tracker.store.queries), and the filter they take.

The CLI's `track ... --format json` and the API (`/api/decisions`, `/api/overdue`, ...) both
serialise these models, so the OpenAPI docs describe exactly what `track` prints. A decision is
named by its reference `"<statement id>#<decision id>"`, meaning the current version of that
statement.
"""
import datetime as dt
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models import messages
from models.types import DecisionKind

FollowUpStatus = Literal["done", "extended", "repeated", "dropped", "mentioned"]
MAX_LIMIT = 10_000


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DecisionFilter(_Model):
    """Which decisions to return. Names match as substrings of their normalised form
    (tracker.store.names.name_key): `body="apex committee"` finds "Provincial Apex Committee"."""

    body: Optional[str] = Field(None, description="The meeting's body contains these words, e.g. 'apex committee'.")
    actor: Optional[str] = Field(None, description="Who decided contains these words.")
    responsible: Optional[str] = Field(None, description="One of the parties given the action contains these words.")
    kind: Optional[DecisionKind] = Field(None, description="decision, directive or commitment.")
    since: Optional[dt.date] = Field(None, description="Decided on or after this day (meeting date, else published).")
    until: Optional[dt.date] = Field(None, description="Decided on or before this day.")
    search: Optional[str] = Field(None, description="Words the decision's text or actor holds, all of them.")
    as_of: Optional[dt.date] = Field(None, description="Count days overdue as of this day.")
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Most decisions returned.")
    offset: int = Field(0, ge=0, description="Decisions skipped first, to page through a long list.")

    @model_validator(mode="after")
    def since_not_after_until(self) -> "DecisionFilter":
        if self.since and self.until and self.since > self.until:
            raise ValueError(messages.SINCE_AFTER_UNTIL.format(since=self.since, until=self.until))
        return self


class TrackedDecision(_Model):
    ref: str = Field(description="'<statement id>#<decision id>': the decision in the current version of its statement.")
    statement_id: str
    version: int = Field(description="The statement's version (1, 2, ... as its text changed).")
    body: Optional[str] = Field(None, description="The meeting's body.")
    meeting_date: Optional[dt.date] = Field(None, description="The meeting date, else the published date.")
    published: Optional[dt.date] = None
    kind: DecisionKind
    trigger: str
    actor: Optional[str] = None
    responsible: list[str] = Field(default_factory=list)
    text: str = Field(description="The decision's words, statement text[start:end].")
    start: int
    end: int
    sentence_start: int
    sentence_end: int
    deadline_text: Optional[str] = None
    deadline_date: Optional[dt.date] = Field(None, description="The deadline as stated; an extension may move it.")
    status: str = Field("open", description="The latest follow-up's status (done, extended, repeated, dropped, "
                                            "mentioned), or 'open' when no later statement mentions it.")
    days_overdue: Optional[int] = Field(None, description="Days past the (extended) deadline as of the asked day.")


class FollowUpLink(_Model):
    statement_id: str = Field(description="The later statement that mentions the action.")
    meeting_date: Optional[dt.date] = Field(None, description="Its meeting date, else its published date.")
    status: FollowUpStatus
    score: float = Field(description="How sure the link is, 0 to 1.")
    evidence_text: str = Field(description="The later words that mention the action.")
    evidence_start: Optional[int] = None
    evidence_end: Optional[int] = None
    new_deadline: Optional[dt.date] = Field(None, description="With status 'extended': the new last day.")
    reasons: dict[str, Any] = Field(default_factory=dict, description="What the score is made of.")
    later_decision_ref: Optional[str] = Field(None, description="The later statement's decision that repeats it.")


class DecisionChain(_Model):
    decision: TrackedDecision
    followups: list[FollowUpLink] = Field(description="Later statements mentioning it, oldest first.")


class RoleSeen(_Model):
    role: Optional[str]
    date: Optional[dt.date] = Field(None, description="The statement's meeting date, else its published date.")
    statement_id: str


class PersonHistory(_Model):
    name: str
    roles: list[RoleSeen] = Field(description="The roles statements give the person, oldest first.")
    made: list[TrackedDecision] = Field(description="Decisions with the person as actor.")
    given: list[TrackedDecision] = Field(description="Decisions that give the person (or office) the action.")


class BodySummary(_Model):
    body: str
    statements: int
    decisions: int
    first: Optional[dt.date] = None
    last: Optional[dt.date] = None
    by_month: dict[str, int] = Field(description="Decisions per month, 'YYYY-MM' -> count.")


class StatementView(_Model):
    id: str
    version: int
    text: Optional[str] = Field(None, description="The statement text, when the store holds it (extract --db).")
    record: dict[str, Any] = Field(description="The record as loaded; its offsets index the text.")
