"""One search box for patients: name (accent- and case-free, partial), phone (any format),
chart number or date of birth."""

import datetime
import re
import unicodedata

from django.db.models import Q

PHONE_SUFFIX_DIGITS = 9  # national number without trunk prefix or country code


def normalize_name(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().replace("-", " ").replace("'", " ").split())


APOSTROPHES = str.maketrans("", "", "'’.")  # O'Brien, O’Brien, St. Clair: one word
WORD_JOINERS = re.compile(r"[-‐_]+")


def search_key(text: str) -> str:
    """What a patient's name is stored as for search, and what a query is read as: accents,
    case and punctuation do not matter. An apostrophe joins (o'brien -> obrien); a hyphen
    separates and the joined compound is kept too (lévêque-martin -> leveque martin
    levequemartin), so "obrien", "o'brien", "o brien" and "jeanpierre" all match."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = []
    for word in stripped.casefold().translate(APOSTROPHES).split():
        parts = [part for part in WORD_JOINERS.split(word) if part]
        words += parts
        if len(parts) > 1:
            words.append("".join(parts))
    return " ".join(words)


def phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text or "")


CHART_NUMBER = re.compile(r"[pP]?-?\d{1,8}")  # P000123, p123, 123
PHONE_LIKE = re.compile(r"[\d\s.\-()+/]+")

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"]


def _as_date(text: str) -> datetime.date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def patient_search_filter(query: str) -> Q | None:
    """A Q matching the query as a name, a phone, a chart number or a date of birth."""
    query = query.strip()
    if not query:
        return None
    if birth_date := _as_date(query):
        return Q(date_of_birth=birth_date)
    compact = query.replace(" ", "")
    if CHART_NUMBER.fullmatch(compact):
        # The exact-match path: a chart number is looked up as stored (upper case) through
        # its unique index; a name never holds digits, so no name match is OR-ed in to turn
        # the lookup into a scan. A bare number may also be the start of a phone number.
        digits = phone_digits(compact)
        chart = Q(chart_number=_chart_number(digits))
        if compact[0].isdigit() and len(digits) >= 4:
            return chart | Q(phone_digits__contains=digits)
        return chart
    matches = Q()
    tokens = search_key(query).split()
    if tokens:
        name_match = Q()
        for token in tokens:
            name_match &= Q(search_name__contains=token)
        matches |= name_match
    digits = phone_digits(query)
    if len(digits) >= 4 and PHONE_LIKE.fullmatch(query):
        # Mostly digits: a phone. "+33 6 12 34 56 78" and "06 12 34 56 78" share a suffix.
        suffix = digits[-PHONE_SUFFIX_DIGITS:]
        matches |= (
            Q(phone_digits__endswith=suffix)
            if len(digits) >= 9
            else Q(phone_digits__contains=digits)
        )
    return matches


def _chart_number(digits: str) -> str:
    return f"P{int(digits):06d}" if digits else ""
