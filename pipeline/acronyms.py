"""acronyms: first version, to be completed."""
from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("acronyms")
def make_acronyms(nlp: Language, name: str):
    return lambda doc: doc
