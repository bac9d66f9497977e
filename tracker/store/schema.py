"""The tables of the store, as SQLAlchemy 2 declarative models.

One row in `statements` per (record id, text hash): a changed text for the
same id is a new version (`version` 1, 2, ...; `is_current` marks the latest)
and the old rows stay queryable. Every other table hangs off a statement by
`statement_key` (deleted with it), so a statement is in the store whole or not
at all. Offsets (`start`, `end`) index the statement text exactly as the record
does. The Alembic migrations in tracker/store/migrations create these tables
and the full-text index over decisions (FTS5 on SQLite, tsvector on
PostgreSQL); a test keeps the two in step. A column has an index only where a
query or the follow-up linker looks rows up by it (equality, IN, ranges): each
index is work for every row a load inserts, and a name matched as a substring
(LIKE '%...%') or a column of three values gains nothing from one (migration
0006 lists those it dropped).
"""
import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def statement_fk(index: bool = True) -> Mapped[int]:
    return mapped_column(ForeignKey("statements.key", ondelete="CASCADE"), index=index)


class Statement(Base):
    __tablename__ = "statements"
    __table_args__ = (
        UniqueConstraint("id", "text_sha256", name="uq_statements_id_text"),
        UniqueConstraint("id", "version", name="uq_statements_id_version"),
    )

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    id: Mapped[str] = mapped_column(String(1000))  # looked up through uq_statements_id_text, which starts with it
    text_sha256: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    # No index: nearly every row is current, and SQLite's planner would drive queries from it (migration 0003).
    is_current: Mapped[bool] = mapped_column(Boolean)
    schema_version: Mapped[str] = mapped_column(String(20))
    published: Mapped[Optional[dt.date]] = mapped_column(Date)
    source_path: Mapped[Optional[str]] = mapped_column(Text)
    url: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[Optional[str]] = mapped_column(Text)
    text: Mapped[Optional[str]] = mapped_column(Text, doc="The statement text, when the loader had it (extract --db).")
    record: Mapped[str] = mapped_column(Text, doc="The record's JSON line exactly as loaded.")
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))

    meeting: Mapped["Meeting"] = relationship(back_populates="statement", cascade="all, delete-orphan",
                                              passive_deletes=True)
    decisions: Mapped[list["Decision"]] = relationship(back_populates="statement", cascade="all, delete-orphan",
                                                       passive_deletes=True, order_by="Decision.start")


class Meeting(Base):
    __tablename__ = "meetings"

    statement_key: Mapped[int] = mapped_column(ForeignKey("statements.key", ondelete="CASCADE"), primary_key=True)
    body: Mapped[Optional[str]] = mapped_column(Text)
    body_key: Mapped[Optional[str]] = mapped_column(String(500), index=True,
                                                    doc="The body as matched by queries (tracker.store.names.name_key).")
    chair: Mapped[Optional[str]] = mapped_column(Text)
    chair_key: Mapped[Optional[str]] = mapped_column(String(500))
    date: Mapped[Optional[dt.date]] = mapped_column(Date)
    location: Mapped[Optional[str]] = mapped_column(Text)
    participants: Mapped[list[str]] = mapped_column(JSON)

    statement: Mapped[Statement] = relationship(back_populates="meeting")


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("statement_key", "decision_id", name="uq_decisions_statement_decision"),)

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_key: Mapped[int] = statement_fk(index=False)  # uq_decisions_statement_decision starts with it
    decision_id: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    trigger: Mapped[str] = mapped_column(Text)
    actor: Mapped[Optional[str]] = mapped_column(Text)
    actor_key: Mapped[Optional[str]] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    deadline_text: Mapped[Optional[str]] = mapped_column(Text)
    deadline_start: Mapped[Optional[int]] = mapped_column(Integer)
    deadline_end: Mapped[Optional[int]] = mapped_column(Integer)
    deadline_date: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)

    statement: Mapped[Statement] = relationship(back_populates="decisions")
    responsible: Mapped[list["Responsibility"]] = relationship(
        back_populates="decision", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Responsibility.position")


class Responsibility(Base):
    """One party a decision gives the action to (a decision's `responsible` list, in order)."""

    __tablename__ = "responsibilities"

    decision_key: Mapped[int] = mapped_column(ForeignKey("decisions.key", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    party: Mapped[str] = mapped_column(Text)
    party_key: Mapped[str] = mapped_column(String(500), index=True)

    decision: Mapped[Decision] = relationship(back_populates="responsible")


class Deadline(Base):
    __tablename__ = "deadlines"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_key: Mapped[int] = statement_fk()
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    date: Mapped[Optional[dt.date]] = mapped_column(Date)
    decision_id: Mapped[Optional[str]] = mapped_column(String(20))


class Target(Base):
    __tablename__ = "targets"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_key: Mapped[int] = statement_fk()
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class Figure(Base):
    __tablename__ = "figures"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_key: Mapped[int] = statement_fk()
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[Optional[str]] = mapped_column(String(100))


class Entity(Base):
    __tablename__ = "entities"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_key: Mapped[int] = statement_fk()
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(10))
    canonical: Mapped[Optional[str]] = mapped_column(Text)
    acronym: Mapped[Optional[str]] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(500))
    mentions: Mapped[list[Any]] = mapped_column(JSON)


class Person(Base):
    __tablename__ = "people"

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_key: Mapped[int] = statement_fk()
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(500))
    role: Mapped[Optional[str]] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)


class FollowUp(Base):
    """A later statement that mentions the same action as an earlier decision (tracker.store.followups)."""

    __tablename__ = "followups"
    __table_args__ = (
        UniqueConstraint("decision_key", "later_statement_key", name="uq_followups_decision_later"),
        Index("ix_followups_later_statement_key", "later_statement_key"),
        Index("ix_followups_status_new_deadline", "status", "new_deadline"),  # overdue walks extensions by day
        Index("ix_followups_decision_key_status", "decision_key", "status"),  # a decision's follow-ups of a status
    )

    key: Mapped[int] = mapped_column(Integer, primary_key=True)
    decision_key: Mapped[int] = mapped_column(ForeignKey("decisions.key", ondelete="CASCADE"))
    later_statement_key: Mapped[int] = mapped_column(ForeignKey("statements.key", ondelete="CASCADE"))
    later_decision_key: Mapped[Optional[int]] = mapped_column(ForeignKey("decisions.key", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), doc="done, extended, repeated, dropped or mentioned.")
    score: Mapped[float] = mapped_column(Float)
    evidence_text: Mapped[str] = mapped_column(Text, doc="The later words that mention the action.")
    evidence_start: Mapped[Optional[int]] = mapped_column(Integer)
    evidence_end: Mapped[Optional[int]] = mapped_column(Integer)
    new_deadline: Mapped[Optional[dt.date]] = mapped_column(Date)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON, doc="What the score is made of (shared body, parties, ...).")


class PendingLink(Base):
    """A loaded statement whose follow-up links are still to be made (tracker.store.followups.link_pending).

    The row goes in with the statement, in its batch's transaction, and out in the transaction that writes
    the statement's links, so a load killed between the two leaves the linking to the next load."""

    __tablename__ = "pending_links"

    statement_key: Mapped[int] = mapped_column(ForeignKey("statements.key", ondelete="CASCADE"), primary_key=True)
