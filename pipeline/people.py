"""people: first version, to be completed."""
from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("people")
def make_people(nlp: Language, name: str):
    return lambda doc: doc
