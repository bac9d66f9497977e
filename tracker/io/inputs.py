"""Turn command-line inputs (.txt/.html files, folders, .jsonl files, '-') into Statements, streaming.

A bad input never stops the stream: it becomes an `InputFailure` in its place,
so the batch can write one error record for it and go on. Only a path that
does not exist at all is a usage problem (`InputError`), checked up front by
`check_paths` before any work starts.

Texts are read one at a time and never more than `max_chars` of them: a file
is refused on its size before it is read, and a JSONL line is read with a
length limit, so one 200 MB file of garbage costs neither memory nor time.

Files are opened through fsspec (`fs`, the local file system unless a caller
gives another), and a JSONL file can be read by byte range (`start`, `end` on
line boundaries, `first_line` the number of the range's first line): that is
how a Dask worker reads its own partition (tracker.batch.plan).
"""
import json
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from models import Source
from models import messages
from models.statement import (
    CONTROL_CHAR_RATIO,
    DEFAULT_MAX_CHARS,
    Refused,
    Statement,
    control_ratio,
    statement_from_text,
)

# UTF-8 spends at most four bytes on a character: a file longer than this cannot be under the limit.
MAX_BYTES_PER_CHAR = 4
BINARY_SNIFF_BYTES = 8192
READ_CHUNK = 1 << 20

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl",)
FOLDER_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class Reading:
    """How every input is read, the same on the client and on each worker."""

    published: date | None = None
    max_chars: int = DEFAULT_MAX_CHARS


class InputError(ValueError):
    """An input that cannot be read at all (a usage problem, not one bad statement)."""


@dataclass
class InputFailure:
    """One input that yields no statement, and why, in plain words."""

    error: str
    id: str | None = None
    source: Source = field(default_factory=Source)

    @property
    def where(self) -> str:
        """The input as a person finds it: `file`, or `file:line` for a JSONL line."""
        if self.source.path is None:
            return self.id or "stdin"
        return f"{self.source.path}:{self.source.line}" if self.source.line else self.source.path


def local_files():
    """The local file system, as fsspec sees it (one shared instance)."""
    from fsspec.implementations.local import LocalFileSystem

    return LocalFileSystem()


def shown(path: Path | str) -> str:
    """A path as valid UTF-8: undecodable bytes of a file name become U+FFFD, so records can be written."""
    return os.fsencode(path).decode("utf-8", "replace")


def encodable(value) -> bool:
    """False when a JSON value holds unpaired surrogates (\\ud800 escapes), which no UTF-8 output can carry."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_kind(value) -> str:
    """A JSON value's kind in plain words: "a number", "an object", "null"."""
    kinds = ((bool, "true/false"), (int, "a number"), (float, "a number"), (str, "a string"), (list, "a list"),
             (dict, "an object"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "null")


Item = Statement | InputFailure


# ---------------------------------------------------------------- bytes -> text

def binary_reason(sample: bytes) -> str | None:
    """Why these bytes are not text, or None: NUL bytes, or mostly control characters."""
    if sample.startswith(UTF16_BOMS):
        return None
    if b"\x00" in sample:
        return "binary file (contains NUL bytes), skipped"
    if sample and control_ratio(sample.decode("latin-1")) > CONTROL_CHAR_RATIO:
        return "binary file (mostly control characters), skipped"
    return None


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings): UTF-8 when it is UTF-8, else Windows-1252, else Latin-1."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError:
            pass
    if data.startswith(UTF8_BOM):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig", []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        where = error.start
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, encoding, [
            f"input is not valid UTF-8 (byte {where}); decoded as {encoding}: offsets index the decoded text"
        ]
    raise AssertionError("latin-1 decodes any bytes")


# ---------------------------------------------------------------- one text -> Statement

def statement_from_bytes(data: bytes, record_id: str, published: date | None, source: Source,
                         is_html: bool, max_chars: int) -> Item:
    reason = binary_reason(data[:BINARY_SNIFF_BYTES])
    if reason:
        return InputFailure(reason, record_id, source)
    raw, encoding, warnings = decode_bytes(data)
    try:
        return statement_from_text(raw, record_id, published, source=source.model_copy(update={"encoding": encoding}),
                                   is_html=is_html, max_chars=max_chars, warnings=warnings)
    except Refused as refused:
        return InputFailure(str(refused), record_id, source)


def too_big(size: int, max_chars: int) -> str | None:
    if size > max_chars * MAX_BYTES_PER_CHAR:
        return f"file is {size:,} bytes, over the limit of {max_chars:,} characters (--max-chars); not read"
    return None


def statement_from_file(path: Path, record_id: str, published: date | None, max_chars: int, fs=None) -> Item:
    source = Source(path=shown(path))
    fs = fs or local_files()
    try:
        reason = too_big(fs.size(str(path)), max_chars)
        if reason:
            return InputFailure(reason, record_id, source)
        with fs.open(str(path), "rb") as handle:
            data = handle.read()
    except OSError as error:
        return InputFailure(f"cannot read file: {error.strerror or error}", record_id, source)
    is_html = path.suffix.lower() in HTML_SUFFIXES
    return statement_from_bytes(data, record_id, published, source, is_html, max_chars)


