"""lexicon: the shared word lists, validated at load; the gazetteer read once."""
import json

import pytest

from pipeline.gazetteer import GazetteerError, load_gazetteer
from pipeline.lexicon import LEXICON_PATH, LexiconError, load_lexicon


def lexicon_with(tmp_path, **changes):
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_bad_lexicon_value_names_the_file_and_the_key(tmp_path):
    path = lexicon_with(tmp_path, months={"january": 13})
    with pytest.raises(LexiconError) as error:
        load_lexicon(path)
    assert str(path) in str(error.value) and "months.january" in str(error.value)


def test_an_unknown_lexicon_key_names_the_file_and_the_key(tmp_path):
    path = lexicon_with(tmp_path, weekday=["monday"])
    with pytest.raises(LexiconError, match=r"lexicon\.json: key 'weekday'"):
        load_lexicon(path)


def test_a_lexicon_that_is_not_json_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "lexicon.json"
    path.write_text('{\n  "months": [,\n}', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"lexicon\.json: not valid JSON at line 2"):
        load_lexicon(path)


def test_the_lexicon_is_read_once():
    assert load_lexicon() is load_lexicon(None) is load_lexicon(LEXICON_PATH)


def test_honorifics_give_the_people_component_whole_phrases_longest_first():
    phrases = load_lexicon().honorifics.as_word_tuples()
    assert ("air", "chief", "marshal") in phrases and ("justice",) not in phrases
    assert [len(p) for p in phrases] == sorted((len(p) for p in phrases), reverse=True)


def test_honorifics_give_entity_cleanup_the_words_as_written():
    words = load_lexicon().honorifics.as_written_words()
    assert {"Mr", "Mr.", "Lt", "Gen.", "General", "Retd", "retd.", "(", ")", "Justice"} <= words


def test_a_bad_gazetteer_line_names_the_file_and_the_line(tmp_path):
    path = tmp_path / "gazetteer.jsonl"
    path.write_text('{"label": "GPE", "pattern": "Sindh"}\n{"label": "GPE"}\n', encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"gazetteer\.jsonl: line 2 needs a 'label' and a 'pattern'"):
        load_gazetteer(path)
