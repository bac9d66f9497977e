"""Trained layers: models learned from the gold that revise what the rules left on the Doc.

A layer is an object with
  name                     its key in LAYERS and the stem of its model file
  examples(doc, gold)   -> (features: list[dict], labels: list[str])   training rows of one statement
  fit(features, labels) -> model
  save(model, path) / load(path) -> model | None (no file: the layer is off)
  apply(doc, model)        what the spaCy component does with a loaded model

`examples` sees the Doc as the rules left it (cross-validation computes every
statement's examples once, before any layer is applied); `apply` must be
repeatable on the same Doc (keep the rules' output as plain data the first time,
as pipeline/decision_candidates.py does), because cross-validation applies the
model of each fold to Docs parsed once.

LAYERS is the registry, in the order the layers are applied. `python cli.py
train` fits each from the gold into pipeline/trained/<name>.json;
`evaluate --cv group` fits them per fold. A layer is switched on in the
pipeline only when it is in ENABLED and its file exists. Another layer (for
entities, say) is one module with such an object and one line in LAYERS.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.actor_ranker import ActorLayer
from pipeline.decider import DecisionLayer
from pipeline.entity_filter import EntityLayer
from pipeline.target_decider import TargetLayer

TRAINED_DIR = Path(__file__).parent / "trained"


class TrainedLayer(Protocol):
    name: str

    def examples(self, doc: Doc, gold: Any) -> tuple[list[dict], list[str]]: ...

    def fit(self, features: list[dict], labels: list[str]) -> Any: ...

    def save(self, model: Any, path: Path) -> None: ...

    def load(self, path: Path) -> Any | None: ...

    def apply(self, doc: Doc, model: Any) -> None: ...


LAYERS: dict[str, TrainedLayer] = {
    layer.name: layer for layer in (DecisionLayer(), ActorLayer(), TargetLayer(), EntityLayer())
}
# Layers the pipeline runs: only those that beat the rules on `evaluate --cv group`
# (README.md "Trained layers" has the figures).
ENABLED: tuple[str, ...] = ("decisions", "actors", "entities")


def model_path(name: str, folder: Path = TRAINED_DIR) -> Path:
    return folder / f"{name}.json"


def component_name(name: str) -> str:
    return f"trained_{name}"


class TrainedLayerComponent:
    """Applies one layer's committed model; without a model file it leaves the Doc as the rules made it."""

    def __init__(self, nlp: Language, name: str, layer: str, model_dir: str):
        if layer not in LAYERS:
            raise ValueError(f"no trained layer {layer!r} (known: {', '.join(LAYERS)})")
        self.name = name
        self.layer = LAYERS[layer]
        self.model = self.layer.load(model_path(layer, Path(model_dir) if model_dir else TRAINED_DIR))

    def __call__(self, doc: Doc) -> Doc:
        if self.model is not None:
            self.layer.apply(doc, self.model)
        return doc


@Language.factory("trained_layer", assigns=["doc.spans"], default_config={"layer": "", "model_dir": ""})
def make_trained_layer(nlp: Language, name: str, layer: str, model_dir: str):
    return TrainedLayerComponent(nlp, name, layer, model_dir)


def add_trained_layers(nlp: Language, names: tuple[str, ...] = ENABLED) -> Language:
    for name in names:
        nlp.add_pipe("trained_layer", name=component_name(name), config={"layer": name})
    return nlp


def model_versions(nlp: Language) -> dict[str, str]:
    """layer -> version (a hash of its model file) of the layers this pipeline applies."""
    versions = {}
    for pipe_name, component in nlp.pipeline:
        if isinstance(component, TrainedLayerComponent) and component.model is not None:
            versions[component.layer.name] = component.model.version
    return versions