def statement_from_stdin(stream: BinaryIO, published: date | None, max_chars: int) -> Item:
    limit = max_chars * MAX_BYTES_PER_CHAR
    data = stream.read(limit + 1)
    if len(data) > limit:
        drain(stream)
        return InputFailure(f"standard input is over {limit:,} bytes, over the limit of {max_chars:,} characters "
                            "(--max-chars); not run", "stdin")
    return statement_from_bytes(data, "stdin", published, Source(), False, max_chars)


def drain(stream: BinaryIO) -> None:
    while stream.read(READ_CHUNK):
        pass


# ---------------------------------------------------------------- JSONL

def parse_date(value) -> date:
    """A `published` value: YYYY-MM-DD, or an ISO date-time whose day is taken."""
    if isinstance(value, str):
        for parse in (date.fromisoformat, lambda v: datetime.fromisoformat(v).date()):
            try:
                return parse(value)
            except ValueError:
                continue
    raise ValueError(messages.PUBLISHED_NOT_A_DATE.format(value=value))


def read_lines(handle: BinaryIO, limit: int, end: int | None = None, first_line: int = 1
               ) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) for each line up to byte `end`; bytes is None for a line over `limit`, skipped unread.

    `end` is a line boundary (tracker.batch.plan finds them), so no line crosses it."""
    number = first_line - 1
    while end is None or handle.tell() < end:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(READ_CHUNK)
            yield number, None
            continue
        yield number, line


def line_id(path: Path | str, number: int) -> str:
    """The id of a JSONL line that gives none: `file.jsonl:7`."""
    return f"{shown(Path(path).name)}:{number}"


def given_id(item) -> str | None:
    """The id a parsed JSONL line gives itself, if any (an unencodable line takes `line_id` all the same)."""
    if not isinstance(item, dict) or item.get("id") in (None, ""):
        return None
    return str(item["id"])


def statement_from_item(item, number: int, path: Path, published: date | None, max_chars: int,
                        warnings: list[str], encoding: str) -> Item:
    source = Source(path=shown(path), line=number, encoding=encoding)
    if not encodable(item):
        return InputFailure(messages.LINE_INVALID_UNICODE, line_id(path, number), source)
    if not isinstance(item, dict):
        return InputFailure(messages.LINE_NOT_AN_OBJECT.format(kind=json_kind(item)), line_id(path, number), source)
    record_id = given_id(item) or line_id(path, number)
    try:
        for key in ("url", "title"):
            if item.get(key) is not None and not isinstance(item[key], str):
                raise Refused(messages.FIELD_NOT_A_STRING.format(key=key, kind=json_kind(item[key])))
        source = source.model_copy(update={"url": item.get("url"), "title": item.get("title")})
        if "text" not in item:
            raise Refused(messages.LINE_WITHOUT_TEXT)
        if not isinstance(item["text"], str):
            raise Refused(messages.FIELD_NOT_A_STRING.format(key="text", kind=json_kind(item["text"])))
        line_date = parse_date(item["published"]) if item.get("published") is not None else published
        return statement_from_text(item["text"], record_id, line_date, source=source, max_chars=max_chars,
                                   warnings=warnings)
    except (Refused, ValueError) as refused:
        return InputFailure(str(refused), record_id, source)


def line_entry(line: bytes, number: int, path: Path, published: date | None, max_chars: int
               ) -> tuple[Item, bool]:
    """The line's Statement (or failure), and whether its id is the line's number (`line_id`)."""
    raw, encoding, warnings = decode_bytes(line)
    try:
        item = json.loads(raw)
    except ValueError as error:
        reason = str(error)
        if isinstance(error, json.JSONDecodeError):
            reason = f"{error.msg.removesuffix(' at')} at column {error.colno}"
            if error.pos >= len(raw.rstrip("\r\n")):
                reason = "it ends in the middle of a value: cut off?"
        return InputFailure(f"line is not valid JSON ({reason})", line_id(path, number),
                            Source(path=shown(path), line=number)), True
    entry = statement_from_item(item, number, path, published, max_chars, warnings, encoding)
    return entry, entry.id != given_id(item)


def jsonl_entries(path: Path, published: date | None, max_chars: int = DEFAULT_MAX_CHARS, *, start: int = 0,
                  end: int | None = None, first_line: int = 1, fs=None) -> Iterator[tuple[Item, bool]]:
    """(item, id is the line number) for each line from byte `start` to `end`; the first line is `first_line`.

    A file that cannot be read or is binary is one failure, given by the range that starts the file."""
    fs = fs or local_files()
    try:
        handle = fs.open(str(path), "rb")
    except OSError as error:
        if start == 0:
            yield InputFailure(f"cannot read file: {error.strerror or error}", shown(path.name),
                               Source(path=shown(path))), False
        return
    with handle:
        reason = binary_reason(handle.read(BINARY_SNIFF_BYTES))
        if reason:
            if start == 0:
                yield InputFailure(reason, shown(path.name), Source(path=shown(path))), False
            return
        handle.seek(start)
        # A JSON string escapes its characters in up to 12 bytes each (a surrogate pair as two \uXXXX).
        limit = max_chars * 12
        for number, line in read_lines(handle, limit, end, first_line):
            if line is None:
                yield InputFailure(f"line is over {limit:,} bytes, over the limit of {max_chars:,} characters "
                                   "(--max-chars); not read", line_id(path, number),
                                   Source(path=shown(path), line=number)), True
            elif line.strip():
                yield line_entry(line, number, path, published, max_chars)


def statements_from_jsonl(path: Path, published: date | None, max_chars: int = DEFAULT_MAX_CHARS, **where
                          ) -> Iterator[Item]:
    """The statements of a JSONL file (or of a byte range of it: see `jsonl_entries`)."""
    for item, _ in jsonl_entries(path, published, max_chars, **where):
        yield item


# ---------------------------------------------------------------- paths

def check_paths(inputs: Iterable[str]) -> None:
    """Raise InputError for a path that does not exist: a usage error, before any work."""
    for given in inputs:
        if given != "-" and not Path(given).exists():
            raise InputError(messages.NO_SUCH_PATH.format(given=given))


def folder_files(folder: Path, skip: frozenset[Path] = frozenset()) -> list[Path]:
    """Input files below a folder, sorted; the run's own output files are never inputs."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in FOLDER_SUFFIXES and p.is_file()
                  and p.resolve() not in skip)


