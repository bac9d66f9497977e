"""The partition plan of a Dask run: the client says what each task reads, the task reads it.

The client walks the inputs as the local engine does (tracker.io.inputs) but
reads no text. It cuts them into partitions of about `size` inputs:

- `FilesPart`: up to `size` consecutive .txt/.html files, as paths and ids;
- `RangePart`: a byte range of a .jsonl file that starts and ends on a line
  boundary. The client reads the file's first `SAMPLE_BYTES` to learn its
  line length, then seeks to each estimated cut and reads on only to the next
  newline: never the whole file;
- `GivenPart`: standard input, which only the client can read (one statement).

Each task reads its own partition through fsspec, on its worker. Paths are
the ones the client was given (they are what records show), opened relative
to the client's working folder (`root`): the workers must see the inputs at
the same place, as on one machine or a shared file system.

What an input becomes depends on the inputs before it in two ways: a JSONL
line's number (and so its default id `file.jsonl:N`), and its id among all
earlier ids (a duplicate is renamed `x#2`; `--resume` skips the keys already
written). So a partition goes through two tasks. `summarize` reads it and
sends back a few bytes an input: its key, whether its id is its line number,
and how many lines the range holds. The client `Placer` takes the summaries
in input order and gives each partition its `Placement`: the number of its
first line and the renames `unique_ids` would make, and the ids `--resume`
looks up. The second task reads the partition again with that placement
(`read_placed`) and extracts it: reading is milliseconds a statement,
extraction tens of them.
"""
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from models.statement import Statement, text_sha256
from tracker.io.inputs import (BINARY_SNIFF_BYTES, JSONL_SUFFIXES, InputFailure, Item, Reading,
                               UniqueIds, binary_reason, input_files, jsonl_entries, line_id, local_files, read_stdin, rename,
                               statement_from_file)

SAMPLE_BYTES = 1 << 16  # the head of a JSONL file read to learn its line length
SEEK_BLOCK = 1 << 16  # the most read at once when looking for the next newline


@dataclass(frozen=True)
class FilesPart:
    root: str
    files: tuple[tuple[Path, str], ...]  # (path as given, its statement's id)


@dataclass(frozen=True)
class RangePart:
    root: str
    path: Path
    start: int
    end: int | None  # None: to the end of the file


@dataclass(frozen=True)
class GivenPart:
    items: tuple[Item, ...]


Part = FilesPart | RangePart | GivenPart


@dataclass(frozen=True)
class Entry:
    """One input of a summarized partition."""

    id: str | None  # None when the id is the line's default, `line_id(path, line)`
    line: int | None  # that line's number counted from the range's first line (1), when the id is the line's
    sha: str | None  # text_sha256 of a statement; None for an input that failed
    error: str | None = None

    def what(self) -> str:
        """The input's content as the manifest of part files hashes it."""
        return self.sha if self.sha is not None else f"failed: {self.error}"


@dataclass(frozen=True)
class PartSummary:
    entries: tuple[Entry, ...]
    lines: int = 0  # newlines in a JSONL range that has a range after it: how far the next one's numbering moves


@dataclass(frozen=True)
class Placement:
    """What the client learned from every earlier partition, for the task that extracts this one."""

    first_line: int = 1
    renames: dict[int, str] = field(default_factory=dict)  # position in the partition -> unique id


# ---------------------------------------------------------------- planning (on the client)

def plan_parts(inputs: list[str], size: int, reading: Reading = Reading(), stdin: BinaryIO | None = None,
               skip: Iterable[Path] = ()) -> Iterator[Part]:
    """The partitions of `inputs`, in input order; only standard input is read here."""
    root = os.getcwd()
    skip_paths = frozenset(Path(p).resolve() for p in skip)
    files: list[tuple[Path, str]] = []
    for path, record_id in input_files(list(inputs), skip_paths):
        if path is not None and path.suffix.lower() not in JSONL_SUFFIXES:
            files.append((path, record_id))
            if len(files) == size:
                yield FilesPart(root, tuple(files))
                files = []
            continue
        if files:
            yield FilesPart(root, tuple(files))
            files = []
        if path is None:
            yield GivenPart((read_stdin(stdin, reading.published, reading.max_chars),))
        else:
            for start, end in jsonl_ranges(path, size):
                yield RangePart(root, path, start, end)
    if files:
        yield FilesPart(root, tuple(files))


