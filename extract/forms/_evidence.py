"""Evidence of a form type: the printed labels that show a document is of that form.

Each form lists its labels in `data/<form>_evidence.tsv` (label, where, weight). A label
is looked for in every paragraph and table cell of the document, by its letters: spaces,
case and Thai marks (which OCR reads least reliably) are left out, and a label still
counts where a letter or two of it were misread. `where` says how the label stands in
its text: `whole` (the paragraph or cell is the label), `start` (it starts one) or `in`
(it stands in one, near its start). A text is evidence for one label only, the longest it
shows, so that a label inside a longer one (`รายละเอียดตัวชี้วัด` in
`รายละเอียดตัวชี้วัดฯ : พิมพ์ข้อมูล`) is not found there.

The score of a form is the share of its evidence weight found (0..1). A form whose score
reaches `THRESHOLD` matches; `extract.forms.detect` takes the best of those.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .._blocks import Block, Paragraph, Table

# The least share of a form's evidence weight that makes a document that form. Each view
# of each form scores well above it, and still does with any one label lost.
THRESHOLD = 0.3
# How far into a text an `in` label may stand and still be looked for fuzzily.
IN_REACH = 24
# Evidence is looked for in the first paragraphs and cells of a document, where a form
# prints its title and labels (some pages of text).
MAX_TEXTS = 200

# What `letters` leaves out: spaces, and the vowels above/below and tone marks (one
# class, which the search skips to in C, rather than two alternatives tried everywhere).
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
_NOT_LETTERS = re.compile(f"[\\s{_MARKS}]+")
_MARK = re.compile(f"[{_MARKS}]")


@dataclass(frozen=True)
class Label:  # (a frozen dataclass with a cached property: its __dict__ holds the cache)
    spellings: tuple[str, ...]
    where: str  # whole / start / in
    weight: float

    @functools.cached_property
    def keys(self) -> tuple[str, ...]:
        """The spellings as they are compared (`letters`)."""
        return tuple(letters(s) for s in self.spellings)

    @property
    def text(self) -> str:
        return " | ".join(self.spellings)


@dataclass(frozen=True)
class Evidence:
    """One label of a form and where it was found, if it was."""

    label: str
    weight: float
    where: str
    line: int | None = None  # the line of the paragraph or cell it was found in
    text: str | None = None  # that paragraph or cell (shortened)
    similarity: int = 0  # 100: as printed

    @property
    def found(self) -> bool:
        return self.line is not None


@dataclass(frozen=True)
class FormEvidence:  # (frozen, with a cached property: see `Label`)
    form_type: str
    evidence: tuple[Evidence, ...]

    @functools.cached_property
    def score(self) -> float:
        """The share of the evidence weight found; read many times over by `Detection`."""
        total = sum(e.weight for e in self.evidence)
        return round(sum(e.weight for e in self.evidence if e.found) / total, 3) if total \
            else 0.0

    @property
    def matches(self) -> bool:
        return self.score >= THRESHOLD

    @property
    def found(self) -> list[Evidence]:
        return [e for e in self.evidence if e.found]

    @property
    def missing(self) -> list[Evidence]:
        return [e for e in self.evidence if not e.found]


def letters(text: str) -> str:
    """The text as labels are compared: no spaces, no Thai marks, lower case."""
    return _NOT_LETTERS.sub("", text).lower()


def _letters_of_each(texts: list[str]) -> tuple[str, ...]:
    """`letters` of each text, in one pass over them all where no text holds a NUL (which
    `letters` keeps, so it parts them): one search and one lower-casing a document."""
    joined = "\0".join(texts)
    if not texts or joined.count("\0") != len(texts) - 1:
        return tuple(letters(text) for text in texts)
    return tuple(letters(joined).split("\0"))


@functools.cache
def form_labels(form_type: str) -> tuple[Label, ...]:
    """The evidence labels of a form, from `data/<form>_evidence.tsv`."""
    text = resources.files(__package__).joinpath(
        "data", f"{form_type}_evidence.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines()
            if line and not line.startswith("#")]
    header, *rows = rows
    if header != ["label", "where", "weight"]:
        raise ValueError(f"{form_type}_evidence.tsv: unexpected header {header}")
    labels = []
    for label, where, weight in rows:
        if where not in ("whole", "start", "in"):
            raise ValueError(f"{form_type}_evidence.tsv: {label!r}: where is {where!r}")
        labels.append(Label(tuple(s.strip() for s in label.split("|")), where, float(weight)))
    return tuple(labels)


def texts_of(blocks: list[Block]) -> Iterator[tuple[int, str]]:
    """(line, text) of every paragraph and table cell, in reading order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text:
                yield block.line, block.text
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    # The paragraphs of a cell here; a generator of its own for a cell
                    # only where it holds a table (few do).
                    for inner in cell.blocks:
                        if isinstance(inner, Paragraph):
                            if inner.text:
                                yield inner.line, inner.text
                        else:
                            yield from texts_of([inner])


