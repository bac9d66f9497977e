"""Leave-one-sub-genre-out cross-validation of the trained layers: `evaluate GOLD --cv group`.

A statement's group is the letter(s) its id opens with ('H-06' -> 'H'). For
each group the layers are fitted on the statements of every other group and
applied to the group's own, parsed once (tracker/measure/training.py); the
held-out records of all groups are then scored together (the overall figure,
same shape as plain `evaluate`) and per group. With no layer the records are
the rules' own, so the figures equal plain evaluation of each group.
"""
from __future__ import annotations

import re
from typing import Any

from pipeline.export import doc_to_record
from tracker.measure.evaluate import evaluate
from tracker.measure.gold import GoldStatement
from tracker.measure.training import Parsed, fit_layers, parse_gold

GROUP = re.compile(r"^([A-Za-z]+)")


def group_of(statement_id: str) -> str:
    match = GROUP.match(statement_id)
    return match.group(1).upper() if match else statement_id


def groups_of(statements: list[GoldStatement]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for i, statement in enumerate(statements):
        groups.setdefault(group_of(statement.id), []).append(i)
    return dict(sorted(groups.items()))


def held_out_records(parsed: Parsed, layers: tuple[str, ...]) -> dict[str, Any]:
    """Every statement's record made by layers that never saw its group."""
    from pipeline.trained_layers import LAYERS  # noqa: PLC0415

    groups = groups_of(parsed.statements)
    if layers and len(groups) < 2:
        raise ValueError("--cv group needs statements of at least two groups (ids like 'A-01', 'B-02')")
    records = {}
    for group, indices in groups.items():
        held = set(indices)
        models = fit_layers(parsed, layers, [i for i in range(len(parsed.statements)) if i not in held]) if layers else {}
        for i in indices:
            doc, statement = parsed.docs[i], parsed.statements[i]
            for name in layers:
                LAYERS[name].apply(doc, models[name])
            records[statement.id] = doc_to_record(doc, record_id=statement.id, published=statement.published)
    return records


def cross_validate(statements: list[GoldStatement], layers: tuple[str, ...],
                   model: str | None = None) -> tuple[dict[str, Any], list[dict]]:
    """Scores over all held-out records (plus `groups`: the scores of each group) and every error."""
    parsed = parse_gold(statements, layers, model)
    records = held_out_records(parsed, layers)
    result, errors = evaluate(statements, records)
    result["cv"] = {"by": "group", "layers": list(layers)}
    result["groups"] = {
        group: evaluate([statements[i] for i in indices], records)[0]
        for group, indices in groups_of(statements).items()
    }
    return result, errors


def format_groups(result: dict[str, Any]) -> str:
    """One line per held-out group: its size and the F1 of each field, and macro F1."""
    fields = ("decisions", "deadlines", "targets", "figures", "entities", "people")
    header = f"{'group':<6} {'n':>3} " + " ".join(f"{f[:9]:>9}" for f in fields) + f" {'actor':>6} {'macro':>6}"
    lines = [f"held out by group (layers: {', '.join(result['cv']['layers']) or 'none, rules only'})", header]

    def cell(value):
        return "-" if value is None else f"{value:.3f}"

    for group, scored in result["groups"].items():
        actor = scored["fields"]["decisions"]["attributes"]["actor"]["accuracy"]
        lines.append(f"{group:<6} {scored['statements']:>3} "
                     + " ".join(f"{cell(scored['fields'][f]['f1']):>9}" for f in fields)
                     + f" {cell(actor):>6} {cell(scored['macro_f1']):>6}")
    return "\n".join(lines)
