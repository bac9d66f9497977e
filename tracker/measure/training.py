"""Training the trained layers (pipeline/trained_layers.py) from gold statements.

Each gold statement is parsed once by the rules pipeline with every trained
layer switched off; each layer turns that Doc and the gold into training rows
(`examples`), computed once per statement and reused by every fit, so
cross-validation (tracker/measure/crossval.py) only fits and applies.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from spacy.tokens import Doc

from tracker.measure.gold import GoldStatement

Rows = tuple[list[dict], list[str]]


class TrainingError(ValueError):
    """The gold cannot train a layer (e.g. it holds no example of one of its labels)."""


@dataclass
class Parsed:
    """Gold statements with their rules-only Docs and each layer's training rows per statement."""

    statements: list[GoldStatement]
    docs: list[Doc]
    rows: dict[str, list[Rows]]  # layer -> rows of each statement, in statement order


def layer_names(requested: Iterable[str] | None = None, default: str = "enabled") -> tuple[str, ...]:
    """The layers asked for (default: the enabled ones, or with default="all" every registered one),
    checked against the registry, in registry order."""
    from pipeline.trained_layers import ENABLED, LAYERS  # noqa: PLC0415

    fallback = ENABLED if default == "enabled" else tuple(LAYERS)
    names = tuple(fallback if requested is None else requested)
    unknown = [n for n in names if n not in LAYERS]
    if unknown:
        raise TrainingError(f"no trained layer {', '.join(unknown)} (known: {', '.join(LAYERS)})")
    return tuple(n for n in LAYERS if n in names)


def rules_pipeline(model: str | None = None):
    """The extraction pipeline without any trained layer: what the layers learn to revise."""
    from pipeline import build_nlp  # noqa: PLC0415

    return build_nlp(model, trained=())


def parse_gold(statements: list[GoldStatement], layers: tuple[str, ...], model: str | None = None) -> Parsed:
    from pipeline.trained_layers import LAYERS  # noqa: PLC0415

    nlp = rules_pipeline(model)
    docs = []
    for statement in statements:
        doc = nlp.make_doc(statement.text)
        doc._.reference_date = statement.published
        docs.append(doc)
    docs = list(nlp.pipe(docs, batch_size=32))
    rows = {name: [LAYERS[name].examples(doc, gold) for doc, gold in zip(docs, statements)] for name in layers}
    return Parsed(statements, docs, rows)


def fit_layers(parsed: Parsed, layers: tuple[str, ...], indices: Iterable[int]) -> dict[str, object]:
    """Each layer fitted on the rows of the statements at `indices`."""
    from pipeline.trained_layers import LAYERS  # noqa: PLC0415

    chosen = list(indices)
    models = {}
    for name in layers:
        features, labels = [], []
        for i in chosen:
            f, l = parsed.rows[name][i]
            features += f
            labels += l
        try:
            models[name] = LAYERS[name].fit(features, labels)
        except ValueError as problem:
            raise TrainingError(f"layer {name}: {problem}") from None
    return models


def train(gold: list[GoldStatement], out_dir: Path, layers: tuple[str, ...], model: str | None = None) -> dict:
    """Fit every layer on all of `gold` and write pipeline/trained/<layer>.json (or into out_dir)."""
    from pipeline.trained_layers import LAYERS, model_path  # noqa: PLC0415

    parsed = parse_gold(gold, layers, model)
    models = fit_layers(parsed, layers, range(len(gold)))
    written = {}
    for name, fitted in models.items():
        path = model_path(name, out_dir)
        LAYERS[name].save(fitted, path)
        written[name] = {"path": str(path), "bytes": path.stat().st_size, "version": fitted.version,
                         "examples": fitted.meta.get("examples"), "features": fitted.meta.get("features")}
    return {"statements": len(gold), "layers": written}


def format_training(summary: dict) -> str:
    lines = [f"trained on {summary['statements']} statements"]
    for name, info in summary["layers"].items():
        lines.append(f"  {name:<10} {info['examples']:>6} examples {info['features']:>6} features "
                     f"{info['bytes'] / 1024:>7.1f} KB  version {info['version']}  -> {info['path']}")
    return "\n".join(lines)
