"""How the store compares names: bodies, actors, parties and people match on a key, not on their spelling."""
import re
import unicodedata
from functools import lru_cache

LEADING_ARTICLE = re.compile(r"^(the)\s+")
NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 16)  # a load meets the same bodies, actors and parties again and again
def name_key(name: str | None) -> str | None:
    """'The  Apex Committee' -> 'apex committee': case, accents, punctuation, spacing and a leading 'the' ignored."""
    if name is None:
        return None
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    key = " ".join(NOT_WORD.sub(" ", folded).split())
    key = LEADING_ARTICLE.sub("", key)
    return key[:500] or None
