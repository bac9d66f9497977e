"""Every custom attribute the components read and write, registered once.

Components talk to each other only through these (and `doc.spans[...]`); the typed values are
in pipeline/annotations.py:
  doc._.reference_date  date | None         set before the pipeline runs
  doc._.dateline        Datelines           dateline: the opening lines' datelines (pipeline/dateline.py)
  doc._.people          list[PersonMention] people: names with roles (look them up with PeopleIndex)
  doc._.meeting         MeetingInfo         meeting: body, chair, date, location, participants (+ spans)
  doc._.acronyms        dict[str, str]      acronyms: acronym -> expansion defined in the text
  doc._.text            str                 doc.text, built once (spaCy rebuilds doc.text from the tokens on
                                            every access, ~700 Token objects a statement)
  doc.spans["figures"]    span._.value, span._.unit
  doc.spans["deadlines"]  span._.date
  doc.spans["decisions"]  span._.kind, span._.trigger, span._.actor, span._.responsible, span._.deadline
  doc.spans["targets"]
  entity spans (doc.ents): span._.canonical, span._.acronym
"""
from spacy.tokens import Doc, Span

SPAN_KEYS = ("figures", "deadlines", "decisions", "targets")

_DOC_EXTENSIONS = {
    "reference_date": None,
    "dateline": None,
    "meeting": None,
    "people": None,
    "acronyms": None,
}

_SPAN_EXTENSIONS = {
    "value": None,
    "unit": None,
    "date": None,
    "kind": None,
    "trigger": None,
    "actor": None,
    "responsible": None,
    "deadline": None,
    "canonical": None,
    "acronym": None,
}


_TEXT_KEY = ("statement_tracker", "text")


def cached_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def register_extensions() -> None:
    """Register the attributes; safe to call any number of times."""
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("text"):
        Doc.set_extension("text", getter=cached_text)


register_extensions()
