"""The record: one statement in, one of these out.

Field names are a contract read by downstream tools and by the evaluation;
add fields freely, rename none. Bump SCHEMA_VERSION's minor part when adding
fields and its major part when changing meaning.
"""
import datetime as dt
from typing import Optional, Union

from pydantic import BaseModel, ConfigDict, Field

from models.types import DecisionId, DecisionKind, EntityLabel, Offset

SCHEMA_VERSION = "1.1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Located(_Model):
    """An item that points back at its words: `text == input[start:end]`."""

    text: str = Field(description="The exact characters input[start:end].")
    start: Offset
    end: Offset


class Source(_Model):
    path: Optional[str] = Field(None, description="Input file the statement came from, if any.")
    url: Optional[str] = Field(None, description="URL given with the statement (JSONL `url`).")
    title: Optional[str] = Field(None, description="Title given with the statement (JSONL `title`).")
    line: Optional[int] = Field(None, description="1-based line number in a JSONL input.")
    encoding: Optional[str] = Field(
        None,
        description="How the input's bytes were decoded (utf-8, utf-8-sig, utf-16, cp1252, latin-1); "
        "offsets index the decoded text.",
    )
    format: Optional[str] = Field(
        None,
        description="'html' when the input was HTML: offsets index its visible text "
        "(tracker.inputs.visible_text), not the markup.",
    )


class Meeting(_Model):
    body: Optional[str] = Field(None, description="Committee or office that met or issued the statement.")
    chair: Optional[str] = Field(None, description="Person who chaired the meeting, if named.")
    date: Optional[dt.date] = Field(None, description="Meeting date, resolved against the reference date.")
    location: Optional[str] = Field(None, description="City of the meeting (dateline or 'in <city>').")
    participants: list[str] = Field(default_factory=list, description="Named people who attended.")


class Entity(_Located):
    label: EntityLabel
    canonical: Optional[str] = Field(
        None, description="Expansion of an acronym, or the acronym's expansion for an acronym entity."
    )
    acronym: Optional[str] = Field(None, description="Acronym of this organisation, when the text defines one.")
    mentions: list[tuple[Offset, Offset]] = Field(
        default_factory=list, description="(start, end) of every mention of this entity, first one included."
    )


class Person(_Model):
    name: str = Field(description="The name without title or honorific.")
    role: Optional[str] = Field(None, description="Role or title the statement gives the person.")
    start: Offset = Field(description="Start of the first mention of the name.")
    end: Offset


class DeadlineRef(_Located):
    date: Optional[dt.date] = Field(None, description="Last day allowed; null when no calendar day follows.")


class Decision(_Located):
    id: DecisionId
    kind: DecisionKind
    trigger: str = Field(description="The cue word that makes this a decision (decided, directed, ...).")
    actor: Optional[str] = Field(
        None, description="Who decided, ordered or promised, as the statement names them; a name the statement "
        "defines an acronym for comes in both forms: 'Oil and Gas Regulatory Authority (OGRA)'.")
    responsible: list[str] = Field(default_factory=list, description="Parties that must carry the action out.")
    deadline: Optional[DeadlineRef] = None
    sentence_start: Offset
    sentence_end: Offset


class Deadline(_Located):
    date: Optional[dt.date] = Field(None, description="Last day allowed as a calendar date, or null.")
    decision_id: Optional[DecisionId] = Field(None, description="The decision this deadline bounds.")


class Target(_Located):
    pass


class Figure(_Located):
    value: Union[int, float] = Field(description="The number with scale words applied (Rs 9.4 trillion -> 9.4e12).")
    unit: Optional[str] = Field(None, description="Counted noun, currency code or '%'.")


class Record(_Model):
    schema_version: str = SCHEMA_VERSION
    id: str = Field(description="JSONL id, else the file path relative to the input root, else 'stdin'.")
    text_sha256: str = Field(description="SHA-256 of the input text as processed (UTF-8).")
    source: Source = Field(default_factory=Source)
    published: Optional[dt.date] = Field(None, description="The reference date used for relative dates.")
    meeting: Meeting = Field(default_factory=Meeting)
    entities: list[Entity] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class ErrorRecord(_Model):
    """One line of the errors file: an input that produced no record, and why."""

    schema_version: str = SCHEMA_VERSION
    id: Optional[str] = None
    source: Source = Field(default_factory=Source)
    error: str = Field(description="What was wrong with the input, in plain words.")
