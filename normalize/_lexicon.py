"""Lexicons as data, and matching printed names against them.

The data files in `normalize/data/` hold the canonical entities (Bangkok districts and
their groups, BMA agencies with abbreviations) and their known misspellings, one alias per
row. Matching tries, in order: the canonical name, a listed alias, an abbreviation, then a
fuzzy match bounded by edit distance. A fuzzy match is accepted only when it is close
(see `_max_distance`) and clearly better than the runner-up, and it can only ever return a
name the lexicon holds: the matcher never invents a spelling.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ._data import read_tsv
from ._thai_text import Repair

_SPACES = re.compile(r"\s+")


class EntityMatch(NamedTuple):
    canonical: str
    raw: str
    rule: str  # "exact", "spacing", "alias", "abbreviation", "fuzzy", "district_office",
    #            "abbreviation_letters", "label_garbled" (a district group's)
    distance: int = 0

    @property
    def repaired(self) -> bool:
        return self.rule != "exact"


def _key(text: str) -> str:
    # Spaces inside Thai names are layout, not spelling ("กรุงเทพ ตะวันออก").
    return _SPACES.sub("", text).strip()


# Thai vowels and tone marks written above or below a letter.
_MARKS = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")


# closest_name: how alike (0-100, letters only) a reading and the name it is taken for must
# be, and how far ahead of the next closest name.
CLOSEST_MIN = 45
CLOSEST_MARGIN = 15


def _max_distance(key: str) -> int:
    # One slip per six characters, at most 3: enough for OCR's dropped or swapped marks,
    # too little to turn one real district into another (the closest pairs differ by 3+).
    return min(3, len(key) // 6)


class _FixList(NamedTuple):
    any_wrong: re.Pattern[str]  # finds any misspelling of the list: one search a line
    fixes: tuple[tuple[re.Pattern[str], str, str], ...]  # (pattern, wrong, right)


@functools.cache
def _spelling_fixes(name: str) -> _FixList:
    """The fixes of a fix list, longest misspelling first so that it wins over one it
    contains. A fix never applies right after a leading vowel (เ แ โ ใ ไ belong to the
    syllable of the letter after them: เชือก) or right before a Thai mark: the printed
    word was then another one."""
    rows = read_tsv(name)
    ordered = sorted(((r["wrong"], r["right"]) for r in rows), key=lambda p: -len(p[0]))
    fixes = tuple((re.compile("(?<![\u0e40-\u0e44])" + re.escape(wrong)
                              + "(?![\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"), wrong, right)
                  for wrong, right in ordered)
    any_wrong = re.compile("|".join(re.escape(wrong) for wrong, _ in ordered) or "(?!)")
    return _FixList(any_wrong, fixes)


def _apply_spelling_fixes(text: str, name: str, rule: str) -> tuple[str, list[Repair]]:
    fix_list = _spelling_fixes(name)
    if not fix_list.any_wrong.search(text):
        return text, []
    repairs: list[Repair] = []
    for pattern, wrong, right in fix_list.fixes:
        text, count = pattern.subn(right, text)
        repairs.extend(Repair(rule, wrong, right) for _ in range(count))
    return text, repairs


def apply_ocr_fixes(text: str) -> tuple[str, list[Repair]]:
    """Misspellings of `data/ocr_fixes.tsv`, repaired in all text (rule `ocr_fix`)."""
    return _apply_spelling_fixes(text, "ocr_fixes.tsv", "ocr_fix")


def apply_ocr_scan_fixes(text: str) -> tuple[str, list[Repair]]:
    """Tesseract's known misreadings of Thai (`data/ocr_scan_fixes.tsv`), for OCR text
    only (rule `ocr_scan_fix`)."""
    return _apply_spelling_fixes(text, "ocr_scan_fixes.tsv", "ocr_scan_fix")


class _Lexicon(NamedTuple):
    canonical: dict[str, str]  # key -> canonical name
    aliases: dict[str, str]  # key of alias -> canonical name
    # What fuzzy matching compares, made once: every key (canonical, then aliases), the
    # canonical name of each, and each key without its marks (`_skeleton`).
    keys: tuple[str, ...]
    names: tuple[str, ...]
    skeletons: tuple[str, ...]


def _lexicon(canonical: dict[str, str], aliases: dict[str, str]) -> _Lexicon:
    entries = [*canonical.items(), *aliases.items()]
    return _Lexicon(canonical, aliases, tuple(key for key, _ in entries),
                    tuple(name for _, name in entries),
                    tuple(_skeleton(key) for key, _ in entries))


def _best_fuzzy(key: str, lexicon: _Lexicon) -> tuple[str, int] | None:
    limit = _max_distance(key)
    found = _closest(key, lexicon.keys, lexicon.names, limit) if limit else None
    if found is None and len(_skeleton(key)) >= 3:
        # OCR drops and misreads the marks above and below the letters far more than the
        # letters: names whose letters agree (ดูสิต / ดุสิต) are the same name.
        skeleton = _skeleton(key)
        found = _closest(skeleton, lexicon.skeletons, lexicon.names, len(skeleton) // 8)
        if found is not None:
            found = (found[0], Levenshtein.distance(key, _key(found[0])))
    return found


def _skeleton(key: str) -> str:
    return _MARKS.sub("", key)


def _closest(key: str, choices: tuple[str, ...], names: tuple[str, ...], limit: int,
             ) -> tuple[str, int] | None:
    """The one entity (`names[i]`, spelled `choices[i]`) within `limit` edits of `key`;
    None when there is none, or a second entity is about as close."""
    scored = [(d, names[i]) for _, d, i in process.extract(
        key, choices, scorer=Levenshtein.distance, score_cutoff=limit, limit=None)]
    if not scored:
        return None
    scored.sort()
    best_d, best = scored[0]
    rivals = [c for d, c in scored if c != best and d <= best_d + 1]
    if rivals:
        return None  # ambiguous: two real entities are about as close
    return best, best_d


def _match(raw: str, lexicon: _Lexicon, abbreviations: dict[str, str] | None = None,
           ) -> EntityMatch | None:
    key = _key(raw)
    if not key:
        return None
    if key in lexicon.canonical:
        canonical = lexicon.canonical[key]
        return EntityMatch(canonical, raw, "exact" if canonical == raw.strip() else "spacing")
    if key in lexicon.aliases:
        return EntityMatch(lexicon.aliases[key], raw, "alias")
    if abbreviations:
        abbr = key.rstrip(".") + "."
        if abbr in abbreviations:
            return EntityMatch(abbreviations[abbr], raw, "abbreviation")
    fuzzy = _best_fuzzy(key, lexicon)
    if fuzzy:
        return EntityMatch(fuzzy[0], raw, "fuzzy", fuzzy[1])
    return None


@functools.cache
def _districts() -> tuple[_Lexicon, dict[str, str], _Lexicon]:
    rows = read_tsv("districts.tsv")
    canonical = {_key(r["district"]): r["district"] for r in rows}
    aliases = {_key(r["alias"]): r["district"] for r in read_tsv("district_aliases.tsv")}
    group_of = {r["district"]: r["group"] for r in rows}
    groups = {_key(g): g for g in group_of.values()}
    return _lexicon(canonical, aliases), group_of, _lexicon(groups, {})


def district_names() -> dict[str, str]:
    """Canonical district name -> its district group."""
    return dict(_districts()[1])


# The matches below depend on the printed name alone (the lexicons are read once): a
# batch meets the same names document after document, and matches each once.
_MATCHES_KEPT = 4096


@functools.lru_cache(maxsize=_MATCHES_KEPT)
def match_district(raw: str) -> EntityMatch | None:
    """A Bangkok district name as printed (with or without the word เขต / สำนักงานเขต)."""
    name = re.sub(r"^(?:สำนักงานเขต|เขต)\s*", "", raw.strip())
    return _match(name, _districts()[0])


def match_district_group(raw: str) -> EntityMatch | None:
    """A district group label as printed ("กลุ่มเขต กรุงเทพ ตะวันออก")."""
    name = re.sub(r"^กลุ่ม\s*เขต\s*", "", raw.strip())  # a scan may space the label anywhere
    found = _match(name, _districts()[2])
    if found is None and len(words := name.split(None, 1)) == 2:
        # The label garbled past recognition ('Naulus กรุงธนเหนือ'): the name after it.
        found = _match(words[1], _districts()[2])
        found = found._replace(rule="label_garbled") if found else None
    return found._replace(raw=raw) if found else None


@functools.cache
def _agencies() -> tuple[_Lexicon, dict[str, str]]:
    rows = read_tsv("agencies.tsv")
    canonical = {_key(r["agency"]): r["agency"] for r in rows}
    aliases = {_key(r["alias"]): r["agency"] for r in read_tsv("agency_aliases.tsv")}
    abbreviations = {r["abbreviation"]: r["agency"] for r in rows if r["abbreviation"]}
    return _lexicon(canonical, aliases), abbreviations


def agency_abbreviations() -> dict[str, str]:
    """The offices' abbreviations as printed ('สพส.') -> canonical agency name."""
    return _agencies()[1]


