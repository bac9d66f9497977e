"""Statements in, records out: the library entry point the CLI, server and benchmarks call."""
from collections import deque
from datetime import date
from typing import Iterable, Iterator

from spacy.language import Language

from models import Record
from models.statement import Statement
from pipeline import build_nlp
from pipeline.export import doc_to_record

DEFAULT_BATCH_SIZE = 32


def release(doc) -> None:
    """Drop the custom attributes once the record is built. They hold Spans (doc._.people, the meeting's
    spans, span._.deadline), and a Span holds its Doc: each Doc would be a reference cycle that only
    Python's occasional full collection frees, so a long batch grew by ~150 MB before it plateaued."""
    doc.user_data.clear()


class Extractor:
    """Holds the loaded pipeline; `extract` one statement or stream `extract_many`."""

    def __init__(self, model: str | None = None, nlp: Language | None = None):
        self.nlp = nlp if nlp is not None else build_nlp(model)

    def make_doc(self, statement: Statement):
        doc = self.nlp.make_doc(statement.text)
        doc._.reference_date = statement.published
        return doc

    def to_record(self, doc, statement: Statement) -> Record:
        record = doc_to_record(
            doc,
            record_id=statement.id,
            source=statement.source,
            published=statement.published,
            warnings=statement.warnings,
        )
        release(doc)
        return record

    def extract(self, statement: Statement | str, published: date | None = None) -> Record:
        if isinstance(statement, str):
            statement = Statement(text=statement, published=published)
        return self.to_record(self.nlp(self.make_doc(statement)), statement)

    def extract_many(self, statements: Iterable[Statement], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Record]:
        """Records in input order, streaming: never more than one batch of docs in memory."""
        pending: deque[Statement] = deque()

        def docs() -> Iterator:
            for statement in statements:
                pending.append(statement)
                yield self.make_doc(statement)

        for doc in self.nlp.pipe(docs(), batch_size=batch_size):
            yield self.to_record(doc, pending.popleft())
