"""What the forum checks in a draft before it is published.

Identifying details: in a small community a phone number, an address, or the name of
the local clinic next to "last Tuesday" can be enough to tell who wrote a post. The
check finds them with their positions so the author can edit, or post anyway.
National ID numbers (11 digits with valid check digits) are refused outright.

Crisis language: a match changes nothing that others see. The author is shown,
privately, where to get acute help, and the post goes to the top of the moderators'
queue.

Nothing of either check is stored or shown to anyone but the author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt

from services.kit import national_id

PHONE = "phone"
EMAIL = "email"
NATIONAL_ID = "national_id"
ADDRESS = "address"
PLACE = "place"
DATE_NEAR_PLACE = "date_near_place"

# How close (in characters) a date must be to a place or address to count.
DATE_PLACE_DISTANCE = 60


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int

    @property
    def blocking(self) -> bool:
        return self.kind == NATIONAL_ID


_NATIONAL_ID = re.compile(r"(?<![\d])(\d{6})\s?(\d{5})(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?47[\s-]?)?"
    r"(?:[2-9]\d[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}|[2-9]\d{2}[\s-]?\d{2}[\s-]?\d{3})(?![\d])"
    r"|(?<![\w+])\+\d{1,3}[\s-]?\d{2,4}[\s-]?\d{2,4}[\s-]?\d{2,4}(?![\d])"
)
_STREET_SUFFIX = (
    r"(?:veien|vegen|veg|vei|gata|gaten|gate|gt\.|allé|alle|plass|plassen|stien|sti|bakken|"
    r"svingen|brygga|brygge|torget|kaia|lia|haugen|tunet|vegen|ringen|jordet)"
)
_ADDRESS = re.compile(
    rf"\b[A-ZÆØÅ][\wæøåÆØÅ-]*{_STREET_SUFFIX}\s+\d{{1,4}}\s?[A-Za-z]?\b"
    r"|\b\d{1,5}\s+(?:[A-Z][a-z]+\s)+(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Way|Close)(?!\w)"
    r"|\b\d{4}\s+[A-ZÆØÅ][a-zæøå]{2,}\b(?!\s+(?:kr|kroner|mennesker|personer|år))",
)
_MONTHS_NB = r"(?:januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des)"
_MONTHS_EN = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_DATE = re.compile(
    rf"\b\d{{1,2}}\.\s?{_MONTHS_NB}\b"
    rf"|\b{_MONTHS_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS_EN}\b"
    r"|\b\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?\b"
    r"|\b(?:på\s+|sist\s+|forrige\s+)?(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)(?:en)?\b"
    r"|\b(?:last\s+|on\s+|next\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"|\b(?:i går|i dag|i morgen|i forgårs|yesterday|today|tomorrow|last week|forrige uke|i helga)\b",
    re.IGNORECASE,
)


def _overlaps(start: int, end: int, taken: list[Finding]) -> bool:
    return any(start < f.end and f.start < end for f in taken)


def _place_pattern(places: list[str]) -> re.Pattern | None:
    names = sorted({p.strip() for p in places if p.strip()}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in names)
    return re.compile(rf"(?<![\wæøåÆØÅ])(?:{alternatives})(?![\wæøåÆØÅ])", re.IGNORECASE)


def find_identifying_details(text: str, places: list[str]) -> list[Finding]:
    findings: list[Finding] = []
    for match in _NATIONAL_ID.finditer(text):
        if national_id.is_valid(match.group(1) + match.group(2)):
            findings.append(Finding(NATIONAL_ID, match.start(), match.end()))
    for match in _EMAIL.finditer(text):
        findings.append(Finding(EMAIL, match.start(), match.end()))
    for match in _PHONE.finditer(text):
        if not _overlaps(match.start(), match.end(), findings):
            findings.append(Finding(PHONE, match.start(), match.end()))
    for match in _ADDRESS.finditer(text):
        if not _overlaps(match.start(), match.end(), findings):
            findings.append(Finding(ADDRESS, match.start(), match.end()))
    pattern = _place_pattern(places)
    if pattern is not None:
        for match in pattern.finditer(text):
            if not _overlaps(match.start(), match.end(), findings):
                findings.append(Finding(PLACE, match.start(), match.end()))
    anchors = [f for f in findings if f.kind in (PLACE, ADDRESS)]
    for match in _DATE.finditer(text):
        near = any(
            abs(match.start() - a.end) <= DATE_PLACE_DISTANCE or abs(a.start - match.end()) <= DATE_PLACE_DISTANCE
            for a in anchors
        )
        if near and not _overlaps(match.start(), match.end(), findings):
            findings.append(Finding(DATE_NEAR_PLACE, match.start(), match.end()))
    return sorted(findings, key=lambda f: (f.start, f.end))


# -- crisis language ---------------------------------------------------------------

DEFAULT_CRISIS_WORDS = (
    # Norwegian
    "ta livet mitt", "ta livet av meg", "ta mitt eget liv", "selvmord", "suicid", "orker ikke å leve",
    "orker ikke leve", "ikke orker å leve", "vil ikke leve", "vil ikke leve lenger", "vil dø", "ønsker å dø",
    "skade meg selv", "kutte meg", "kutter meg", "gjøre slutt på alt", "ende det hele", "ingen grunn til å leve",
    # English
    "kill myself", "suicide", "suicidal", "end my life", "end it all", "want to die", "wanna die",
    "hurt myself", "self-harm", "self harm", "cut myself", "no reason to live", "better off dead",
)



def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\wæøå'\- ]+", " ", text.casefold()).split())


def mentions_crisis(text: str, extra_words: list[str]) -> bool:
    normalised = f" {_normalise(text)} "
    for phrase in (*DEFAULT_CRISIS_WORDS, *extra_words):
        words = _normalise(phrase)
        if words and f" {words}" in normalised and re.search(rf"(?<![\wæøå]){re.escape(words)}", normalised):
            return True
    return False


# -- Markdown ------------------------------------------------------------------------

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")

_ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a", "hr", "h3", "h4"}


def render_markdown(text: str) -> str:
    """Markdown to HTML a browser can show safely: no scripts, no images, links marked."""
    html = _markdown.render(text)
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)  # headings never outshout the page's own
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        link_rel="nofollow noopener",
        url_schemes={"http", "https", "mailto"},
    )


_MENTION = re.compile(r"(?<![\w@])@([\wæøåÆØÅ][\wæøåÆØÅ.\-]{2,29})")


def mentioned_pseudonyms(text: str) -> list[str]:
    return list(dict.fromkeys(match.group(1) for match in _MENTION.finditer(text)))
