"""The store as a RecordSink (`extract --db`), and -o plus --db together, without the model: records from
outputs/records.jsonl. On an SQLite file and on a real PostgreSQL database."""
import json

from store_support import expected_by_key, stored_rows
from tracker.io.sinks import JsonLinesSink, RecordSink, TeeSink
from tracker.store.sink import StoreSink


def key_of(line: str) -> tuple[str, str]:
    record = json.loads(line)
    return record["id"], record["text_sha256"]


def test_the_store_sink_is_a_record_sink(store_url):
    sink = StoreSink(store_url)
    assert isinstance(sink, RecordSink)
    sink.commit()


def test_the_store_sink_loads_every_record_in_batches_on_commit(store_url, record_lines):
    sink = StoreSink(store_url, batch_size=5)
    for line in record_lines:
        sink.write(line)
    sink.commit()
    assert stored_rows(store_url) == expected_by_key(record_lines)


def test_an_abandoned_store_sink_keeps_every_record_it_was_given(store_url, record_lines):
    sink = StoreSink(store_url, batch_size=5)
    for line in record_lines[:7]:
        sink.write(line)
    sink.abandon()
    assert stored_rows(store_url) == expected_by_key(record_lines[:7])


def test_the_store_sink_done_keys_are_the_records_the_store_holds(store_url, record_lines):
    sink = StoreSink(store_url)
    for line in record_lines[:4]:
        sink.write(line)
    sink.commit()
    assert StoreSink(store_url).done_keys() == {key_of(line) for line in record_lines[:4]}


def test_the_store_sink_keeps_the_statement_text_it_is_given(store_url, record_lines):
    from sqlalchemy import create_engine, select

    from tracker.store import schema

    sink = StoreSink(store_url)
    sink.write(record_lines[0], text="The statement's own words.")
    sink.write(record_lines[1])
    sink.commit()
    engine = create_engine(store_url)
    with engine.connect() as connection:
        texts = dict(connection.execute(select(schema.Statement.id, schema.Statement.text)).all())
    engine.dispose()
    assert texts == {key_of(record_lines[0])[0]: "The statement's own words.", key_of(record_lines[1])[0]: None}


def test_a_tee_resumes_only_what_every_output_holds_and_writes_each_output_only_what_it_lacks(store_url, record_lines,
                                                                                              tmp_path):
    output = tmp_path / "records.jsonl"
    stored_first = StoreSink(store_url)
    for line in record_lines[:3]:
        stored_first.write(line)
    stored_first.commit()
    output.write_text("".join(line + "\n" for line in record_lines[1:5]), encoding="utf-8")
    tee = TeeSink([StoreSink(store_url), JsonLinesSink(output, resume=True)])
    assert tee.done_keys() == {key_of(line) for line in record_lines[1:3]}
    for line in (record_lines[0], *record_lines[3:6]):  # what a resumed run extracts: all but the shared ones
        tee.write(line)
    tee.commit()
    assert stored_rows(store_url) == expected_by_key(record_lines[:6])
    assert sorted(output.read_text(encoding="utf-8").splitlines()) == sorted(record_lines[:6])
