"""Reading inputs: every bad input becomes an InputFailure with a plain reason, never an exception."""
import json
from datetime import date
from pathlib import Path

import pytest

from conftest import bytes_read
from models.statement import Statement
from models.statement import Refused, checked_text, looks_like_html, visible_text
from tracker.io.inputs import (
    InputError,
    InputFailure,
    binary_reason,
    check_paths,
    count_inputs,
    decode_bytes,
    iter_statements,
    statement_from_file,
    statements_from_jsonl,
    unique_ids,
)


def write_jsonl(folder: Path, lines: list[str], name: str = "in.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


# ---------------------------------------------------------------- encodings

def test_utf8_bytes_decode_as_utf8_without_warning():
    assert decode_bytes("Café “quoted”".encode("utf-8")) == ("Café “quoted”", "utf-8", [])


def test_windows_1252_bytes_decode_as_cp1252_with_a_warning():
    text, encoding, warnings = decode_bytes(b"The caf\xe9 \x93project\x94")
    assert (text, encoding) == ("The caf\u00e9 \u201cproject\u201d", "cp1252")
    assert warnings and "not valid UTF-8" in warnings[0]


def test_bytes_undefined_in_windows_1252_fall_back_to_latin1():
    text, encoding, _ = decode_bytes(b"a\x81b\xe9")
    assert (text, encoding) == ("a\x81b\u00e9", "latin-1")


def test_utf8_byte_order_mark_is_not_part_of_the_text():
    assert decode_bytes(b"\xef\xbb\xbfHello")[:2] == ("Hello", "utf-8-sig")


def test_non_utf8_file_records_its_encoding_and_offsets_index_the_decoded_text(tmp_path):
    path = tmp_path / "release.txt"
    path.write_bytes(b"The caf\xe9 opened.")
    statement = statement_from_file(path, "release.txt", None, 1000)
    assert statement.text == "The caf\u00e9 opened."
    assert statement.source.encoding == "cp1252"
    assert any("cp1252" in w for w in statement.warnings)


# ---------------------------------------------------------------- binary

@pytest.mark.parametrize("data, expected", [
    (b"PK\x03\x04\x00\x00binary zip", "NUL bytes"),
    (bytes(range(1, 32)) * 10, "control characters"),
])
def test_binary_bytes_are_recognised(data, expected):
    assert expected in binary_reason(data)


@pytest.mark.parametrize("data", [b"The committee met.\r\n\tAgenda:\f next", b"", "Urdu: \u0627\u0633\u0644\u0627\u0645".encode()])
def test_text_bytes_are_not_binary(data):
    assert binary_reason(data) is None


def test_binary_file_is_skipped_with_a_reason(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    failure = statement_from_file(path, "image.txt", None, 1000)
    assert isinstance(failure, InputFailure)
    assert "binary" in failure.error


def test_text_of_mostly_control_characters_is_refused_as_binary():
    with pytest.raises(Refused, match="looks binary"):
        checked_text("\x01\x02\x03\x04 ab", False, 1000)


def test_a_stray_control_character_in_a_real_text_is_kept():
    assert checked_text("The cabinet\x00 met on Monday.", False, 1000)[0] == "The cabinet\x00 met on Monday."


# ---------------------------------------------------------------- HTML

def test_visible_text_skips_script_and_style_and_unescapes_entities():
    html = "<html><head><style>p{}</style><script>var decided=1;</script></head><body><p>Rs 5 &amp; more</p></body></html>"
    assert visible_text(html) == "Rs 5 & more"


def test_block_elements_become_separate_lines():
    assert visible_text("<h1>Cabinet</h1><p>It was <b>decided</b> to act.</p><div>Next</div>") == \
        "Cabinet\nIt was decided to act.\nNext"


@pytest.mark.parametrize("text, expected", [
    ("<!DOCTYPE html><html><body>x</body></html>", True),
    ("<p>The committee met.</p><p>It decided.</p>", True),
    ("Inflation < 10 percent and growth > 3 percent.", False),
    ("The committee met.", False),
])
def test_html_is_recognised_in_text(text, expected):
    assert looks_like_html(text) is expected


def test_html_text_is_extracted_from_its_visible_text_with_a_warning():
    text, warnings = checked_text("<p>The ECC approved the plan.</p><p>Done.</p>", False, 1000)
    assert text == "The ECC approved the plan.\nDone."
    assert any("HTML" in w for w in warnings)


def test_html_file_is_marked_as_html_in_its_source(tmp_path):
    path = tmp_path / "release.htm"
    path.write_text("<title>T</title><body>The cabinet met.</body>", encoding="utf-8")
    statement = statement_from_file(path, "release.htm", None, 1000)
    assert statement.source.format == "html"
    assert statement.text == "The cabinet met."


# ---------------------------------------------------------------- empty, too long

@pytest.mark.parametrize("text", ["", "   ", "\n\t \r\n"])
def test_empty_or_whitespace_text_is_refused(text):
    with pytest.raises(Refused, match="nothing to extract"):
        checked_text(text, False, 1000)


def test_html_without_visible_text_is_refused():
    with pytest.raises(Refused, match="no visible text"):
        checked_text("<html><script>x()</script></html>", True, 1000)


def test_text_over_the_character_limit_is_refused():
    with pytest.raises(Refused, match="over the limit of 10"):
        checked_text("x" * 11, False, 10)


def test_file_over_the_limit_is_refused_on_its_size_without_being_read(tmp_path):
    path = tmp_path / "garbage.txt"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    before = bytes_read()
    failure = statement_from_file(path, "garbage.txt", None, 1_000_000)
    assert bytes_read() - before < 1024 * 1024
    assert isinstance(failure, InputFailure)
    assert "209,715,200 bytes" in failure.error


def test_overlong_jsonl_line_is_refused_and_the_next_line_still_read(tmp_path):
    path = write_jsonl(tmp_path, [json.dumps({"text": "y" * 5000}), json.dumps({"id": "ok", "text": "Fine."})])
    first, second = statements_from_jsonl(path, None, max_chars=100)
    assert isinstance(first, InputFailure) and "over" in first.error and first.source.line == 1
    assert isinstance(second, Statement) and second.id == "ok" and second.source.line == 2


# ---------------------------------------------------------------- JSONL lines

@pytest.mark.parametrize("line, reason", [
    ('{"text": "unterminated', "not valid JSON (it ends in the middle of a value: cut off?)"),
    ('{"text" "no colon"}', "not valid JSON (Expecting ':' delimiter at column 9)"),
    ('["a", "list"]', "is a list, not an object"),
    ('{"id": "x"}', "no `text` field"),
    ('{"id": "x", "text": 12}', "`text` is a number, not a string"),
    ('{"id": "x", "text": null}', "`text` is null, not a string"),
    ('{"id": "x", "text": "Met.", "published": "last Tuesday"}', "not a date"),
    ('{"id": "x", "text": "Met.", "published": 20240101}', "not a date"),
    ('{"id": "x", "text": "Met.", "url": 5}', "`url` is a number"),
    ('{"id": "x", "text": "Bad \\ud800 surrogate"}', "surrogate"),
])
def test_bad_jsonl_line_becomes_a_failure_naming_file_and_line(tmp_path, line, reason):
    path = write_jsonl(tmp_path, ['{"text": "A good line."}', line])
    good, bad = statements_from_jsonl(path, None)
    assert isinstance(good, Statement)
    assert isinstance(bad, InputFailure)
    assert reason in bad.error
    assert bad.where == f"{path}:2"


def test_blank_jsonl_lines_are_skipped_and_line_numbers_kept(tmp_path):
    path = write_jsonl(tmp_path, ['{"text": "One."}', "", '{"text": "Two."}'])
    assert [s.source.line for s in statements_from_jsonl(path, None)] == [1, 3]


def test_jsonl_id_defaults_to_file_and_line(tmp_path):
    path = write_jsonl(tmp_path, ['{"text": "One."}'])
    assert only(statements_from_jsonl(path, None)).id == "in.jsonl:1"


def test_jsonl_published_wins_over_the_command_line_date(tmp_path):
    path = write_jsonl(tmp_path, ['{"text": "One.", "published": "2024-03-05"}', '{"text": "Two."}'])
    first, second = statements_from_jsonl(path, date(2020, 1, 1))
    assert (first.published, second.published) == (date(2024, 3, 5), date(2020, 1, 1))


def test_jsonl_published_as_date_time_takes_its_day(tmp_path):
    path = write_jsonl(tmp_path, ['{"text": "One.", "published": "2024-03-05T10:30:00"}'])
    assert only(statements_from_jsonl(path, None)).published == date(2024, 3, 5)


def test_binary_jsonl_file_is_one_failure_not_one_per_line(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\x00\x01\x02\n" * 100)
    failure = only(statements_from_jsonl(path, None))
    assert isinstance(failure, InputFailure) and "binary" in failure.error


# ---------------------------------------------------------------- duplicate ids

def test_duplicate_ids_are_made_unique_in_input_order_with_a_warning():
    statements = [Statement(text=t, id="x") for t in ("a", "b", "c")]
    renamed = list(unique_ids(statements))
    assert [s.id for s in renamed] == ["x", "x#2", "x#3"]
    assert renamed[0].warnings == []
    assert "duplicate id 'x'" in renamed[1].warnings[0]


def test_renamed_id_skips_a_suffix_already_taken():
    statements = [Statement(text="a", id="x"), Statement(text="b", id="x#2"), Statement(text="c", id="x")]
    assert [s.id for s in unique_ids(statements)] == ["x", "x#2", "x#3"]


# ---------------------------------------------------------------- paths

def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        check_paths([str(tmp_path / "nowhere.txt")])


def test_folder_walk_reads_text_html_and_jsonl_sorted_and_skips_the_runs_own_outputs(tmp_path):
    (tmp_path / "b.txt").write_text("The cabinet met.", encoding="utf-8")
    (tmp_path / "a.html").write_text("<p>The ECC met.</p>", encoding="utf-8")
    write_jsonl(tmp_path, ['{"id": "j", "text": "NDMA met."}'], name="c.jsonl")
    write_jsonl(tmp_path, ['{"id": "r", "text_sha256": "0"}'], name="records.jsonl")
    (tmp_path / "notes.md").write_text("not an input", encoding="utf-8")
    items = list(iter_statements([str(tmp_path)], skip=[tmp_path / "records.jsonl"]))
    assert [item.id for item in items] == ["a.html", "b.txt", "j"]


def test_count_inputs_counts_files_and_jsonl_lines(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    write_jsonl(tmp_path, ['{"text": "1"}', '{"text": "2"}', '{"text": "3"}'], name="b.jsonl")
    assert count_inputs([str(tmp_path)]) == 4
