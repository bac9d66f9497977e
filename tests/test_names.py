"""Names match on a key: case, accents, punctuation, spacing and a leading 'the' do not matter."""
from hypothesis import given, strategies as st

from tracker.store.names import name_key


def test_case_spacing_and_a_leading_the_are_ignored():
    assert name_key("The  Apex   Committee") == "apex committee"


def test_punctuation_separates_words_like_a_space():
    assert name_key("Ministry of (Finance)—Revenue") == "ministry of finance revenue"


def test_accents_are_folded_and_letters_without_an_ascii_form_dropped():
    assert name_key("Économie Générale") == "economie generale"
    assert name_key("وزارت Finance") == "finance"


def test_the_alone_is_a_name_and_only_the_first_the_goes():
    assert name_key("The") == "the"
    assert name_key("the The board") == "the board"


def test_a_word_starting_with_the_keeps_it():
    assert name_key("Theatre Board") == "theatre board"


def test_no_letters_or_digits_and_no_name_have_no_key():
    assert name_key(" -- ") is None
    assert name_key(None) is None


@given(st.text(max_size=60))
def test_a_key_is_its_own_key(name):
    key = name_key(name)
    assert key is None or name_key(key) == key or key.startswith("the ")


@given(st.text(max_size=60))
def test_a_key_is_lower_case_ascii_words_single_spaced(name):
    key = name_key(name)
    assert key is None or (key.isascii() and key == key.lower() and key == " ".join(key.split()) and key.strip() == key)
