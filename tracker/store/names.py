"""How the store compares names: bodies, actors, parties and people match on a key, not on their spelling."""
import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+")
LEADING_ARTICLE = "the"


@lru_cache(maxsize=1 << 16)  # a load meets the same bodies, actors and parties again and again
def name_key(name: str | None) -> str | None:
    """'The  Apex Committee' -> 'apex committee': case, accents, punctuation, spacing and a leading 'the' ignored."""
    if name is None:
        return None
    words = WORD.findall(ascii_folded(name).lower())
    if len(words) > 1 and words[0] == LEADING_ARTICLE:
        del words[0]
    return " ".join(words)[:500] or None


def ascii_folded(name: str) -> str:
    """The name without accents (and without what has no ASCII form); an ASCII name as it is, which most are."""
    if name.isascii():
        return name
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