@functools.lru_cache(maxsize=_MATCHES_KEPT)
def match_agency(raw: str) -> EntityMatch | None:
    """A BMA agency name as printed; a single district office ("สำนักงานเขตบางรัก")
    becomes "สำนักงานเขต" + the canonical district name."""
    lexicon, abbreviations = _agencies()
    found = _match(raw, lexicon, abbreviations)
    if found:
        return found
    office = re.match(r"^\s*(?:สำนักงานเขต|สนข\.?)\s*(\S.*)$", raw)
    if office:
        district = match_district(office.group(1))
        if district:
            return EntityMatch("สำนักงานเขต" + district.canonical, raw, "district_office",
                               district.distance)
    return None


def closest_name(raw: str, names: list[str], min_ratio: int = CLOSEST_MIN) -> str | None:
    """The one of a few `names` that `raw` is clearly a damaged reading of: compared on
    letters alone (OCR's marks are the least reliable), at least `min_ratio` alike (half,
    unless the caller needs more) and well ahead of the next closest; None when no name
    stands out."""
    letters = _MARKS.sub("", _key(raw))
    scored = sorted(((fuzz.ratio(letters, _MARKS.sub("", name)), name) for name in names),
                    reverse=True)
    if not scored or scored[0][0] < min_ratio:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < CLOSEST_MARGIN:
        return None
    return scored[0][1]