def max_edits(spelling: str) -> int:
    """Letters a label (its letters) may have misread or lost and still count: one in
    eight, none in a shorter label."""
    return len(spelling) // 8


def _exact(spelling: str, key: str, where: str) -> bool:
    if where == "whole":
        return key == spelling
    return key.startswith(spelling) if where == "start" else spelling in key


@functools.cache
def _pieces(spelling: str, limit: int) -> tuple[str, ...]:
    """The spelling cut into `limit + 1` pieces: a stretch within `limit` edits of it
    holds one of them as printed (an edit touches one piece)."""
    size = len(spelling) // (limit + 1)
    return tuple(spelling[i * size:(i + 1) * size if i < limit else len(spelling)]
                 for i in range(limit + 1))


def _edits(spelling: str, key: str, where: str, limit: int) -> int:
    """The fewest edits that make a stretch of `key` standing as `where` says the label."""
    n = len(spelling)
    if where == "whole":
        return Levenshtein.distance(spelling, key, score_cutoff=limit + 1)
    if where == "start":
        return min(Levenshtein.distance(spelling, key[:width], score_cutoff=limit + 1)
                   for width in range(n - limit, n + limit + 1))
    aligned = _aligned(spelling, key[:n + IN_REACH], limit)
    return aligned[0] if aligned else limit + 1


def _aligned(spelling: str, key: str, limit: int) -> tuple[int, int, int] | None:
    """(edits, start, end) of the stretch of `key` closest to `spelling`: where rapidfuzz
    aligns it, its ends moved a letter either way (edits counted up to `limit` + 1)."""
    at = fuzz.partial_ratio_alignment(spelling, key)
    if at is None:
        return None
    return min((Levenshtein.distance(spelling, key[s:e], score_cutoff=limit + 1), s, e)
               for s in range(max(0, at.dest_start - 1), at.dest_start + 2)
               for e in range(at.dest_end - 1, min(len(key), at.dest_end + 1) + 1))


def _fuzzy(spelling: str, keys: list[str], texts: Texts, where: str
           ) -> tuple[int, int] | None:
    """(edits, text index) of the text that shows the label with fewest misread letters,
    if any shows it within `max_edits`."""
    limit = max_edits(spelling)
    if not limit:
        return None
    n = len(spelling)
    reach = {"whole": None, "start": n + limit, "in": n + IN_REACH}[where]
    best: tuple[int, int] | None = None
    for t in texts.holding(_pieces(spelling, limit), reach):
        key = keys[t]
        if len(key) < n - limit or (where == "whole" and len(key) > n + limit):
            continue
        edits = _edits(spelling, key, where, limit)
        if edits <= limit and (best is None or edits < best[0]):
            best = (edits, t)
    return best


def _find(label: Label, keys: list[str], texts: Texts) -> tuple[int, int] | None:
    """(similarity 0-100, text index) of the text that shows the label best: the first
    that shows it as printed, else the one with fewest misread letters (a key "" is not
    looked at; `texts` may hold it still)."""
    spellings = label.keys
    pattern = {"whole": "\0{}\0", "start": "\0{}", "in": "{}"}[label.where]
    for t in texts.holding([pattern.format(s) for s in spellings]):
        key = keys[t]
        if key and any(_exact(s, key, label.where) for s in spellings):
            return 100, t
    best: tuple[int, int] | None = None
    for spelling in spellings:
        hit = _fuzzy(spelling, keys, texts, label.where)
        if hit is not None:
            similarity = round(100 * (1 - hit[0] / len(spelling)))
            if best is None or similarity > best[0]:
                best = (similarity, hit[1])
    return best


