"""Sequences a scan misread, mended from their places: one structure-repair step that runs
on the blocks of every document, whatever its form.

Printed tables number their rows and head their columns in runs: steps 1, 2, 3 ...,
scoring levels 5 .. 1, months one a column, years one a column. OCR reads a digit as
signs (`๒.` as `lo.`, `๑.` as `©.`), as a Thai letter (`๗.` as `ฒ.`) or as another digit
(๔ as ๕, so that one number stands twice and one is missing), or loses it; a month
abbreviation it may read with the English model (`พ.ย.` as `WE.`). Where the members of
the run that were read agree, the one misread takes the value its place implies, and its
cell's text is changed, so that a form parser reads the number as printed:

- **Numbered rows**: in a table's first column, cells that start with an item number
  (`1.`, `2)`, or a number alone) running up or down by one. A cell whose number is signs
  or a Thai letter before the full stop, a speck, a digit with a sign (`4]`), or a short
  word before the first number read, takes its place's number; so does a number read as
  another where that breaks the order (a number twice), and, in a document read from
  page images, a row without a number between n and n + 2, and a number alone before
  the row's text where the next item's stands (`10 ติดตาม` after `9.`: its stop lost).
  A number whose two digits were read apart (`1 0 .`) is written as printed where the
  run has it.
  Rows without a number in a text export have none: a gap in its numbering is real.
- **Runs of months and years** across a row: a header cell that is no month (or no year)
  beside cells that are, running one a column, is the month (or year) of its place.
- **Runs of years in a cell's text** (`mend_year_run`), for a form that reads them there:
  a year off a run of years one a year is the year of its place.

Only unambiguous evidence counts: two read numbers on either side of a gap that agree,
a run all of whose numbers but the one misread agree, or (before the first number read
or after the last) list items counted from it; otherwise the cell is left as read.

Every mend is recorded on the document, so that no value taken from its place is given
without saying so: a `Repair` (rule `sequence_inferred`) for the `repairs` table, and a
flag on its line (`unreadable_number`, or `month_inferred` for a month), which the
extraction turns into a warning issue.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from .. import normalize
from ._blocks import Block, Cell, Paragraph, Row, Span, Table
from ._document import Document, Repair
from ._structure import paragraph_of

RULE = "sequence_inferred"

# An item number: '1.', '2..' (a speck beside the stop), '3)', or a number alone in its
# cell ('5'); never a section number ('1.1').
_NUMBER = re.compile(r"^([0-9]{1,2})(?:(\.+|\))(?=\s|$)|$)")
# An item number of two digits OCR read apart ('1 0 .' for ๑๐.).
_SPACED = re.compile(r"^([0-9])\s+([0-9])\s*(\.+|\))(?=\s|$)")
# Where an item number stands, what OCR made of it: one or two signs or Latin letters, or
# one Thai letter (with a mark), before the stop or a comma read for it ('lo.', '©.',
# 'on.', 'ฒ.', 'ญ่.', 'ณ.,', 'อ,').
_UNREAD = re.compile(
    r"^([^\s\u0e01-\u0e4e]{1,2}|[\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]?)"
    r"(\.+,?|\)|,)(?=\s|$)")
# A cell of one or two signs alone where a number stands by itself ('-' for ๔).
_SPECK = re.compile(r"^[^\s0-9]{1,2}$")
# ...or of a digit or two with a sign or a Latin letter shaped like a digit ('4]' for 41,
# 'l2' for 12): one number, partly misread.
_GARBLED = re.compile(r"^(?=\S*[0-9])(?=\S*[^0-9])[0-9lIOo|!\[\]/\\'`*:;]{2,3}$")
# A short word without Thai letters before the item's text ('200' for "๑. สพส.", '0'):
# taken for an item number only before the first number read.
_LEAD = re.compile(r"^([^\s\u0e01-\u0e4e]{1,4})(?=\s+\S)")
# A cell this short, in a column of numbers alone, is its number and a speck ('4 น').
_NUMBER_ALONE_CHARS = 3
_SECTION = re.compile(r"^[0-9]+(?:\.[0-9]+)+\.?$")
_THAI_LETTER = re.compile(r"[\u0e01-\u0e2e]")
_DIGIT = re.compile(r"[0-9]")

# A header cell farther than this from a month or year read is not told from it.
_REACH = 11
_HEADER_CELL_CHARS = 12  # longer cells hold text, not a garbled month or year
FISCAL_FIRST_MONTH = 9  # October, months counted from 0 (`_month_of`)


@dataclass(frozen=True)
class Mend:
    """One cell's text changed: what it held, what it holds now, and what to say."""

    line: int
    page: int | None
    original: str
    replacement: str
    code: str  # the issue it becomes: unreadable_number / month_inferred
    message: str