def match_abbreviation(raw: str) -> EntityMatch | None:
    """A BMA agency abbreviation as printed ('สพส.'); the match's canonical is the
    abbreviation. OCR drops or adds marks and reads a letter out of place ('สูพส์.',
    'พสส.'): a reading with the letters of exactly one known abbreviation, in another
    order, is taken for it (rule 'abbreviation_letters'). A letter read as another is
    not: สนข. and สนอ. differ in one letter."""
    abbreviations = agency_abbreviations()
    key = _key(raw).rstrip(".") + "."
    if key in abbreviations:
        return EntityMatch(key, raw, "exact" if key == raw.strip() else "spacing")
    letters = sorted(_MARKS.sub("", key))
    same = [a for a in abbreviations if sorted(a) == letters]
    return EntityMatch(same[0], raw, "abbreviation_letters") if len(same) == 1 else None


def match_phrase(text: str, phrases: list[str]) -> tuple[str, int] | None:
    """The phrase of `phrases` that occurs earliest in `text` (spaces ignored), or one
    within a small edit distance of a stretch of `text`; returns (phrase, position)."""
    return _match_phrase(text, tuple(phrases))


@functools.lru_cache(maxsize=_MATCHES_KEPT)
def _match_phrase(text: str, phrases: tuple[str, ...]) -> tuple[str, int] | None:
    key = _key(text)
    found: list[tuple[int, int, str]] = []
    for phrase in phrases:
        pkey = _key(phrase)
        pos = key.find(pkey)
        if pos >= 0:
            found.append((pos, 0, phrase))
            continue
        limit = _max_distance(pkey)
        if limit and len(key) >= len(pkey) - limit:
            best = None
            for start in range(0, max(1, len(key) - len(pkey) + limit + 1)):
                window = key[start:start + len(pkey)]
                d = Levenshtein.distance(window, pkey, score_cutoff=limit + 1)
                if d <= limit and (best is None or d < best[0]):
                    best = (d, start)
            if best:
                found.append((best[1], best[0], phrase))
    if not found:
        return None
    pos, _d, phrase = min(found)
    return phrase, pos


