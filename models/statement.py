"""The input contract: what a statement is, and the one check every text passes before extraction.

The command line, batch runs and the API all check a text with `checked_text`,
so a text is refused, or HTML is reduced to its visible text, in the same way
wherever it comes from. Reading bytes, files and JSON Lines is the job of
`tracker.io.inputs`; this module needs no spaCy.
"""
import hashlib
import re
from dataclasses import dataclass, field
from datetime import date

from models import messages
from models.record import Source

DEFAULT_MAX_CHARS = 1_000_000
CONTROL_CHAR_RATIO = 0.10

# Control characters that ordinary text carries (tab, newlines, form feed, escape).
TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b\x08")

HTML_START = re.compile(r"\s*<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)
HTML_TAG = re.compile(r"</?(p|div|br|span|a|table|tr|td|h[1-6]|li|ul|ol|script|style|strong|em|b|i)(\s[^<>]*)?/?>",
                      re.IGNORECASE)
HTML_MIN_TAGS = 2


@dataclass
class Statement:
    """One statement to extract from, with what the input said about it."""

    text: str
    id: str = "stdin"
    published: date | None = None
    source: Source = field(default_factory=Source)
    warnings: list[str] = field(default_factory=list)


def text_sha256(text: str) -> str:
    """The hash that identifies a statement's text (with its id, the key of --resume and of the store)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class Refused(ValueError):
    """Raised by the checks below; the message is the plain-words reason."""


def control_ratio(text: str) -> float:
    controls = sum(1 for ch in text if (ch < " " or ch == "\x7f") and ch not in TEXT_CONTROLS)
    return controls / len(text) if text else 0.0



# ---------------------------------------------------------------- HTML -> visible text

def visible_text(html: str) -> str:
    """The visible text of an HTML page; records of HTML inputs index this text."""
    from models.html_text import VisibleText  # the HTML parser is loaded for HTML inputs only

    parser = VisibleText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    return bool(HTML_START.match(text)) or len(HTML_TAG.findall(text, 0, 20_000)) >= HTML_MIN_TAGS


def checked_text(text: str, is_html: bool, max_chars: int) -> tuple[str, list[str]]:
    """The text to extract from and its warnings, or Refused with the reason."""
    warnings: list[str] = []
    if is_html or looks_like_html(text):
        text = visible_text(text)
        warnings.append(messages.HTML_INPUT)
        is_html = True
    if not text.strip():
        raise Refused(messages.HTML_WITHOUT_TEXT if is_html else messages.EMPTY_TEXT)
    if len(text) > max_chars:
        raise Refused(messages.TEXT_TOO_LONG.format(length=len(text), limit=max_chars))
    if control_ratio(text) > CONTROL_CHAR_RATIO:
        raise Refused(messages.TEXT_LOOKS_BINARY)
    return text, warnings


def html_format(warnings: list[str]) -> str | None:
    return "html" if messages.HTML_INPUT in warnings else None


def statement_from_text(text: str, record_id: str, published: date | None = None, *, source: Source | None = None,
                        is_html: bool = False, max_chars: int = DEFAULT_MAX_CHARS,
                        warnings: list[str] | None = None) -> Statement:
    """The one way a text becomes a Statement (files, JSONL lines, standard input, the API): `checked_text`, then
    the source notes the HTML format. Raises Refused with the reason in plain words."""
    checked, more = checked_text(text, is_html, max_chars)
    source = (source or Source()).model_copy(update={"format": html_format(more)})
    return Statement(text=checked, id=record_id, published=published, source=source,
                     warnings=list(warnings or []) + more)