def mend_sequences(doc: Document, blocks: list[Block]) -> None:
    """Mend the runs of every table in `blocks` (nested ones too) and record each mend on
    `doc` (`Document.repairs`, `Document.line_flags`), once however often it is run."""
    for table in _tables(blocks):
        record(doc, mend_table(table, recognized=doc.recognized))


def record(doc: Document, mends: list[Mend]) -> None:
    """Each mend as a repair and as a flag on its line, each once."""
    for mend in mends:
        repair = Repair(mend.line, RULE, mend.original, mend.replacement, mend.page)
        if repair not in doc.repairs:
            doc.repairs.append(repair)
        flag = (mend.line, mend.code, mend.message)
        if flag not in doc.line_flags:  # a row's months share one
            doc.line_flags.append(flag)


def mend_table(table: Table, *, recognized: bool) -> list[Mend]:
    """Mend the numbered rows and the header runs of one table (not the tables in its
    cells); `recognized`: its letters were read from page images."""
    mends = _mend_numbers(table.rows, recognized=recognized)
    for row in table.rows:
        texts = row.texts()
        if not _may_be_header_run(texts):
            continue
        months = _mend_header_run(row, texts, _month_of, _month_text, months=True,
                                  recognized=recognized)
        if months:  # cells changed: the years are looked for in their new texts
            texts = row.texts()
        mends += months + _mend_header_run(row, texts, _year_of, _year_text, months=False,
                                           recognized=recognized)
    return mends


def _tables(blocks: list[Block]) -> Iterator[Table]:
    for block in blocks:
        if isinstance(block, Table):
            yield block
            for row in block.rows:
                for cell in row.cells:
                    # A generator only for a table in a cell: most cells hold none.
                    for inner in cell.blocks:
                        if isinstance(inner, Table):
                            yield from _tables([inner])


# --- numbered rows -------------------------------------------------------------------------


@dataclass
class _Entry:
    """A row whose first cell holds text, read as an item of a numbered column."""

    row: Row
    text: str
    kind: str  # number / unread / speck / lead / text (and stopless, lost: in a run)
    number: int | None = None
    marker: str = ""  # '.', ')' or '' (a number alone)
    token: str = ""  # the text where the number stands


def _entry(row: Row) -> _Entry | None:
    text = row.cell(0).text
    if not text:
        return None
    if found := _NUMBER.match(text):
        return _Entry(row, text, "number", int(found.group(1)), (found.group(2) or "")[:1],
                      found.group(0))
    if found := _SPACED.match(text):
        return _Entry(row, text, "spaced", int(found.group(1) + found.group(2)),
                      found.group(3)[:1], found.group(0))
    if found := _UNREAD.match(text):
        # (a comma read for the stop: the stop)
        return _Entry(row, text, "unread", marker=found.group(2)[:1].replace(",", "."),
                      token=found.group(0))
    if _SPECK.match(text) or _GARBLED.match(text):
        return _Entry(row, text, "speck", token=text)
    if (found := _LEAD.match(text)) and not _SECTION.match(found.group(1)):
        return _Entry(row, text, "lead", token=found.group(1))
    return _Entry(row, text, "text")


def _mend_numbers(rows: list[Row], *, recognized: bool) -> list[Mend]:
    entries = [e for row in rows if (e := _entry(row)) is not None]
    mends: list[Mend] = []
    for stretch in _stretches(entries, recognized=recognized):
        mends += _mend_stretch(stretch, recognized=recognized)
    return mends