@dataclass(frozen=True)
class Texts:
    """A document's paragraphs and cells as evidence is looked for in them: (line, text)
    and their letters (`letters`), the first `MAX_TEXTS` of them."""

    items: tuple[tuple[int, str], ...]
    keys: tuple[str, ...]
    joined: str  # each key between NULs, to find at once the keys that hold a spelling
    starts: tuple[int, ...]  # where each key's opening NUL stands in `joined`

    @classmethod
    def of(cls, blocks: list[Block]) -> Texts:
        items = tuple(itertools.islice(texts_of(blocks), MAX_TEXTS))
        keys = _letters_of_each([text for _line, text in items])
        starts = tuple(itertools.accumulate((len(k) + 2 for k in keys), initial=0))[:-1]
        return cls(items, keys, "".join(f"\0{k}\0" for k in keys), starts)

    def holding(self, needles: Sequence[str], reach: int | None = None) -> list[int]:
        """The indices, in order, of the keys that hold one of `needles` (a needle may
        take in the NULs around a key) ending within their first `reach` letters (None:
        anywhere). Found by searching `joined`: every label is looked for in every
        document, and nearly all are in none of its texts or in few."""
        found: set[int] = set()
        for needle in needles:
            at = self.joined.find(needle)
            while at >= 0:
                t = bisect.bisect_right(self.starts, at) - 1
                if reach is None or at + len(needle) <= self.starts[t] + 1 + reach:
                    found.add(t)
                at = self.joined.find(needle, at + 1)
        return sorted(found)


def gather(form_type: str, texts: Texts) -> FormEvidence:
    """The evidence of one form type in a document's texts."""
    labels = form_labels(form_type)
    found: dict[int, Evidence] = {}
    # Longest labels first: a text showing a label is not looked at again for a label
    # that is part of it (its letters within the longer label's).
    order = sorted(range(len(labels)), key=lambda i: -min(map(len, labels[i].keys)))
    shown: dict[int, list[str]] = {}  # text index -> letters of labels found there
    for index in order:
        label = labels[index]
        spellings = label.keys
        keys = list(texts.keys)
        for t, longer in shown.items():
            if any(s in other for s in spellings for other in longer):
                keys[t] = ""
        best = _find(label, keys, texts)
        if best is not None:
            shown.setdefault(best[1], []).extend(spellings)
            line, text = texts.items[best[1]]
            found[index] = Evidence(label.text, label.weight, label.where, line,
                                    text if len(text) <= 80 else text[:77] + "...", best[0])
    return FormEvidence(form_type, tuple(
        found.get(i) or Evidence(label.text, label.weight, label.where)
        for i, label in enumerate(labels)))


def shows(label: str, text: str, where: str = "start") -> bool:
    """Whether a text shows a label, as evidence is found: as printed or with a letter in
    eight misread."""
    return _shows(_label_letters(label), letters(text), where)


def shows_any(labels: Sequence[str], text: str, where: str = "start") -> bool:
    """Whether a text shows any of `labels` (`shows`), its letters taken once."""
    key = letters(text)
    return any(_shows(_label_letters(label), key, where) for label in labels)


@functools.lru_cache(maxsize=1024)
def _label_letters(label: str) -> str:
    """`letters` of a label: the forms' labels are few, and looked for on every line."""
    return letters(label)


def _shows(spelling: str, key: str, where: str) -> bool:
    if _exact(spelling, key, where):
        return True
    limit = max_edits(spelling)
    if not limit or len(key) < len(spelling) - limit:
        return False  # (too short to hold it with `limit` letters lost)
    if not any(piece in key for piece in _pieces(spelling, limit)):
        return False  # (a stretch within `limit` edits holds one piece as printed)
    return _edits(spelling, key, where, limit) <= limit


def find_label(label: str, text: str, start: int = 0) -> tuple[int, int] | None:
    """Where a label stands in `text` from `start` on, as evidence is found (marks and
    spaces aside, a letter in eight misread): the (start, end) of its stretch in `text`,
    the marks after its last letter taken in. The first place it stands as printed, else
    the place with fewest misread letters."""
    spelling = letters(label)
    at = [i for i in range(start, len(text)) if not _NOT_LETTERS.fullmatch(text[i])]
    key = "".join(text[i] for i in at).lower()
    if not spelling or not key:
        return None
    found = key.find(spelling)
    span = (found, found + len(spelling)) if found >= 0 else _closest(spelling, key)
    if span is None:
        return None
    end = at[span[1] - 1] + 1
    while end < len(text) and _MARK.match(text, end):  # (the marks on its last letter)
        end += 1
    return at[span[0]], end


def _closest(spelling: str, key: str) -> tuple[int, int] | None:
    """The stretch of `key` within `max_edits` of `spelling` with fewest edits."""
    limit = max_edits(spelling)
    if not limit or len(key) < len(spelling) - limit:
        return None
    aligned = _aligned(spelling, key, limit)
    return aligned[1:] if aligned and aligned[0] <= limit else None


def form_evidence(form_type: str, blocks: list[Block]) -> FormEvidence:
    return gather(form_type, Texts.of(blocks))
