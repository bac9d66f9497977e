"""The store as an output of `extract` (`--db URL`): a RecordSink that loads records in batches.

Each batch is one load (tracker.store.load: one transaction of whole
statements), so a killed run leaves the store with every statement it holds
whole, and `--resume` asks the store which (id, text_sha256) it holds. The
statement text comes with each record, so the store keeps it for the page to
mark the words a record points at.
"""
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from models import messages
from tracker.io.sinks import Key
from tracker.store import schema
from tracker.store.database import database_message, open_store, shown_url
from tracker.store.load import Incoming, LoadSummary, load_records, parse_record
from tracker.store.problems import StoreProblem
from tracker.store.sizes import SINK_BATCH


class StoreSink:
    """Records into the store at `url`, `batch_size` statements per transaction; `summary` counts what went in."""

    dropped_lines = 0

    def __init__(self, url: str | None, batch_size: int = SINK_BATCH):
        self.store = open_store(url)
        self.batch_size = batch_size
        self.pending: list[Incoming] = []
        self.summary = LoadSummary()

    @property
    def url(self) -> str:
        return self.store.url

    def done_keys(self) -> set[Key]:
        """Every (id, text_sha256) the store holds, current or not: each is a record already extracted."""
        query = select(schema.Statement.id, schema.Statement.text_sha256)
        try:
            with self.store.reader.connect() as connection:
                return {(statement_id, sha) for statement_id, sha in connection.execute(query)}
        except DBAPIError as error:
            raise StoreProblem(messages.DATABASE_PROBLEM.format(url=shown_url(self.url), problem=database_message(error))) \
                from None

    def write(self, record_json: str, text: str | None = None) -> None:
        record = parse_record(record_json, where="a record for the store")
        self.pending.append(Incoming(record, record_json, text))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if batch:
            self.summary.add(load_records(self.store, batch, self.batch_size))

    def commit(self) -> None:
        try:
            self.flush()
        finally:
            self.store.dispose()

    # Every pending record is whole (write takes complete records), so stopping early loads them all too.
    abandon = commit