def _stretches(entries: list[_Entry], *, recognized: bool) -> Iterator[list[_Entry]]:
    """The runs of items in a column: rows that hold a number or something where a number
    stands, broken by rows of text (a header, a heading between parts). A short word
    counts only before the first number; after one, it and a row of text without a number
    count only where they stand between n and n + 2 in a recognized text, as wide as the
    rows around them (a heading between parts is one cell)."""
    stretch: list[_Entry] = []
    for i, entry in enumerate(entries):
        numbered = any(e.kind == "number" for e in stretch)
        if recognized and entry.kind == "lead" and numbered and _next_number(stretch, entry):
            entry.kind = "stopless"  # its number where it stands, the stop lost
            stretch.append(entry)
        elif entry.kind in ("number", "spaced", "unread", "speck") or (
                entry.kind == "lead" and not numbered):
            stretch.append(entry)
        elif recognized and stretch and _lost_number(entries, i):
            entry.kind = "lost"
            stretch.append(entry)
        else:
            if stretch:
                yield stretch
            stretch = [entry] if entry.kind == "lead" else []
    if stretch:
        yield stretch


def _next_number(stretch: list[_Entry], entry: _Entry) -> bool:
    """Whether a short word opening a row after numbered items is the next item's number
    with its stop lost ('10 ติดตาม' after '9.', or after '7.' and two numbers unread):
    the number the list counts to there from the last number read."""
    at, last = next((k, e) for k, e in reversed(list(enumerate(stretch)))
                    if e.kind == "number")
    return (last.marker == "." and entry.token.isdigit()
            and int(entry.token) == (last.number or 0) + len(stretch) - at)


def _lost_number(entries: list[_Entry], i: int) -> bool:
    if i + 1 >= len(entries):
        return False
    before, entry, after = entries[i - 1], entries[i], entries[i + 1]
    if before.number is None or after.number is None or abs(after.number - before.number) != 2:
        return False
    return _width(entry.row) > 1 or max(_width(before.row), _width(after.row)) == 1


def _width(row: Row) -> int:
    return sum(1 for text in row.texts() if text)


def _mend_stretch(stretch: list[_Entry], *, recognized: bool) -> list[Mend]:
    numbers = [e.number for e in stretch]
    # A list's items ('1.', '2)') count up; numbers alone (levels 5 .. 1) may run down.
    count_up = any(e.marker for e in stretch if e.kind == "number")
    fitted = fit_run(numbers, count_up=count_up)
    if fitted is None:
        if recognized and count_up and (k := _off_the_count_from_one(numbers)) is not None:
            return [_renumber(stretch[k], k + 1, stretch)]
        return []
    first, step = fitted
    read = [k for k, n in enumerate(numbers) if n is not None]
    misfits = [k for k in read if numbers[k] != first + step * k]
    holes = [k for k, n in enumerate(numbers) if n is None]
    mends = []
    if misfits:
        # Two kinds of trouble in one run are told apart only where each hole stands
        # between two numbers that fit: then the hole is no row lost, and the number
        # off the run no row lost either.
        if any(not _between_fitting(numbers, k, misfits) for k in holes):
            return []
        [k] = misfits
        values = [numbers[j] or 0 for j in read]
        in_order = all(step * (b - a) > 0 for a, b in itertools.pairwise(values))
        expected = first + step * k
        # Numbers in order with one off the run are a row lost, not a number misread.
        if not (len(read) - 1 >= 3 and expected >= 1 and (not in_order or numbers[k] == 0)):
            return []
        mends.append(_renumber(stretch[k], expected, stretch))
    lead = [k for k in holes if k < read[0]]
    tail = [k for k in holes if k > read[-1]]
    for block in (lead, tail):
        if block and _items_before_or_after(stretch, block, first, step):
            mends += [_renumber(stretch[k], first + step * k, stretch) for k in block]
    # A hole between two numbers read takes its place in the run they fit. Several side
    # by side must each show an item's stop ('5.', '“9.', 'oY,', '8.'): specks alone
    # ('5', '-', '-', '2') may be rows of another kind.
    for k in holes:
        if k in lead or k in tail:
            continue
        beside = (numbers[k - 1], numbers[k + 1])
        if None not in beside or _unread_block(stretch, k):
            mends.append(_renumber(stretch[k], first + step * k, stretch))
    # A number read with its digits apart, where the run has it: written as printed.
    mends += [_renumber(e, n, stretch) for k, (e, n) in enumerate(zip(stretch, numbers,
                                                                       strict=True))
              if e.kind == "spaced" and n == first + step * k]
    return mends


