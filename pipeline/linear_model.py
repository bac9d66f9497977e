"""A trained linear classifier as plain data: what a trained layer applies at run time.

Training (tracker/measure/training.py, scikit-learn) writes the model as JSON:
the class names, one weight per (feature, class) and one bias per class. Here
it is read back and applied with dictionary look-ups, so run time needs
neither scikit-learn nor numpy, loading is safe (no pickle), and the same file
gives the same scores on any machine.

Features are a dict of name -> value, as a candidate's feature function
returns them: a string value is one-hot (`"lemma=approve"`), a number is its
own weight, True is 1, False/None/0 are absent. `encode` is that convention,
shared with training so the two can never disagree.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

FORMAT = "statement-tracker/linear-model/1"


def encode(features: Mapping[str, Any]) -> dict[str, float]:
    """name -> value to the sparse vector both training and prediction use."""
    encoded: dict[str, float] = {}
    for name, value in features.items():
        if value is None or value is False:
            continue
        if isinstance(value, str):
            encoded[f"{name}={value}"] = 1.0
        elif value:
            encoded[name] = float(value)
    return encoded


class ModelFileError(ValueError):
    """A trained-model file that cannot be used; the message names the file."""


@dataclass(frozen=True)
class LinearModel:
    """Multinomial (or, with two classes, binary) logistic regression over sparse features."""

    classes: tuple[str, ...]
    weights: Mapping[str, tuple[float, ...]]  # feature -> one weight per class (binary: one weight)
    bias: tuple[float, ...]
    meta: Mapping[str, Any]

    def probabilities(self, features: Mapping[str, Any]) -> dict[str, float]:
        """class -> probability for one candidate's features."""
        scores = list(self.bias)
        for name, value in encode(features).items():
            row = self.weights.get(name)
            if row is not None:
                for i, weight in enumerate(row):
                    scores[i] += weight * value
        if len(self.classes) == 2 and len(scores) == 1:
            positive = 1.0 / (1.0 + math.exp(-max(min(scores[0], 50.0), -50.0)))
            return {self.classes[0]: 1.0 - positive, self.classes[1]: positive}
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}

    def to_json(self) -> str:
        """Sorted keys and rounded weights: the same training data gives the same bytes."""
        payload = {
            "format": FORMAT,
            "meta": dict(self.meta),
            "classes": list(self.classes),
            "bias": [round(b, 6) for b in self.bias],
            "weights": {name: [round(w, 6) for w in row] for name, row in sorted(self.weights.items())},
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n"

    @property
    def version(self) -> str:
        return hashlib.sha256(self.to_json().encode("utf-8")).hexdigest()[:12]


def model_from_json(text: str, where: str = "model") -> LinearModel:
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as problem:
        raise ModelFileError(f"{where}: not JSON ({problem.msg})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelFileError(f"{where}: not a {FORMAT} file (retrain with `python cli.py train`)")
    return LinearModel(
        classes=tuple(payload["classes"]),
        weights={name: tuple(row) for name, row in payload["weights"].items()},
        bias=tuple(payload["bias"]),
        meta=payload.get("meta", {}),
    )


def load_model(path: Path) -> LinearModel | None:
    """The model in `path`, or None when there is no such file (the layer then stays off)."""
    if not path.exists():
        return None
    return model_from_json(path.read_text(encoding="utf-8"), str(path))


def save_model(model: LinearModel, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(model.to_json(), encoding="utf-8")


def fit_logistic(features: list[Mapping[str, Any]], labels: list[str], *, c: float = 1.0,
                 min_count: int = 2, meta: Mapping[str, Any] | None = None) -> LinearModel:
    """Logistic regression on the encoded features (training only: imports scikit-learn).

    Features seen fewer than `min_count` times are left out (they cannot generalise and would only
    grow the file). lbfgs on sorted features with a fixed seed: the same examples give the same model."""
    import numpy as np  # noqa: PLC0415
    from scipy.sparse import csr_matrix  # noqa: PLC0415
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415
    from threadpoolctl import threadpool_limits  # noqa: PLC0415  (installed with scikit-learn)

    encoded = [encode(f) for f in features]
    counts: dict[str, int] = {}
    for row in encoded:
        for name in row:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(name for name, n in counts.items() if n >= min_count)
    index = {name: i for i, name in enumerate(names)}
    data, rows, cols = [], [], []
    for r, row in enumerate(encoded):
        for name, value in sorted(row.items()):
            if name in index:
                rows.append(r)
                cols.append(index[name])
                data.append(value)
    matrix = csr_matrix((data, (rows, cols)), shape=(len(encoded), len(names)), dtype=np.float64)
    classes = sorted(set(labels))
    if len(classes) < 2:
        raise ValueError(f"cannot train on one class only ({classes}): the gold gives no contrast")
    model = LogisticRegression(C=c, max_iter=2000, random_state=0)
    with threadpool_limits(limits=1):  # BLAS threads on a shared machine made one fit 30x slower
        model.fit(matrix, labels)
    coef = model.coef_
    weights = {name: tuple(float(w) for w in coef[:, i]) for name, i in index.items() if any(coef[:, i])}
    info = {"examples": len(labels), "features": len(weights), "c": c, **(meta or {})}
    return LinearModel(classes=tuple(str(c_) for c_ in model.classes_), weights=weights,
                       bias=tuple(float(b) for b in model.intercept_), meta=info)


class LinearLayer:
    """What every trained layer of ours shares: one logistic regression, saved as JSON.
    A subclass gives `name`, `c`, `examples` and `apply` (pipeline/trained_layers.py)."""

    name = ""
    c = 0.5

    def fit(self, features: list[Mapping[str, Any]], labels: list[str]) -> LinearModel:
        return fit_logistic(features, labels, c=self.c, meta={"layer": self.name})

    def save(self, model: LinearModel, path: Path) -> None:
        save_model(model, path)

    def load(self, path: Path) -> LinearModel | None:
        return load_model(path)


def gold_matches(doc, ranges: list[tuple[int, int]], gold_items: list) -> list[tuple[int, int]]:
    """(gold index, range index) pairs for token ranges, matched as the scorer matches (training only)."""
    from tracker.measure.evaluate import match_spans  # noqa: PLC0415
    from tracker.measure.gold import Item  # noqa: PLC0415

    items = [Item(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), "") for start, end in ranges]
    return match_spans(gold_items, items)
