"""`cli.py extract` as a user meets it: exit codes, one stderr line per failed input, no tracebacks."""
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import cli
from pipeline.export import text_sha256
from tracker.batch import workers as parallel
from tracker.batch.run import Progress
from models.statement import looks_like_html, visible_text
from tracker.io.inputs import decode_bytes

GOOD = "ISLAMABAD: The Federal Cabinet decided to allocate Rs 5 crore and directed NDMA to report within seven days."


@pytest.fixture(autouse=True)
def loaded_pipeline(request, monkeypatch):
    """Let the CLI reuse the session's pipeline instead of loading the model per invocation."""
    if request.node.get_closest_marker("model"):
        monkeypatch.setitem(parallel.EXTRACTORS, None, request.getfixturevalue("extractor"))


def invoke(*args, input=None):
    return CliRunner().invoke(cli, ["extract", *map(str, args)], input=input)


def stderr_lines(result) -> list[str]:
    return result.stderr.splitlines()


def assert_no_traceback(result):
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def mixed_folder(folder: Path) -> Path:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_text("  \n\t", encoding="utf-8")
    (folder / "noise.txt").write_bytes(b"\x00\x01\x02garbage")
    (folder / "lines.jsonl").write_text('{"id": "ok", "text": "The ECC approved it."}\n{oops\n', encoding="utf-8")
    return folder


# ---------------------------------------------------------------- usage errors: exit code 2, before any work

def test_extract_has_help_with_an_example():
    result = invoke("--help")
    assert result.exit_code == 0
    assert "Example: python cli.py extract" in result.output