def _between_fitting(numbers: list[int | None], k: int, misfits: list[int]) -> bool:
    """Whether place `k` stands between two numbers read that fit the run."""
    beside = (k - 1, k + 1)
    return (0 < k < len(numbers) - 1 and all(numbers[j] is not None for j in beside)
            and not any(j in misfits for j in beside))


def _off_the_count_from_one(numbers: list[int | None]) -> int | None:
    """The place of the one number read that is not its place counted from 1, where every
    other number is: too few to fit a run (`fit_run`), a list of items that starts
    a table or a part of one counts from 1 ('9', '2.' for ๑ ๒.)."""
    read = [(k, n) for k, n in enumerate(numbers) if n is not None]
    off = [k for k, n in read if n != k + 1]
    return off[0] if len(read) >= 2 and len(off) == 1 else None


def _unread_block(stretch: list[_Entry], k: int) -> bool:
    """Whether hole `k` is in a block of holes side by side that all read as item numbers
    with their stops ('“9.', 'oY,')."""
    start = k
    while start > 0 and stretch[start - 1].number is None:
        start -= 1
    end = k
    while end + 1 < len(stretch) and stretch[end + 1].number is None:
        end += 1
    return all(stretch[j].kind == "unread" for j in range(start, end + 1))


def _items_before_or_after(stretch: list[_Entry], block: list[int], first: int,
                           step: int) -> bool:
    """Whether the rows of `block`, all before the first number read or all after the
    last, are items counted from it: list items whose numbers OCR misread ('©.', 'lo.'),
    or a speck alone where one number stands. Short words before the first number count
    only where they take the list back to its start, 1."""
    kinds = {stretch[k].kind for k in block}
    values = [first + step * k for k in block]
    if min(values) < 1:
        return False
    if kinds == {"speck"}:
        return len(block) == 1
    if "lead" in kinds:
        return kinds <= {"unread", "lead"} and step == 1 and values[0] == 1
    return kinds <= {"unread", "stopless"}


def fit_run(numbers: Sequence[int | None], *, count_up: bool = False
            ) -> tuple[int, int] | None:
    """(first, step) of the run by one (step 1 or -1) that all the numbers read (None:
    not read) but at most one fall in, at their places; at least two must. One number
    alone runs up from its place where `count_up` (a list's items count up)."""
    read = [(k, n) for k, n in enumerate(numbers) if n is not None]
    if not read:
        return None
    if len(read) == 1:
        k, n = read[0]
        return (n - k, 1) if count_up else None
    fits = []
    for step in (1, -1):
        first, support = Counter(n - step * k for k, n in read).most_common(1)[0]
        if support >= 2 and support >= len(read) - 1:
            fits.append((support, first, step))
    if len(fits) != 1:
        return None
    _support, first, step = fits[0]
    return first, step


def mend_year_run(years: Sequence[int]) -> dict[int, int]:
    """Years that run one a year (a row of baseline years, in a table's cells or in one
    cell's text), where OCR read one as another (2564 as 2565: ๔ and ๕ are the digits
    Tesseract confuses most), twice over or out of order, and the others run on around
    it (`fit_run`): {index: the year its place says} of the ones off the run. Years in
    order with a gap are a year lost, not misread, and are left as read."""
    if len(years) < 3 or (len(set(years)) == len(years) and list(years) == sorted(years)):
        return {}
    fitted = fit_run(years)
    if fitted is None or fitted[1] != 1:
        return {}
    start = fitted[0]
    return {i: start + i for i, year in enumerate(years) if year != start + i}


