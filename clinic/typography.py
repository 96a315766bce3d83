"""French typography for documents a patient reads: a non-breaking space before : ; ? ! and
inside « guillemets » (straight or curly double quotes become guillemets), and the typographic
apostrophe (l’eau). Idempotent, and
it leaves times (10:30), URLs (https://) and ratios alone: only punctuation that ends a word
and is followed by a space or the end of the text is spaced."""

from __future__ import annotations

import html
import re

NBSP = "\u00a0"  # before the colon, in guillemets (the Imprimerie nationale's espace insécable)
NNBSP = "\u202f"  # narrow, before ; ? ! (DejaVu, the bundled PDF font, has both glyphs)

_BEFORE_COLON = re.compile(r"(?<=\S)[ \u00a0\u202f]*:(?=\s|$)")
_BEFORE_TALL = re.compile(r"(?<=[^\s!?;])[ \u00a0\u202f]*([;?!])(?=\s|$|[»)])")
_QUOTED = re.compile(r"[\"“]\s*([^\"“”]+?)\s*[\"”]")
_GUILLEMETS = re.compile(r"«[ \u00a0\u202f]*([^«»]*?)[ \u00a0\u202f]*»")
_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_LEADING = re.compile(r"^([:;?!])(?=\s|$)")
_TAGS = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(style|script|pre|textarea)\b", re.IGNORECASE)


def french(text: str) -> str:
    """Plain text with French spacing and guillemets."""
    if not text:
        return text
    text = _APOSTROPHE.sub("’", text)
    text = _QUOTED.sub(lambda m: f"«{m.group(1)}»", text)
    text = _GUILLEMETS.sub(lambda m: f"«{NBSP}{m.group(1)}{NBSP}»", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    return _BEFORE_TALL.sub(lambda m: NNBSP + m.group(1), text)


def french_html(page: str) -> str:
    """The same, applied to an HTML page's text only: tags, attributes and the contents of
    style and script elements are left exactly as they were."""
    parts = _TAGS.split(page)
    raw_until = None
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            if raw_until and part.lower().startswith(f"</{raw_until}"):
                raw_until = None
            elif match := _RAW.match(part):
                raw_until = match.group(1).lower()
            continue
        if raw_until is None and part.strip():
            # Entities are decoded first (an "&amp;" must not read as a semicolon).
            text = french(html.unescape(part))
            # Punctuation right after an element (<strong>Word</strong>: ...) is spaced too.
            text = _LEADING.sub(lambda m: (NBSP if m.group(1) == ":" else NNBSP) + m.group(1), text)
            parts[index] = html.escape(text, quote=False)
    return "".join(parts)


def mid_sentence(label: str) -> str:
    """A list label (an area, an ingredient) used inside a sentence: lower-case first letter,
    as French and English both write common nouns there ("Zones traitées : visage"). An
    acronym or a name whose second letter is a capital (DMAE, pH) is left as it is."""
    label = str(label)
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def applies(language: str | None) -> bool:
    """Whether documents in `language` are typeset here (only French has rules)."""
    return (language or "").split("-")[0] == "fr"


def for_language(text: str, language: str | None) -> str:
    """Text typeset for a document in `language`."""
    return french(text) if applies(language) else text


def html_for_language(page: str, language: str | None) -> str:
    """An HTML page (a document, an e-mail) typeset for `language`."""
    return french_html(page) if applies(language) else page