def statements_from_path(path: Path, record_id: str, published: date | None, max_chars: int) -> Iterator[Item]:
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from statements_from_jsonl(path, published, max_chars)
    else:
        yield statement_from_file(path, record_id, published, max_chars)


def input_files(inputs: list[str], skip: frozenset[Path]) -> Iterator[tuple[Path | None, str]]:
    """(file, the id its statement gets) for each input file in input order; (None, "stdin") for '-'.

    A file's id is its path below the folder it was found in, or its name when given itself."""
    for given in inputs:
        if given == "-":
            yield None, "stdin"
            continue
        path = Path(given)
        if path.is_dir():
            for file in folder_files(path, skip):
                yield file, shown(file.relative_to(path).as_posix())
        elif path.exists():
            yield path, shown(path.name)
        else:
            raise InputError(messages.NO_SUCH_PATH.format(given=given))


def read_stdin(stdin: BinaryIO | None, published: date | None, max_chars: int) -> Item:
    if stdin is None:
        raise InputError(messages.NO_STDIN)
    return statement_from_stdin(stdin, published, max_chars)


def raw_statements(inputs: list[str], published: date | None, max_chars: int, stdin: BinaryIO | None,
                   skip: frozenset[Path]) -> Iterator[Item]:
    for path, record_id in input_files(inputs, skip):
        if path is None:
            yield read_stdin(stdin, published, max_chars)
        else:
            yield from statements_from_path(path, record_id, published, max_chars)


class UniqueIds:
    """The ids seen so far, in input order; `new_id` names the rename an id already taken needs."""

    def __init__(self):
        self.seen: set[str] = set()

    def new_id(self, given: str | None) -> str | None:
        """None when `given` is free (or None), else "given#N", the first N from 2 not taken; either is now taken."""
        if given is None:
            return None
        renamed = None
        if given in self.seen:
            number = 2
            while f"{given}#{number}" in self.seen:
                number += 1
            renamed = f"{given}#{number}"
        self.seen.add(renamed or given)
        return renamed


def rename(item: Item, new_id: str) -> Item:
    """Give an input the id `UniqueIds.new_id` chose for it, with the warning that says so."""
    given, item.id = item.id, new_id
    if isinstance(item, Statement):
        item.warnings.append(messages.DUPLICATE_ID.format(given=given, renamed=new_id))
    return item


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """Make ids unique in input order ("x", "x#2", "x#3"), with a warning; both inputs are kept.

    Deterministic, so a resumed run gives every input the id the interrupted run gave it.
    """
    ids = UniqueIds()
    for item in items:
        new_id = ids.new_id(item.id)
        yield rename(item, new_id) if new_id else item


def iter_statements(inputs: list[str], published: date | None = None, *, max_chars: int = DEFAULT_MAX_CHARS,
                    stdin: BinaryIO | None = None, skip: Iterable[Path] = ()) -> Iterator[Item]:
    """Statements (and InputFailures in their place) in input order, one text in memory at a time."""
    skip_paths = frozenset(Path(p).resolve() for p in skip)
    yield from unique_ids(raw_statements(list(inputs), published, max_chars, stdin, skip_paths))


def count_inputs(inputs: list[str], skip: Iterable[Path] = ()) -> int:
    """How many statements the inputs hold, at most (JSONL lines counted, not parsed), for progress."""
    skip_paths = frozenset(Path(p).resolve() for p in skip)
    total = 0
    for given in inputs:
        path = Path(given)
        files = folder_files(path, skip_paths) if path.is_dir() else [path]
        total += sum(count_lines(f) if f.suffix.lower() in JSONL_SUFFIXES else 1 for f in files)
    return total


def count_lines(path: Path) -> int:
    lines, last = 0, b"\n"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(READ_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1
    return lines + (last != b"\n")