def _renumber(entry: _Entry, number: int, stretch: list[_Entry]) -> Mend:
    """Give `entry` `number`, in place of what its cell holds there."""
    marker = entry.marker or _marker_of(stretch)
    new = f"{number}{marker}"
    if (entry.kind in ("lead", "lost") and not marker
            and len(entry.text.replace(" ", "")) <= _NUMBER_ALONE_CHARS):
        entry.token = entry.text  # a number alone in its cell, with a speck read beside it
    if entry.kind == "number":
        said = (f"item number read as {entry.number}, where the run of numbers around it "
                f"has {number}; taken as that")
    elif entry.kind == "lost" and not entry.token:
        # Nothing where the number stands: it goes before the row's first word.
        entry.token = entry.text.split()[0]
        new = f"{number}{marker or '.'} {entry.token}"
        said = f"item number not read; taken as {number}, in sequence with the rows around it"
    elif entry.kind == "spaced":
        said = (f"item number read {entry.token!r}, its digits apart; taken as {number}, "
                "in sequence with the numbers around it")
    elif entry.kind == "stopless":
        said = f"item number {number} read without its stop, in sequence with the rows above"
    else:
        unread = _UNREAD.match(entry.token)
        shown = unread.group(1) if unread else entry.token
        said = (f"item number {shown!r} unreadable; taken as {number}, in sequence with the "
                "numbers around it")
    _replace_start(entry.row.cell(0), entry.token, new)
    return Mend(entry.row.line, entry.row.page, entry.token, new, "unreadable_number", said)


def _marker_of(stretch: list[_Entry]) -> str:
    """The marker the run's numbers are printed with ('.', ')' or none)."""
    markers = Counter(e.marker for e in stretch if e.kind == "number")
    return markers.most_common(1)[0][0] if markers else "."


# --- runs across a header row --------------------------------------------------------------


# Header cells are short and few tell apart: the same few hundred texts (levels, months,
# years, column labels) are read in every table of every document.
_HEADER_VALUES_KEPT = 4096


@functools.lru_cache(maxsize=_HEADER_VALUES_KEPT)
def _month_of(text: str) -> int | None:
    month = normalize.month_in_heading(text)
    return None if month is None else month - 1  # months counted from 0, to wrap at 12


def _month_text(value: int, _like: str) -> str:
    return _month_abbreviations()[value % 12]


@functools.cache
def _month_abbreviations() -> tuple[str, ...]:
    """Each month's abbreviation as the month data spells it ('ม.ค.' ... 'ธ.ค.')."""
    from ..normalize._dates import THAI_MONTHS

    by_month: dict[int, str] = {}
    for name, month in THAI_MONTHS.items():
        if name.endswith(".") and "." in name[:-1]:
            by_month.setdefault(month, name)
    return tuple(by_month[m] for m in range(1, 13))


@functools.lru_cache(maxsize=_HEADER_VALUES_KEPT)
def _year_of(text: str) -> int | None:
    return normalize.parse_be_year(text)


def _year_text(value: int, like: str) -> str:
    """A year printed as the read cell `like` prints its own ('พ.ศ. 2563' -> 'พ.ศ. 2564')."""
    return re.sub(r"(?<![0-9])25[0-9]{2}(?![0-9])", str(value), like, count=1)


def _may_be_header_run(texts: list[str]) -> bool:
    """Whether a row has two short cells side by side, as a run of months or years read
    needs (`_mend_header_run`): most rows have none, and need not be read for values."""
    short = [0 < len(text) <= _HEADER_CELL_CHARS for text in texts]
    return any(a and b for a, b in itertools.pairwise(short))


def _fiscal_year_run(texts: list[str], read: dict[int, int]) -> list[int] | None:
    """The columns of a row of twelve short cells side by side, a fiscal year's months
    (October first), where every month read stands at its place in that year: a scan may
    misread all but one of them (a face the model reads badly: 'On', 'ไพร', '6A' ...
    'มี.ค.'). None where the row is no such run."""
    runs: list[list[int]] = []
    for j, text in enumerate(texts):
        if 0 < len(text) <= _HEADER_CELL_CHARS:
            if not runs or runs[-1][-1] != j - 1:
                runs.append([])
            runs[-1].append(j)
    for run in runs:
        if (len(run) == 12 and any(j in read for j in run)
                and all((read[j] - FISCAL_FIRST_MONTH - offset) % 12 == 0
                        for offset, j in enumerate(run) if j in read)):
            return run
    return None