def jsonl_ranges(path: Path, size: int) -> Iterator[tuple[int, int | None]]:
    """Byte ranges of about `size` lines each, cut after a newline; the last runs to the end of the file.

    Reads the head of the file, then at each cut about one line: a cut falls inside a line, and the
    rest of that line is all that is read to find where the next line starts."""
    try:
        total = path.stat().st_size
        handle = path.open("rb", buffering=0)  # unbuffered: a read of n bytes reads n bytes, not a buffer's worth
    except OSError:  # the worker reads it and says why it cannot
        yield 0, None
        return
    with handle:
        head = handle.read(SAMPLE_BYTES)
        if binary_reason(head[:BINARY_SNIFF_BYTES]):  # one failure for the whole file, from one range
            yield 0, None
            return
        line_length = max(1, len(head) // max(1, head.count(b"\n")))
        step = line_length * size
        start = 0
        while True:
            end = line_start_after(handle, start + step, total, first_read=line_length)
            if end >= total:
                yield start, None
                return
            yield start, end
            start = end


def line_start_after(handle: BinaryIO, offset: int, total: int, first_read: int = SEEK_BLOCK) -> int:
    """The first line boundary at or after `offset`, reading from there to the next newline: first
    `first_read` bytes, then twice as many each time (at most SEEK_BLOCK) until a newline comes."""
    if offset >= total:
        return total
    position = offset - 1  # a newline just before `offset` makes `offset` itself a boundary
    handle.seek(position)
    length = min(SEEK_BLOCK, first_read + 1)
    while block := handle.read(length):
        found = block.find(b"\n")
        if found >= 0:
            return position + found + 1
        position += len(block)
        length = min(SEEK_BLOCK, 2 * length)
    return total


# ---------------------------------------------------------------- reading (on a worker)

class RootedFiles:
    """The local file system (fsspec) with relative paths taken from the client's working folder."""

    def __init__(self, root: str):
        self.root, self.fs = root, local_files()

    def open(self, path, mode: str = "rb"):
        return self.fs.open(os.path.join(self.root, path), mode)

    def size(self, path) -> int:
        return self.fs.size(os.path.join(self.root, path))


def read_part(part: Part, reading: Reading, first_line: int = 1) -> Iterator[tuple[Item, bool]]:
    """(input, whether its id is its line's number) for each input of the partition, in order."""
    if isinstance(part, GivenPart):
        for item in part.items:
            yield item, False
    elif isinstance(part, FilesPart):
        fs = RootedFiles(part.root)
        for path, record_id in part.files:
            yield statement_from_file(path, record_id, reading.published, reading.max_chars, fs), False
    else:
        yield from jsonl_entries(part.path, reading.published, reading.max_chars, start=part.start, end=part.end,
                                 first_line=first_line, fs=RootedFiles(part.root))


def summarize(part: Part, reading: Reading) -> PartSummary:
    """The first task of a partition: what the client needs to place it (see the module docstring)."""
    entries = []
    for item, by_line in read_part(part, reading):
        sha = text_sha256(item.text) if isinstance(item, Statement) else None
        error = item.error if isinstance(item, InputFailure) else None
        entries.append(Entry(None if by_line else item.id, item.source.line if by_line else None, sha, error))
    return PartSummary(tuple(entries), range_lines(part))


def range_lines(part: Part) -> int:
    if not isinstance(part, RangePart) or part.end is None:
        return 0
    lines, left = 0, part.end - part.start
    with RootedFiles(part.root).open(part.path) as handle:
        handle.seek(part.start)
        while left > 0 and (block := handle.read(min(SEEK_BLOCK, left))):
            lines += block.count(b"\n")
            left -= len(block)
    return lines


def read_placed(part: Part, reading: Reading, placement: Placement) -> list[Item]:
    """The partition's inputs as the local engine reads them: numbered from its first line, ids made unique."""
    items = [item for item, _ in read_part(part, reading, placement.first_line)]
    for position, new_id in placement.renames.items():
        rename(items[position], new_id)
    return items


# ---------------------------------------------------------------- placing (on the client, in input order)

class Placer:
    """Line numbers and ids across partitions, as the local engine's one pass over the inputs has them."""

    def __init__(self):
        self.ids = UniqueIds()
        self.next_line = 1

    def place(self, part: Part, summary: PartSummary) -> tuple[Placement, list[str | None]]:
        """The partition's placement, and the final id of each of its inputs."""
        first_line = 1
        if isinstance(part, RangePart):
            first_line = 1 if part.start == 0 else self.next_line
            self.next_line = first_line + summary.lines
        renames, ids = {}, []
        for position, entry in enumerate(summary.entries):
            given = entry.id if entry.line is None else line_id(part.path, first_line - 1 + entry.line)
            new_id = self.ids.new_id(given)
            if new_id:
                renames[position] = new_id
            ids.append(new_id or given)
        return Placement(first_line, renames), ids
