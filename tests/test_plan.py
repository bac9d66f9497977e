"""The partition plan of `--engine dask`: planned without reading the texts, read back as the local engine reads.

No cluster here: the tasks' functions (`summarize`, `read_placed`) run in this
process, in the order the client would take their results.
"""
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import bytes_read
from tracker.batch.plan import (FilesPart, GivenPart, Placer, RangePart, Reading, jsonl_ranges, plan_parts,
                                read_placed, summarize)
from tracker.io.inputs import iter_statements

LINES = st.one_of(
    st.builds(lambda n: json.dumps({"id": f"s{n}", "text": f"The council approved item {n}."}), st.integers(0, 5)),
    st.builds(lambda n: json.dumps({"text": f"The board decided on {n}."}), st.integers(0, 99)),
    st.just(json.dumps({"id": "in.jsonl:3", "text": "An explicit id that reads like a line's default."})),
    st.just(json.dumps({"id": "a.txt", "text": "The id of a file of the same folder."})),
    st.just(""),
    st.just("not json"),
    st.just('{"text": "cut off'),
    st.just("[1, 2]"),
    st.just(json.dumps({"id": "no-text"})),
    st.builds(lambda n: json.dumps({"id": "long", "text": "word " * n + "approved."}), st.integers(50, 400)),
)


def through_the_plan(inputs: list[str], size: int, reading: Reading = Reading()) -> list:
    """What the workers read, partition by partition, placed by the client in input order."""
    placer, items = Placer(), []
    for part in plan_parts(inputs, size, reading):
        placement, ids = placer.place(part, summarize(part, reading))
        read = read_placed(part, reading, placement)
        assert [item.id for item in read] == ids
        items += read
    return items


def folder_of(root: Path, lines: list[str], newline: str, last_newline: bool) -> Path:
    folder = root / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("The ECC approved the import of wheat.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00\x01binary")
    (folder / "in.jsonl").write_bytes((newline.join(lines) + (newline if last_newline else "")).encode("utf-8"))
    (folder / "z.html").write_text("<p>The cabinet directed the ministry to report.</p>", encoding="utf-8")
    return folder


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, max_size=40), size=st.integers(1, 9), newline=st.sampled_from(["\n", "\r\n"]),
       last_newline=st.booleans(), max_chars=st.sampled_from([1_000_000, 600]))
def test_the_partitions_read_in_order_are_the_local_engines_inputs(lines, size, newline, last_newline, max_chars):
    with tempfile.TemporaryDirectory() as tmp:
        folder = folder_of(Path(tmp), lines, newline, last_newline)
        reading = Reading(max_chars=max_chars)
        expected = list(iter_statements([str(folder), str(folder / "a.txt")], max_chars=max_chars))
        assert through_the_plan([str(folder), str(folder / "a.txt")], size, reading) == expected


def test_jsonl_ranges_start_and_end_on_line_boundaries_and_cover_the_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"".join(json.dumps({"text": "x" * (n % 7 * 30)}).encode() + b"\n" for n in range(300)))
    data = path.read_bytes()
    ranges = list(jsonl_ranges(path, 10))
    starts = [start for start, _ in ranges]
    ends = [end for _, end in ranges]
    assert starts[0] == 0 and ends[-1] is None and ends[:-1] == starts[1:]
    assert all(data[start - 1:start] == b"\n" for start in starts[1:])
    assert len(ranges) > 20


def test_planning_a_large_jsonl_reads_its_head_and_about_a_line_per_cut_not_the_file(tmp_path):
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(60_000):
            handle.write(json.dumps({"id": f"s{n}", "text": f"The committee allocated Rs {n} crore."}) + "\n")

    before = bytes_read()
    ranges = list(jsonl_ranges(path, 256))
    assert bytes_read() - before < path.stat().st_size / 20
    assert len(ranges) > 200


@pytest.mark.parametrize("content", [b"\x00\x01\x02\n" * 5000, b""])
def test_a_binary_or_empty_jsonl_is_one_range_that_its_reader_judges(tmp_path, content):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(content)
    assert list(jsonl_ranges(path, 4)) == [(0, None)]
    assert through_the_plan([str(path)], 4) == list(iter_statements([str(path)]))


def test_text_files_are_grouped_by_size_and_a_jsonl_starts_its_own_partitions(tmp_path):
    for name in ("a.txt", "b.txt", "c.txt", "d.jsonl", "e.txt"):
        (tmp_path / name).write_text('{"text": "Approved."}\n' if name.endswith(".jsonl") else "Approved.",
                                     encoding="utf-8")
    parts = list(plan_parts([str(tmp_path)], 2))
    assert [type(part) for part in parts] == [FilesPart, FilesPart, RangePart, FilesPart]
    assert [[record_id for _, record_id in part.files] for part in parts if isinstance(part, FilesPart)] == [
        ["a.txt", "b.txt"], ["c.txt"], ["e.txt"]]


def test_standard_input_is_read_by_the_client_as_a_partition_of_its_own(tmp_path):
    import io

    parts = list(plan_parts(["-"], 16, stdin=io.BytesIO(b"The cabinet approved the plan.")))
    assert len(parts) == 1 and isinstance(parts[0], GivenPart)
    assert parts[0].items[0].text == "The cabinet approved the plan."