def _mend_header_run(row: Row, texts: list[str], value_of: Callable[[str], int | None],
                     text_of: Callable[[int, str], str], *, months: bool,
                     recognized: bool) -> list[Mend]:
    """Cells of `row` that are no value beside cells that are, running one a column
    (months wrap after December): each takes the value of its place, counted from the
    nearest cell read, within a year of it and with no empty cell between. The short
    cells read must all be in step, and be three or more, or two side by side. `texts`: the
    row's cells' texts."""
    read = {j: v for j, t in enumerate(texts)
            if 0 < len(t) <= _HEADER_CELL_CHARS and (v := value_of(t)) is not None}
    columns = sorted(read)

    def in_step(a: int, b: int) -> bool:
        off = read[b] - read[a] - (b - a)
        return off % 12 == 0 if months else off == 0

    pairs = list(itertools.pairwise(columns))
    year_run = _fiscal_year_run(texts, read) if months and recognized else None
    # Two cells in step by chance are likely apart, side by side less so, three not.
    if year_run is None and not (all(in_step(a, b) for a, b in pairs)
                                 and (len(columns) >= 3 or any(b == a + 1 for a, b in pairs))):
        return []

    longest = max(len(texts[j]) for j in columns)
    dotted = all("." in texts[j] for j in columns)

    def garbled(j: int) -> bool:
        """Whether cell `j` may be a header like those read, misread: about as long, and
        no Thai (read with the English model: 'WE.', 'AA'), or, in a scan, Thai with the
        dots of those read where they all have them ('ช.ศ.'; not the label 'งาน')."""
        text = texts[j]
        if not text or j in read or len(text) > longest + 2:
            return False
        # Thai is a header of its own in a text export, which prints its headers exactly
        thai = _THAI_LETTER.search(text)
        if thai and (not recognized or (dotted and "." not in text)):
            return False
        return months or (recognized and bool(_DIGIT.search(text)))  # a year keeps a digit

    filled: dict[int, int] = {}
    if year_run is not None:
        filled = {j: FISCAL_FIRST_MONTH + offset for offset, j in enumerate(year_run)
                  if j not in read}
    for j in columns:
        for direction in (1, -1):
            k = j + direction
            while 0 <= k < len(texts) and abs(k - j) <= _REACH and garbled(k):
                filled.setdefault(k, read[j] + k - j)
                k += direction
    unread = [texts[j] for j in sorted(filled)]
    mends = []
    for j in sorted(filled):
        nearest = min(columns, key=lambda c: abs(c - j))
        new = text_of(filled[j], texts[nearest])
        if months:
            code, said = "month_inferred", (
                f"month headers {unread} could not be read; their months follow from the "
                "columns around them")
        else:
            code, said = "unreadable_number", (
                f"year header {texts[j]!r} unreadable; taken as {filled[j]}, by the years "
                "beside it")
        mends.append(Mend(row.line, row.page, texts[j], new, code, said))
        _replace_start(row.cell(j), texts[j], new)
    return mends


# --- changing a cell's text ----------------------------------------------------------------


def _replace_start(cell: Cell, old: str, new: str) -> None:
    """`cell`'s text with `old`, which it starts with, replaced by `new`: in its first
    paragraph's first span, keeping the emphasis; where `old` runs on past that span, the
    cell's text becomes one plain paragraph."""
    index, paragraph = next((i, b) for i, b in enumerate(cell.blocks)
                            if isinstance(b, Paragraph) and b.text)
    spans = list(paragraph.spans)
    first = next((i for i, s in enumerate(spans) if s.text.strip()), None)
    if first is not None and spans[first].text.lstrip().startswith(old):
        span = spans[first]
        start = len(span.text) - len(span.text.lstrip())
        spans[first] = replace(span, text=span.text[:start] + new + span.text[start + len(old):])
        cell.blocks[index] = paragraph_of(spans, paragraph.line, paragraph.page,
                                          box=paragraph.box,
                                          confidence=paragraph.confidence) or paragraph
        return
    text = new + cell.text[len(old):]
    cell.blocks = [paragraph_of([Span(text)], paragraph.line, paragraph.page, box=paragraph.box,
                                confidence=paragraph.confidence) or paragraph,
                   *(b for b in cell.blocks if not isinstance(b, Paragraph))]
