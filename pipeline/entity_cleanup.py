"""entity_cleanup: first version, to be completed."""
from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("entity_cleanup")
def make_entity_cleanup(nlp: Language, name: str):
    return lambda doc: doc
