"""Turn command-line inputs (.txt files, folders, .jsonl files, '-') into Statements, streaming."""
import json
import sys
from datetime import date
from pathlib import Path
from typing import Iterator

from models import Source
from pipeline.extract import Statement


class InputError(ValueError):
    """An input that cannot be read at all (a usage problem, not one bad statement)."""


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form") from None


def statements_from_txt(path: Path, record_id: str, published: date | None) -> Iterator[Statement]:
    text = path.read_text(encoding="utf-8")
    yield Statement(text=text, id=record_id, published=published, source=Source(path=str(path)))


def statements_from_jsonl(path: Path, published: date | None) -> Iterator[Statement]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            item = json.loads(line)
            line_date = parse_date(item["published"]) if item.get("published") else published
            yield Statement(
                text=item["text"],
                id=str(item.get("id") or f"{path.name}:{number}"),
                published=line_date,
                source=Source(path=str(path), url=item.get("url"), title=item.get("title"), line=number),
            )


def iter_statements(inputs: list[str], published: date | None = None) -> Iterator[Statement]:
    for given in inputs:
        if given == "-":
            yield Statement(text=sys.stdin.read(), id="stdin", published=published)
            continue
        path = Path(given)
        if path.is_dir():
            for file in sorted(path.rglob("*.txt")):
                yield from statements_from_txt(file, file.relative_to(path).as_posix(), published)
        elif path.suffix == ".jsonl":
            yield from statements_from_jsonl(path, published)
        elif path.is_file():
            yield from statements_from_txt(path, path.name, published)
        else:
            raise InputError(f"{given}: no such file or directory")
