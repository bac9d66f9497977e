"""A record as a person reads it in a terminal: meeting, decisions, figures, targets, people.

`render(record)` is pure (a string in, no I/O) so tests read its output
directly; `PrettyStream` sits where the batch writes JSON lines and prints
each record rendered instead, so `extract --format pretty` reuses the whole
batch machinery (inputs, errors, exit codes) unchanged.
"""
import json
import textwrap
from datetime import date
from typing import TextIO

from models import Decision, Record

WIDTH = 100
INDENT = "    "
RULE = "─"


def styled(text: str, color: bool, **style) -> str:
    if not color:
        return text
    import click

    return click.style(text, **style)


def heading(title: str, count: int | None, color: bool) -> str:
    label = f"{title} ({count})" if count is not None else title
    return styled(label, color, bold=True)


def wrapped(text: str, first: str, rest: str, width: int) -> list[str]:
    one_line = " ".join(text.split())
    return textwrap.wrap(one_line, width=width, initial_indent=first, subsequent_indent=rest) or [first.rstrip()]


def deadline_words(decision: Decision, reference: date | None) -> str | None:
    """`within seven days -> 2024-12-03 (in 7 days)`: the words, the day, and how far from the reference date."""
    deadline = decision.deadline
    if deadline is None:
        return None
    if deadline.date is None:
        return f"{deadline.text} (no calendar date)"
    words = f"{deadline.text} -> {deadline.date.isoformat()}"
    if reference is not None:
        days = (deadline.date - reference).days
        words += f" (overdue by {-days} days)" if days < 0 else " (due on the reference date)" if days == 0 \
            else f" (in {days} days)"
    return words


def meeting_lines(record: Record, color: bool) -> list[str]:
    meeting = record.meeting
    fields = [
        ("Body", meeting.body),
        ("Chair", meeting.chair),
        ("Date", meeting.date.isoformat() if meeting.date else None),
        ("Place", meeting.location),
        ("Participants", ", ".join(meeting.participants) or None),
    ]
    lines = [heading("Meeting", None, color)]
    lines += [f"{INDENT}{name + ':':<14}{value if value else '-'}" for name, value in fields
              if value or name != "Participants"]
    return lines


KIND_COLORS = {"decision": "blue", "directive": "yellow", "commitment": "green"}


def decision_lines(record: Record, width: int, color: bool) -> list[str]:
    lines = [heading("Decisions", len(record.decisions), color)]
    if not record.decisions:
        return lines + [f"{INDENT}none found"]
    for decision in record.decisions:
        tag = f"{decision.id:<4}{decision.kind:<11}"
        pad = INDENT + " " * len(tag)
        text_lines = wrapped(decision.text, pad, pad, width)
        # Wrap first, style after: escape codes would count as width.
        text_lines[0] = INDENT + styled(tag, color, fg=KIND_COLORS.get(decision.kind), bold=True) + text_lines[0][len(pad):]
        details = [
            ("actor", decision.actor),
            ("responsible", "; ".join(decision.responsible) or None),
            ("deadline", deadline_words(decision, record.published)),
        ]
        lines += text_lines + [f"{pad}{name}: {value}" for name, value in details if value]
    return lines


def number(value: int | float) -> str:
    """9400000000000.0 -> 9,400,000,000,000; 2.5 -> 2.5."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"


def figure_lines(record: Record, width: int, color: bool) -> list[str]:
    """Each figure's words, then its value and unit in aligned columns."""
    lines = [heading("Figures", len(record.figures), color)]
    if not record.figures:
        return lines + [f"{INDENT}none found"]
    texts = [" ".join(f.text.split()) for f in record.figures]
    values = [number(f.value) for f in record.figures]
    text_width = min(max(map(len, texts)), width // 2)
    value_width = max(map(len, values))
    for text, value, figure in zip(texts, values, record.figures):
        lines.append(f"{INDENT}{text:<{text_width}}  {value:>{value_width}}  {figure.unit or ''}".rstrip())
    return lines


def target_lines(record: Record, width: int, color: bool) -> list[str]:
    lines = [heading("Targets", len(record.targets), color)]
    if not record.targets:
        return lines + [f"{INDENT}none found"]
    for target in record.targets:
        lines += wrapped(target.text, INDENT + "- ", INDENT + "  ", width)
    return lines


def people_lines(record: Record, color: bool) -> list[str]:
    lines = [heading("People", len(record.people), color)]
    if not record.people:
        return lines + [f"{INDENT}none found"]
    return lines + [f"{INDENT}{p.name}" + (f", {p.role}" if p.role else "") for p in record.people]


def title_lines(record: Record, width: int, color: bool) -> list[str]:
    reference = record.published.isoformat() if record.published else "none"
    title = f"{record.id}  (reference date {reference})"
    return [styled(title, color, bold=True), RULE * min(width, max(len(title), 40))]


def render(record: Record | dict, *, width: int = WIDTH, color: bool = False) -> str:
    """The readable summary of one record, ending with a newline."""
    if isinstance(record, dict):
        record = Record.model_validate(record)
    blocks = [
        title_lines(record, width, color),
        meeting_lines(record, color),
        decision_lines(record, width, color),
        figure_lines(record, width, color),
        target_lines(record, width, color),
        people_lines(record, color),
    ]
    if record.warnings:
        blocks.append([heading("Warnings", len(record.warnings), color)]
                      + [line for w in record.warnings for line in wrapped(w, INDENT + "! ", INDENT + "  ", width)])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


class PrettySink:
    """A RecordSink for people: each record rendered on a terminal stream, a blank line apart."""

    dropped_lines = 0

    def __init__(self, stream: TextIO, *, color: bool = False, width: int = WIDTH):
        self.stream = stream
        self.color = color
        self.width = width
        self.count = 0

    def done_keys(self) -> set[tuple[str, str]]:
        return set()

    def write(self, record_json: str, text: str | None = None) -> None:
        text = ("\n" if self.count else "") + render(json.loads(record_json), width=self.width, color=self.color)
        self.count += 1
        try:
            from tqdm import tqdm
        except ImportError:
            self.stream.write(text)
            return
        # A progress bar on the same terminal steps aside while the record is printed, then redraws below it.
        with tqdm.external_write_mode(file=self.stream):
            self.stream.write(text)
            self.stream.flush()

    def commit(self) -> None:
        self.stream.flush()

    abandon = commit
