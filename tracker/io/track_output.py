"""How `track` prints its answers: an aligned table for people, JSON of the models, or CSV for spreadsheets.

The answers are the models of models/tracker.py; JSON is exactly what the API
returns. A table shortens long text so a row fits a line; JSON and CSV never
shorten anything.
"""
import csv
import io
import json
from typing import Callable, Sequence

from pydantic import BaseModel

from models.tracker import DecisionChain, PersonHistory, TrackedDecision

FORMATS = ("table", "json", "csv")
TEXT_WIDTH = 60
NAME_WIDTH = 28


def shortened(value: object, width: int) -> str:
    shown = "" if value is None else " ".join(str(value).split())
    return shown if len(shown) <= width else shown[:width - 1] + "…"


def aligned(header: Sequence[str], rows: list[Sequence[str]]) -> str:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip()
             for line in [header, ["-" * width for width in widths], *rows]]
    return "\n".join(lines)


def decision_cells(decision: TrackedDecision, overdue: bool) -> list[str]:
    cells = [decision.ref, str(decision.meeting_date or ""), decision.kind, shortened(decision.actor, NAME_WIDTH),
             shortened("; ".join(decision.responsible), NAME_WIDTH), str(decision.deadline_date or ""), decision.status]
    if overdue:
        cells.append("" if decision.days_overdue is None else str(decision.days_overdue))
    return cells + [shortened(decision.text, TEXT_WIDTH)]


def decisions_table(decisions: list[TrackedDecision]) -> str:
    if not decisions:
        return "no decisions match"
    overdue = any(decision.days_overdue is not None for decision in decisions)
    header = ["ref", "date", "kind", "actor", "responsible", "deadline", "status"] + \
        (["days over"] if overdue else []) + ["text"]
    return aligned(header, [decision_cells(decision, overdue) for decision in decisions])


CSV_FIELDS = list(TrackedDecision.model_fields)


def csv_text(header: list[str], rows: list[list]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().rstrip("\n")


def decision_csv_row(decision: TrackedDecision) -> list:
    data = decision.model_dump(mode="json")
    data["responsible"] = "; ".join(decision.responsible)
    return ["" if data[name] is None else data[name] for name in CSV_FIELDS]


def decisions_csv(decisions: list[TrackedDecision], extra: Callable[[TrackedDecision], list] | None = None,
                  extra_header: list[str] | None = None) -> str:
    header = (extra_header or []) + CSV_FIELDS
    return csv_text(header, [(extra(decision) if extra else []) + decision_csv_row(decision) for decision in decisions])


def as_json(answer: BaseModel | list[BaseModel]) -> str:
    if isinstance(answer, list):
        return json.dumps([item.model_dump(mode="json") for item in answer], indent=2, ensure_ascii=False)
    return answer.model_dump_json(indent=2)


def show_decisions(decisions: list[TrackedDecision], fmt: str) -> str:
    if fmt == "json":
        return as_json(decisions)
    return decisions_csv(decisions) if fmt == "csv" else decisions_table(decisions)


def chain_table(chain: DecisionChain) -> str:
    decision = chain.decision
    lines = [f"{decision.ref}  {decision.meeting_date or ''}  {decision.kind}  status: {decision.status}",
             f"  {shortened(decision.text, 2 * TEXT_WIDTH)}"]
    if decision.deadline_date:
        lines.append(f"  deadline: {decision.deadline_date} ({shortened(decision.deadline_text, TEXT_WIDTH)})")
    if not chain.followups:
        return "\n".join(lines + ["", "no later statement mentions it"])
    rows = [[str(link.meeting_date or ""), link.statement_id, link.status, f"{link.score:.2f}",
             str(link.new_deadline or ""), shortened(link.evidence_text, TEXT_WIDTH)] for link in chain.followups]
    return "\n".join(lines + ["", aligned(["date", "statement", "status", "score", "new deadline", "evidence"], rows)])


def chain_csv(chain: DecisionChain) -> str:
    """One row per follow-up, each beginning with the decision it follows."""
    header = ["decision_ref", "statement_id", "meeting_date", "status", "score", "new_deadline", "evidence_text",
              "evidence_start", "evidence_end", "later_decision_ref", "reasons"]
    rows = [[chain.decision.ref, link.statement_id, link.meeting_date or "", link.status, link.score,
             link.new_deadline or "", link.evidence_text, link.evidence_start, link.evidence_end,
             link.later_decision_ref or "", json.dumps(link.reasons)] for link in chain.followups]
    return csv_text(header, rows)


def show_chain(chain: DecisionChain, fmt: str) -> str:
    if fmt == "json":
        return as_json(chain)
    return chain_csv(chain) if fmt == "csv" else chain_table(chain)


def person_table(person: PersonHistory) -> str:
    parts = [person.name, ""]
    if person.roles:
        parts.append(aligned(["date", "role", "statement"],
                             [[str(seen.date or ""), shortened(seen.role, 2 * NAME_WIDTH), seen.statement_id]
                              for seen in person.roles]))
    for title, decisions in (("decisions made", person.made), ("decisions given", person.given)):
        parts += ["", f"{title}: {len(decisions)}"]
        if decisions:
            parts.append(decisions_table(decisions))
    return "\n".join(parts)


def show_person(person: PersonHistory, fmt: str) -> str:
    if fmt == "json":
        return as_json(person)
    if fmt == "csv":
        tagged = [("made", d) for d in person.made] + [("given", d) for d in person.given]
        return csv_text(["as"] + CSV_FIELDS, [[role] + decision_csv_row(d) for role, d in tagged])
    return person_table(person)
