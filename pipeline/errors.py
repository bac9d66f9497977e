"""Errors about the pipeline's data files, in one place: each names the file (and the key or line)."""
import json
from pathlib import Path


class DataFileError(ValueError):
    """A pattern or word-list file is missing or malformed."""


def read_json(path: Path, error: type[DataFileError] = DataFileError):
    """The JSON in `path`, or `error` naming the file (and the line and column of a syntax error)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None


def missing_key(path: Path, key: str, error: type[DataFileError] = DataFileError) -> DataFileError:
    return error(f"{path}: key '{key}' is missing")