@pytest.mark.parametrize("args, message", [
    (["nowhere.txt"], "no such file or directory"),
    (["-", "--date", "26/11/2024"], "is not a date in YYYY-MM-DD form"),
    (["-", "--date", "2024-02-30"], "is not a date in YYYY-MM-DD form"),
    (["-", "--workers", "0"], "--workers"),
    (["-", "--max-chars", "0"], "--max-chars"),
    (["-", "--no-such-option"], "No such option"),
    (["-", "--resume"], "--resume needs -o"),
    ([], "Missing argument"),
])
def test_usage_errors_exit_with_code_2_and_say_why(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = invoke(*args, input="The cabinet met.")
    assert result.exit_code == 2
    assert message in result.stderr
    assert_no_traceback(result)


# ---------------------------------------------------------------- per-input errors: exit code 1, the rest written

@pytest.mark.model
def test_good_inputs_exit_0_with_a_summary_line_only(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(tmp_path / "a.txt", "-o", tmp_path / "out.jsonl")
    assert result.exit_code == 0
    assert stderr_lines(result) == ["extract: 1 record written"]


@pytest.mark.model
def test_each_failed_input_gets_one_stderr_line_naming_it_and_the_rest_are_written(tmp_path):
    folder = mixed_folder(tmp_path / "in")
    result = invoke(folder, "-o", tmp_path / "records.jsonl", "--quiet")
    assert result.exit_code == 1
    assert stderr_lines(result) == [
        f"error: {folder}/empty.txt: empty text: nothing to extract",
        f"error: {folder / 'lines.jsonl'}:2: line is not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        f"error: {folder}/noise.txt: binary file (contains NUL bytes), skipped",
    ]
    records = [json.loads(line) for line in (tmp_path / "records.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["good.txt", "ok"]
    assert_no_traceback(result)


@pytest.mark.model
def test_errors_file_defaults_beside_the_output(tmp_path):
    folder = mixed_folder(tmp_path / "in")
    invoke(folder, "-o", tmp_path / "records.jsonl", "--quiet")
    errors = (tmp_path / "records.errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in errors] == ["empty.txt", "lines.jsonl:2", "noise.txt"]


@pytest.mark.model
def test_on_stdout_errors_go_to_stderr_only_unless_errors_out_is_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = mixed_folder(tmp_path / "in")
    plain = invoke(folder, "--quiet")
    assert plain.exit_code == 1 and len(stderr_lines(plain)) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    with_file = invoke(folder, "--quiet", "--errors-out", tmp_path / "errors.jsonl")
    assert len((tmp_path / "errors.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert with_file.stdout == plain.stdout


@pytest.mark.model
def test_statement_from_stdin_exits_0():
    result = invoke("-", "--date", "2024-11-26", input=GOOD)
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert (record["id"], record["published"]) == ("stdin", "2024-11-26")


@pytest.mark.model
def test_empty_stdin_is_an_error_not_a_record():
    result = invoke("-", input="   \n")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error: stdin: empty text: nothing to extract" in stderr_lines(result)


@pytest.mark.model
def test_statement_over_max_chars_is_refused_not_run(tmp_path):
    result = invoke("-", "--max-chars", "20", input=GOOD)
    assert result.exit_code == 1
    assert "over the limit of 20 characters" in result.stderr


@pytest.mark.model
def test_windows_1252_input_is_extracted_with_its_encoding_recorded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(GOOD.replace("Rs 5", "\u201cRs 5\u201d").encode("cp1252"))
    record = json.loads(invoke(path).stdout)
    assert record["source"]["encoding"] == "cp1252"
    assert any("cp1252" in w for w in record["warnings"])


@pytest.mark.model
def test_html_input_offsets_index_its_visible_text(tmp_path):
    path = tmp_path / "page.html"
    html = f"<html><head><script>var a = 'Rs 9 crore';</script></head><body><p>{GOOD}</p></body></html>"
    path.write_text(html, encoding="utf-8")
    record = json.loads(invoke(path).stdout)
    assert record["source"]["format"] == "html"
    assert record["text_sha256"] == text_sha256(GOOD)
    assert all(GOOD[f["start"]:f["end"]] == f["text"] for f in record["figures"])


@pytest.mark.model
def test_duplicate_ids_are_both_kept_renamed_predictably_with_a_warning(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "x", "text": "The ECC met."}\n{"id": "x", "text": "The cabinet met."}\n', encoding="utf-8")
    records = [json.loads(line) for line in invoke(path).stdout.splitlines()]
    assert [r["id"] for r in records] == ["x", "x#2"]
    assert "duplicate id 'x'" in records[1]["warnings"][0]


@pytest.mark.model
def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    result = invoke(tmp_path, "-o", tmp_path / "out.jsonl")
    assert "statement/s" not in result.stderr and "it/s" not in result.stderr


def test_progress_bar_shows_done_of_total_and_rate():
    stream = io.StringIO()
    progress = Progress(True, 3, stream)
    for _ in range(3):
        progress.advance()
    progress.close()
    assert "3/3" in stream.getvalue() and "statement/s" in stream.getvalue()


@pytest.mark.model
def test_two_workers_write_the_same_bytes_as_one(tmp_path):
    folder = mixed_folder(tmp_path / "in")
    lines = [json.dumps({"id": f"s{n}", "text": f"The committee decided to release Rs {n} crore."}) for n in range(40)]
    (folder / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = invoke(folder, "-o", tmp_path / "one.jsonl", "--quiet")
    two = invoke(folder, "-o", tmp_path / "two.jsonl", "--quiet", "--workers", "2")
    assert (one.exit_code, two.exit_code) == (1, 1)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert (tmp_path / "one.errors.jsonl").read_bytes() == (tmp_path / "two.errors.jsonl").read_bytes()
    assert one.stderr == two.stderr


# ---------------------------------------------------------------- whatever comes in: no traceback, 0/1, spans slice

def assert_spans_slice(record: dict, text: str) -> None:
    assert record["text_sha256"] == text_sha256(text)
    for group in ("entities", "decisions", "deadlines", "targets", "figures"):
        for item in record[group]:
            assert text[item["start"]:item["end"]] == item["text"]
    for person in record["people"]:
        assert text[person["start"]:person["end"]] == person["name"]


def text_as_read(data: bytes) -> str:
    """The text a record of these bytes indexes: decoded, and for HTML its visible text."""
    text = decode_bytes(data)[0]
    return visible_text(text) if looks_like_html(text) else text


def assert_survives(result) -> list[dict]:
    assert_no_traceback(result)
    assert result.exit_code in (0, 1)
    return [json.loads(line) for line in result.stdout.splitlines()]


FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = st.sampled_from(["The", "committee", "decided", "Rs", "5", "crore", "by", "June", "30", "NDMA", "\n", ".",
                         "directed", "<p>", "</p>", "&amp;", "within", "seven", "days", "\x93", "\x00", "\r\n"])
statement_text = st.one_of(st.text(max_size=200), st.lists(WORDS, max_size=40).map(" ".join))


@pytest.mark.model
@FUZZ
@given(text=statement_text)
def test_any_text_on_stdin_survives(text):
    data = text.encode("utf-8")
    for record in assert_survives(invoke("-", input=data)):
        assert_spans_slice(record, text_as_read(data))


@pytest.mark.model
@FUZZ
@given(data=st.binary(max_size=400))
def test_any_bytes_in_a_file_survive(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "input.txt"
    path.write_bytes(data)
    for record in assert_survives(invoke(path)):
        assert_spans_slice(record, text_as_read(data))


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=5)
jsonl_item = st.fixed_dictionaries(
    {"text": st.one_of(statement_text, json_values)},
    optional={"id": st.one_of(st.sampled_from(["a", "a", "b"]), json_values),
              "published": st.one_of(st.dates().map(str), st.text(max_size=12), json_values)},
)
jsonl_line = st.one_of(jsonl_item.map(json.dumps), st.text(max_size=40), json_values.map(json.dumps))


@pytest.mark.model
@FUZZ
@given(lines=st.lists(jsonl_line, max_size=8))
def test_any_jsonl_survives(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("jsonl") / "input.jsonl"
    path.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines), encoding="utf-8")
    written = path.read_bytes().split(b"\n")
    for record in assert_survives(invoke(path)):
        text = json.loads(written[record["source"]["line"] - 1])["text"]
        assert_spans_slice(record, visible_text(text) if looks_like_html(text) else text)