# --- labels that open a printed line ------------------------------------------------------

# How alike (0-100) a line's opening and a label must be for a garbled reading to count:
# about a letter wrong in ten, marks aside.
LABEL_LIKENESS = 90
# A Thai letter or vowel (not a digit, nor ฯ or a sign that ends a word).
_THAI_LETTER = re.compile("[\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e4e]")


class _Label(NamedTuple):
    key: str  # spaces and marks removed
    apart: bool
    fuzzy: bool


@functools.cache
def _line_labels() -> tuple[_Label, ...]:
    """The labels of `line_labels.tsv`, without their marks: OCR drops and swaps marks
    most, even on a label it reads otherwise right (`ยุทธศาสตร์ที.` for ยุทธศาสตร์ที่)."""
    return tuple(_Label(_MARKS.sub("", _key(row["label"])), row["apart"] == "yes",
                        row["fuzzy"] == "yes") for row in read_tsv("line_labels.tsv"))


def opens_with_label(text: str) -> bool:
    """Whether a printed line begins with a label of the forms (`line_labels.tsv`), as
    printed (its marks aside) or, for a long label, as OCR garbles it: such a line starts
    a paragraph."""
    key = _key(text).lstrip(":.*-–•")
    bare = _MARKS.sub("", key)
    for label in _line_labels():
        for rest in _after_label(label, bare):
            if not (label.apart and _THAI_LETTER.match(rest)):
                return True
    return False


def _after_label(label: _Label, bare: str) -> Iterator[str]:
    """What follows `label` where the line begins with it (none when it does not)."""
    if not label.fuzzy:
        if bare.startswith(label.key):
            yield bare[len(label.key):]
        return
    # The first letter must be right (a line that starts inside a phrase is no label's
    # garbling); a letter lost or added shifts the label's end by one.
    if bare[:1] != label.key[:1]:
        return
    for shift in (0, -1, 1):
        end = len(label.key) + shift
        if fuzz.ratio(bare[:end], label.key) >= LABEL_LIKENESS:
            yield bare[end:]


# Least similarity (rapidfuzz ratio, 0-100) of two cells of one row printed twice.
_SAME_CELL = 75
_SAME_CELL_PART = 90
_SAME_ROW = 85  # the letters of a whole row (a header of short cells) read twice
_LABEL_CELL = 6  # letters a first cell needs to say the row is a header's copy


def same_printed_row(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two rows' cell texts (spaces removed) are one row printed twice (a table's
    header repeated on the next page). Read again by OCR, the copy differs by a letter
    or two, so cells may differ a little, and in a row of four cells or more, one in four
    may differ more; half may, where the first cell is the same words (a header's first
    label, `ขั้นตอนการดำเนินงาน`, which no body row repeats) and the other ones garbled
    (`ปีงบประมาณ WA. Wedel`), or where the rows' letters mostly agree: slips in short
    cells (`ที่` read `ทื`) weigh what they are in the row, a letter or two."""
    if tuple(a) == tuple(b):
        return True
    if len(a) != len(b) or not a:
        return False
    # In a wide header one cell may be garbled beyond matching (น้ำหนัก read as `wavin`).
    differing = sum(not _same_cell(x, y) for x, y in zip(a, b, strict=True))
    if differing <= len(a) // 4:
        return True
    if differing > len(a) // 2 or len(a) < 2:
        return False
    return ((len(a[0]) >= _LABEL_CELL and fuzz.ratio(a[0], b[0]) >= 90)
            or fuzz.ratio("".join(a), "".join(b)) >= _SAME_ROW)


def _same_cell(a: str, b: str) -> bool:
    if fuzz.ratio(a, b) >= _SAME_CELL:
        return True
    # OCR can lose a part of a cell (a Latin gloss in a narrow column): the rest must match.
    return min(len(a), len(b)) >= 6 and fuzz.partial_ratio(a, b) >= _SAME_CELL_PART
