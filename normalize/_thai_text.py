"""Repair Unicode damage in Thai text, and small text helpers (digits, spaces, joins).

`repair_unicode` takes one line and undoes what text exports, PDF text layers and OCR do
to Thai: invisible characters, odd spaces, glyph variants in the Private Use Area, a
SARA AM split into NIKHAHIT + SARA AA, doubled or misordered marks, and spaces in front
of combining marks. Every change that alters letters is returned as a `Repair` so that a
reviewer can audit it; it never drops a combining mark except an exact duplicate.

Sources: the PUA table (`data/pua_thai.tsv`) is HarfBuzz's Thai shaper
(src/hb-ot-shaper-thai.cc). The SARA AM and mark-order rules follow the Unicode Standard,
ch. 16.4 (Thai), and the faults measured on Thai office PDFs and their scans
(pdfminer writes ำ as ำา, Tesseract writes it as ํ + า, pdftotext pads spaces before marks).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from ._data import read_tsv


class Repair(NamedTuple):
    """One change made to a value: the rule, and the fragment before and after."""

    rule: str
    original: str
    replacement: str


# --- character classes (contents of [...]) -------------------------------------------

# Thai combining marks (Unicode general category Mn).
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
# Marks written after an above/below vowel of the same consonant: the four tone marks and
# THANTHAKHAT (HarfBuzz gives them one class, "T").
_AFTER_VOWEL = "\u0e48-\u0e4c"
_TONES = "\u0e48-\u0e4b"
# Above and below vowels (and PHINTHU, MAITAIKHU), which precede a tone mark.
_VOWEL_MARKS = "\u0e31\u0e34-\u0e3a\u0e47"
_PUA = "\uf700-\uf71a\uf884-\uf89e"
_NIKHAHIT = "\u0e4d"
_SARA_AA = "\u0e32"
_SARA_AM = "\u0e33"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_DIGIT_RUN = re.compile("[๐-๙]+")

# Step 1. TAB is not here on purpose: it separates table cells in text exports.
_INVISIBLE_AND_SPACES: dict[int, str | None] = {
    **{cp: None for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD)},
    **{cp: " " for cp in (0x00A0, *range(0x2000, 0x200B), 0x202F, 0x3000)},
}


@functools.cache
def _pua_table() -> dict[int, int]:
    return {int(row["pua"], 16): int(row["char"], 16) for row in read_tsv("pua_thai.tsv")}


# --- the rules ------------------------------------------------------------------------

# A PUA glyph with the base character and marks around it, so the repair shows context.
_PUA_CLUSTER = re.compile(f"[^\\s{_PUA}{_MARKS}]?[{_MARKS}]*[{_PUA}][{_PUA}{_MARKS}]*")
# Spaces between a Thai character and a combining mark: a mark cannot start a word.
_SPACE_BEFORE_MARK = re.compile(f"(?<=[\u0e01-\u0e4e]) +(?=[{_MARKS}])")
# NIKHAHIT + SARA AA, with tone marks before the NIKHAHIT or between it and SARA AA.
_SARA_AM_SPLIT = re.compile(
    f"(?P<pre>[^\\s{_MARKS}]?[{_MARKS}]*?){_NIKHAHIT}(?P<tones>[{_TONES}]*){_SARA_AA}"
)
# No Thai word has SARA AA after SARA AM: pdfminer writes ำ as ำา.
_SARA_AM_STRAY_AA = re.compile(
    f"(?P<pre>[^\\s{_MARKS}]?[{_MARKS}]*){_SARA_AM}{_SARA_AA}+"
)
# Two or more marks on one base: candidates for reordering and de-duplication.
_MARK_RUN = re.compile(f"(?P<base>[^\\s{_MARKS}]?)(?P<marks>[{_MARKS}]{{2,}})")
_TONE_VOWEL_RUN = re.compile(f"[{_AFTER_VOWEL}{_VOWEL_MARKS}]{{2,}}")
_DUPLICATE = re.compile(r"(.)\1+")
# Whatever any rule below would change: an invisible character or odd space or a PUA
# glyph, a space between a Thai character and a mark, a split or doubled SARA AM, a mark
# written after a vowel mark but before it, two identical marks. Each is found from the
# character it starts with, the lookbehind checking which one that was: a pattern that
# opens with one character class is searched in C from one such character to the next,
# where alternatives opening with other things are tried at every character. A line
# without any (nearly every line of a clean export) and in NFC is left as it is after
# one search.
_ODD = "".join(chr(cp) for cp in _INVISIBLE_AND_SPACES) + _PUA
_REPAIR_STARTS = _ODD + " " + _SARA_AM + _MARKS
_REPAIRS_FROM_START = "|".join((
    f"(?<=[{_ODD}])",
    f"(?<=[\u0e01-\u0e4e] ) *[{_MARKS}]",
    f"(?<={_NIKHAHIT})[{_TONES}]*{_SARA_AA}",
    f"(?<={_SARA_AM}){_SARA_AA}",
    f"(?<=[{_AFTER_VOWEL}])[{_AFTER_VOWEL}{_VOWEL_MARKS}]*[{_VOWEL_MARKS}]",
    f"(?<=([{_MARKS}]))\\1",
))
_NEEDS_REPAIR = re.compile(f"[{_REPAIR_STARTS}](?:{_REPAIRS_FROM_START})")
# The same, or a Thai digit (`unchanged_by_repairs`).
_NEEDS_REPAIR_OR_DIGITS = re.compile(
    f"[{_REPAIR_STARTS}๐-๙](?:(?<=[๐-๙])|{_REPAIRS_FROM_START})")
_IS_VOWEL_MARK = re.compile(f"[{_VOWEL_MARKS}]")

# Rule passes stop when the text stops changing; this bound only guards against a bug.
_MAX_PASSES = 8


def _sub_recorded(
    pattern: re.Pattern[str],
    rule: str,
    fix: Callable[[re.Match[str]], str],
    text: str,
    repairs: list[Repair],
) -> str:
    def replace(match: re.Match[str]) -> str:
        original = match.group(0)
        replacement = fix(match)
        if replacement != original:
            repairs.append(Repair(rule, original, replacement))
        return replacement

    return pattern.sub(replace, text)


_MARKS_ON_DIGIT = re.compile(f"(?<=[0-9๐-๙])[{_MARKS}]+")


def drop_marks_on_digits(text: str) -> tuple[str, list[Repair]]:
    """OCR text without Thai marks written on a digit (`1๊`): no digit carries one, so
    the mark is a speck over it that the OCR read as a mark (rule `mark_on_digit`)."""
    repairs: list[Repair] = []

    def drop(match: re.Match[str]) -> str:
        digit = text[match.start() - 1]
        repairs.append(Repair("mark_on_digit", digit + match.group(0), digit))
        return ""

    return _MARKS_ON_DIGIT.sub(drop, text), repairs


def _fix_space_before_mark(text: str, repairs: list[Repair]) -> str:
    def replace(match: re.Match[str]) -> str:
        # Report the letter before and the mark after, e.g. "ท ี" -> "ที".
        before, after = text[match.start() - 1], text[match.end()]
        repairs.append(Repair("space_before_mark", before + match.group(0) + after,
                              before + after))
        return ""

    return _SPACE_BEFORE_MARK.sub(replace, text)


def _order_marks(marks: str) -> str:
    # Within a run of vowel and tone marks, vowels first, tones after (stable).
    def reorder(match: re.Match[str]) -> str:
        run = match.group(0)
        vowels = [c for c in run if _IS_VOWEL_MARK.match(c)]
        others = [c for c in run if not _IS_VOWEL_MARK.match(c)]
        return "".join(vowels + others)

    return _TONE_VOWEL_RUN.sub(reorder, marks)


def _fix_marks(text: str, repairs: list[Repair]) -> str:
    def replace(match: re.Match[str]) -> str:
        base, marks = match.group("base"), match.group("marks")
        ordered = _order_marks(marks)
        if ordered != marks:
            repairs.append(Repair("mark_order", base + marks, base + ordered))
        # Collapse after reordering: "ิ่ิ" only shows its duplicate once ordered.
        single = _DUPLICATE.sub(r"\1", ordered)
        if single != ordered:
            repairs.append(Repair("duplicate_mark", base + ordered, base + single))
        return base + single

    return _MARK_RUN.sub(replace, text)


def repair_unicode(text: str) -> tuple[str, list[Repair]]:
    """Repair one line of Thai text; returns the text and the repairs made.

    Steps, in order:

    1. Remove zero-width characters (U+200B-U+200D, U+2060, BOM, soft hyphen) and turn
       NBSP and other Unicode spaces into plain spaces; TAB and newlines stay. Silent.
    2. Map Thai glyph variants in the Private Use Area to standard characters
       (rule "pua_glyph").
    Then, repeated until the text no longer changes (one pass for real text):
    3. Remove spaces between a Thai character and a combining mark ("space_before_mark").
       Done before NFC so that the marks it brings together are then put in NFC order.
    4. NFC. Silent.
    5. NIKHAHIT + SARA AA -> SARA AM, also around tone marks ("sara_am_split").
    6. SARA AA right after SARA AM is dropped ("sara_am_stray_aa").
    7. A tone mark or THANTHAKHAT before an above/below vowel moves after it
       ("mark_order"); identical adjacent marks collapse to one ("duplicate_mark").

    Idempotent: repairing the result again changes nothing and reports nothing.
    """
    if not _NEEDS_REPAIR.search(text) and unicodedata.is_normalized("NFC", text):
        return text, []
    return _repair_unicode_fully(text)


def unchanged_by_repairs(text: str) -> bool:
    """Whether `repair_unicode` and `thai_digits_to_arabic` both leave the text as it is,
    as they do nearly every line of a clean export: one search, and the NFC check."""
    return (not _NEEDS_REPAIR_OR_DIGITS.search(text)
            and unicodedata.is_normalized("NFC", text))


def _repair_unicode_fully(text: str) -> tuple[str, list[Repair]]:
    """`repair_unicode`, every step run whether the text needs it or not."""
    repairs: list[Repair] = []
    text = text.translate(_INVISIBLE_AND_SPACES)
    table = _pua_table()
    text = _sub_recorded(_PUA_CLUSTER, "pua_glyph", lambda m: m.group(0).translate(table),
                         text, repairs)
    for _ in range(_MAX_PASSES):
        before = text
        text = _fix_space_before_mark(text, repairs)
        text = unicodedata.normalize("NFC", text)
        text = _sub_recorded(
            _SARA_AM_SPLIT, "sara_am_split",
            lambda m: m.group("pre") + m.group("tones") + _SARA_AM, text, repairs)
        text = _sub_recorded(
            _SARA_AM_STRAY_AA, "sara_am_stray_aa",
            lambda m: m.group("pre") + _SARA_AM, text, repairs)
        text = _fix_marks(text, repairs)
        if text == before:
            break
    return text, repairs


def thai_digits_to_arabic(text: str) -> str:
    """Replace Thai digits ๐-๙ with 0-9; nothing else changes."""
    # Only the digits are translated: translating a whole line looks up each of its
    # characters, and most lines hold no Thai digit or a few.
    return _THAI_DIGIT_RUN.sub(_arabic_run, text)


def _arabic_run(match: re.Match[str]) -> str:
    return match.group(0).translate(_THAI_DIGITS)


def collapse_spaces(text: str) -> str:
    """Turn every run of whitespace (spaces, tabs, line breaks) into one space; trim the ends."""
    return " ".join(text.split())


# Thai letters for joining: consonants, vowels and marks. Thai digits, the baht sign and
# the punctuation ๏ ๚ ๛ are not letters. MAIYAMOK (ๆ) and PAIYANNOI (ฯ) attach to the
# word before them but are followed by a space in Thai writing ("ต่างๆ นานา"), so they
# join on their left only.
_ENDS_WORD = "ๆฯ"


def _is_thai_letter(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e3a" or "\u0e40" <= char <= "\u0e4e"


def join_broken_text(left: str, right: str) -> str:
    """Join two parts of a value split by a line or page break.

    No space when a Thai letter meets a Thai letter (Thai writes no spaces between words)
    unless the break is beside a word Thai sets apart (`data/thai_spacing.tsv`: ณ, หมายถึง,
    ...), nor beside a slash between Thai words; else one space. Empty parts are skipped;
    the ends are trimmed.
    """
    left, right = left.strip(), right.strip()
    if not left or not right:
        return left or right
    last, first = left[-1], right[0]
    if (_is_thai_letter(last) and _is_thai_letter(first) and last not in _ENDS_WORD
            and not _set_apart(left, right)):
        return left + right
    # A slash between Thai words is set solid too (โครงการ/กิจกรรม: 55 of the samples'
    # 63; the spaced ones are form labels, printed on one line).
    if (last == "/" and _is_thai_letter(left[-2:-1] or " ") and _is_thai_letter(first)) or (
            first == "/" and _is_thai_letter(last) and _is_thai_letter(right[1:2] or " ")):
        return left + right
    return left + " " + right


@functools.cache
def _spaced_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words written with a space after them, and with one before (`data/thai_spacing.tsv`)."""
    rows = read_tsv("thai_spacing.tsv")
    return (tuple(r["word"] for r in rows if r["side"] in ("after", "both")),
            tuple(r["word"] for r in rows if r["side"] in ("before", "both")))


def _set_apart(left: str, right: str) -> bool:
    """Whether the break between `left` and `right` falls beside a word Thai writing sets
    apart with a space: whole words, not the end of a longer one (ณ of ประมาณ)."""
    spaced_after, spaced_before = _spaced_words()
    # Compared repaired: OCR gives SARA AM as NIKHAHIT + SARA AA (ประจําปี).
    tail, head = repair_unicode(left[-40:])[0], repair_unicode(right[:40])[0]
    endings = [w for w in spaced_after if tail.endswith(w)]
    startings = [w for w in spaced_before if head.startswith(w)]
    return (any(len(tail) - len(w) in _word_starts(tail) for w in endings)
            or any(len(w) in _word_starts(head) for w in startings))


def _word_starts(text: str) -> set[int]:
    """Offsets in `text` where pythainlp's dictionary words begin."""
    from pythainlp.tokenize import word_tokenize  # loaded only when a listed word is met

    starts, at = {0}, 0
    for token in word_tokenize(text, engine="newmm"):
        at += len(token)
        starts.add(at)
    return starts
