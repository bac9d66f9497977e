"""Long batches stay flat in memory: a Doc is freed as soon as its record is built."""
import gc
import weakref

import pytest

from models.statement import Statement

TEXT = ("ISLAMABAD: The federal cabinet on Tuesday, chaired by Prime Minister Ali Khan, directed the "
        "ministry to release Rs5 billion within seven days. Mr Khan said the plan would be reviewed.")


@pytest.mark.model
def test_a_doc_is_freed_without_waiting_for_the_cycle_collector(extractor):
    statement = Statement(text=TEXT)
    doc = extractor.nlp(extractor.make_doc(statement))
    assert doc._.people  # the people component stored Spans of this Doc on it
    extractor.to_record(doc, statement)
    alive = weakref.ref(doc)
    gc.disable()
    try:
        del doc
        assert alive() is None
    finally:
        gc.enable()
