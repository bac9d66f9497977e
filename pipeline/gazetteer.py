"""The gazetteer (patterns/gazetteer.jsonl): known bodies and places, read once.

The `gazetteer` EntityRuler before `ner` takes its patterns; `people` and
`entity_names` take its place names. A line that is not a pattern fails at
load, naming the file and the line.
"""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
import json

from pipeline.errors import DataFileError

GAZETTEER_PATH = Path(__file__).parent / "patterns" / "gazetteer.jsonl"
PLACE_LABELS = ("GPE", "LOC")


class GazetteerError(DataFileError):
    """A gazetteer line is not an EntityRuler pattern."""


@dataclass(frozen=True)
class Gazetteer:
    path: Path
    patterns: tuple[dict, ...]

    def place_names(self, labels: tuple[str, ...] = PLACE_LABELS) -> frozenset[str]:
        """The lowercase names written as plain strings under one of `labels`."""
        return frozenset(p["pattern"].lower() for p in self.patterns
                         if p["label"] in labels and isinstance(p["pattern"], str))


def parse_line(path: Path, number: int, line: str) -> dict:
    try:
        pattern = json.loads(line)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"{path}: line {number} is not JSON ({exc.msg})") from None
    if not isinstance(pattern, dict) or "label" not in pattern or "pattern" not in pattern:
        raise GazetteerError(f"{path}: line {number} needs a 'label' and a 'pattern'")
    return pattern


@lru_cache(maxsize=8)
def _load(path: Path) -> Gazetteer:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot be read ({exc.strerror})") from None
    patterns = tuple(parse_line(path, n, line) for n, line in enumerate(lines, start=1) if line.strip())
    return Gazetteer(path, patterns)


def load_gazetteer(path: str | Path | None = None) -> Gazetteer:
    """The gazetteer at `path` (None: the packaged one), read once per path."""
    return _load(Path(path) if path else GAZETTEER_PATH)
