"""Repair of Thai words that Tesseract damaged, against a vocabulary (OCR text only).

Tesseract (tha+eng) reads the letters of printed Thai well but not the marks above and
below them: it drops tone marks and vowels (ที่ -> ที, ตำแหน่ง -> ตาแหนง), puts one on the
next letter (ชุมชน -> ชมุชน), reads one as a similar one (ที่ -> ทิ, ชื่อ -> ชื้อ), adds one
(เหนือ -> เหนื่อ), reads ำ as า or ้า, splits a word with a space (ชมุ ชน) and now and then
reads a letter out of place (ขนาด -> ขาดน). The form parsers then miss labels and values.

Each Thai run of a line is first read as it stands, split into known words (pythainlp's
dictionary, person names, and the project's lexicons: agencies, districts, form labels of
`data/ocr_vocabulary.tsv`). Suspect are the letters that fall in no known word, and known
words far rarer than a word they lack marks of (ที / ที่, ตัว|ชี|วัด / ตัวชี้วัด, and
ขับ|เค|ลือ|นม / ขับเคลื่อน|ม: the damaged word may end inside a word as read); a run with
nothing suspect is left alone. Otherwise the run is read again by dynamic programming
where a stretch that takes in a suspect letter may also be read as a known word with the
same letters but other marks (words of the corpus, and compounds of two of them, which it
counts only as their parts); letters read in a known word and not suspect stay in one.
A word costs -log of its frequency in the Thai National Corpus, each slip of Tesseract a
penalty, unknown letters a cost per stretch and letter;
the cheapest reading wins, and a repair is kept only between known words. Letters (bar
the lexicons' moved ones), Latin and digits are never changed, names after a title and
abbreviations never touched. Every change is returned as a `Repair` (rule
`ocr_word_repair`) for the audit trail.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from ._data import read_tsv
from ._lexicon import agency_abbreviations
from ._thai_text import Repair, repair_unicode

RULE = "ocr_word_repair"

# Thai letters and marks; ฯ, ๆ and Thai digits end a run (they are never inside a word).
_THAI = "\u0e01-\u0e2e\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e"
# A run of Thai letters; single spaces inside it may be a word split by OCR.
_RUN = re.compile(f"[{_THAI}]+(?: [{_THAI}]+)*")
_MARKS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a"
                   "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e")
_SARA_AM, _NIKHAHIT, _SARA_AA = "\u0e33", "\u0e4d", "\u0e32"
# A word starts with a consonant or a leading vowel, never with a vowel that follows one.
_WORD_STARTS = frozenset(chr(c) for c in [*range(0x0E01, 0x0E2F), *range(0x0E40, 0x0E45)])
_STRAY = "\u25cc"  # base of a mark with no letter before it: matches no word
# Titles before a person's name: the name after one is never repaired (names are often
# not in any list, and near some word).
_TITLE = re.compile("นางสาว|นาง|นาย|ว่าที่ร้อย(?:ตรี|โท|เอก)")

# --- costs, in nats --------------------------------------------------------------------
# A mark Tesseract lost: tone marks, THANTHAKHAT and NIKHAHIT (ำ read as า) are thin and
# lost most often; vowels above and below a little less.
_THIN_MARKS = frozenset("\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d")
DROP_THIN = 2.5
DROP_VOWEL = 3.5
# ...and most often of all where it is stacked on a vowel above the letter (เหลื่อม, ทั่ว,
# ล้ำ, ศักดิ์): small and highest on the line, it is the one Tesseract drops in most words
# of the sample scans that lost a mark.
DROP_STACKED = 2.0
_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47\u0e4d")
# A mark read where the printed word has none.
EXTRA_MARK = 4.5
# A mark read on the letter before or after its own.
MOVED_MARK = 3.0
# A mark read as a similar one (read, printed): ิ/ี/ึ/ื/็, ่/้/๊, ุ/ู, ้ for the ํ of ำ.
CONFUSED_MARK = 3.0
_CONFUSABLE = frozenset(
    pair for a, b in ("ิี", "ีื", "ึื", "ิึ", "ิ็", "่้", "้๊", "ุู", "ั็", "ํ้")
    for pair in ((a, b), (b, a))
)
# The tone mark of a stack whose vowel was read as a similar one (ที่ -> ทิ).
DROP_IN_STACK = 1.0
# A space inside a word, taken out only with a slip of its marks (ชมุ ชน): a word broken
# by a line wrap is no OCR slip.
SPACE_IN_WORD = 2.0
MAX_SPACES = 2
# Slips allowed in one word: two, and one more for every LETTERS_PER_SLIP letters past
# the first two (ตาแหนง: 3; สานกพฒนาสงคม: 4). More would let any letters become a word.
MAX_SLIPS = 2
LETTERS_PER_SLIP = 4
# Letters that are part of no known word (a name, a word the dictionary lacks, OCR junk),
# when repairs compete with the text as read: a cost per stretch and per letter. Cheap
# enough that a name near some word stays a name (measured on Wikipedia titles), dear
# enough that a few slips in a long word are repaired.
UNKNOWN_WORD = 6.0
UNKNOWN_LETTER = 2.5
# A known word is suspect when a word it lacks marks of is likelier by this much even
# after paying for the slips (ที / ที่: 1.7; the rarest margin in the samples' true text,
# the place name บางชัน / ชั้น: 0.2).
RARE_MARGIN = 1.0
# Cost of a letter outside known words when finding what does not read as known words:
# high, so that the text is covered by known words wherever it can be.
UNCOVERED_LETTER = 100.0
# Known words read in a row are suspect only when likelier one damaged word by this much
# more per join: corpus frequencies price them as if independent, which they are not
# (ขอ|ความ, "ask for", is no damaged ข้อความ).
JOIN_MARGIN = 3.0
# Longest run of known words checked for being a damaged reading of one word.
MAX_JOINED = 3
# Words of the project's lexicons count as at least this frequent (about the 500th word of
# the corpus): they are printed on every form.
PROJECT_COUNT = 10000
# A word the same document prints whole elsewhere is this much likelier there than the
# corpus says (Tesseract drops a mark in one place and not another: มั่นคง / มันคง).
SEEN_BONUS = 3.0
# Only words at least this frequent (or of the project's lexicons) are repair targets.
MIN_TARGET_COUNT = 5
# A letter of a lexicon word read one or two places away from its own (ขนาด -> ขาดน,
# ตำแหน่ง -> ตาแนหง); only for the project's lexicons, of words this long at least.
MOVED_LETTER = 3.5
MIN_MOVED_WORD = 4
# Longest word, in letters (the longest lexicon entries are agency names).
MAX_WORD = 30


class _Cluster(NamedTuple):
    base: str  # the letter ("า" for ำ, " " for a space)
    marks: str  # the marks on it, sorted
    start: int  # span of the letter and its marks in the run
    end: int
    sara_am: bool  # the letter is the า of a ำ (whose ํ went to the letter before)


def _clusters(text: str) -> list[_Cluster]:
    """Letters with their marks. ำ is split into ํ on the letter before and า, so that a
    word printed with ำ and read with า or ้า keeps its letters."""
    out: list[list] = []
    for pos, char in enumerate(text):
        if char in _MARKS:
            if not out or out[-1][0] == " ":
                out.append([_STRAY, "", pos, pos, False])
            out[-1][1] += char
            out[-1][3] = pos + 1
        elif char == _SARA_AM:
            if out and out[-1][0] not in (" ", _STRAY):
                out[-1][1] += _NIKHAHIT
            out.append([_SARA_AA, "", pos, pos + 1, True])
        else:
            out.append([char, "", pos, pos + 1, False])
    return [_Cluster(b, "".join(sorted(m)), s, e, am) for b, m, s, e, am in out]


def _skeleton(word: str) -> tuple[str, tuple[str, ...]]:
    """The letters of a word and the marks on each, as `_clusters` splits them."""
    letters: list[str] = []
    marks: list[str] = []
    for char in word:
        if char in _MARKS and marks:
            marks[-1] += char
        elif char == _SARA_AM and marks:
            marks[-1] += _NIKHAHIT
            letters.append(_SARA_AA)
            marks.append("")
        else:
            letters.append(char)
            marks.append("")
    return "".join(letters), tuple("".join(sorted(m)) if len(m) > 1 else m for m in marks)


# --- the vocabulary ----------------------------------------------------------------------

class _Target(NamedTuple):
    word: str
    marks: tuple[str, ...]  # per letter, in the order of the skeleton it is filed under
    cost: float  # of the word, plus MOVED_LETTER if its letters were reordered
    moved: bool = False  # filed under a skeleton with one letter moved
    project: bool = False  # a word of the project's lexicons


class _Prefixes:
    """`text in prefixes`: some word starts with `text` (binary search, cheap to build)."""

    def __init__(self, words: Iterable[str]) -> None:
        self._words = sorted(words)

    def __contains__(self, text: str) -> bool:
        at = bisect.bisect_left(self._words, text)
        return at < len(self._words) and self._words[at].startswith(text)


class _Vocabulary(NamedTuple):
    known: dict[str, float]  # word -> cost of reading it
    targets: dict[str, list[_Target]]  # skeleton -> words it may be a damaged reading of
    target_prefixes: _Prefixes  # of target skeletons
    known_prefixes: _Prefixes  # of known words


def _project_words() -> Iterable[str]:
    yield from (r["entry"] for r in read_tsv("ocr_vocabulary.tsv"))
    yield from (r["agency"] for r in read_tsv("agencies.tsv"))
    for row in read_tsv("districts.tsv"):
        yield row["district"]
        yield row["group"]
    yield from (r["right"] for r in read_tsv("ocr_fixes.tsv"))
    yield from (r["right"] for r in read_tsv("ocr_scan_fixes.tsv"))


@functools.cache
def _vocabulary() -> _Vocabulary:
    # pythainlp is imported here: only documents with scanned pages pay for loading it.
    from pythainlp.corpus import (
        thai_family_names,
        thai_female_names,
        thai_male_names,
        thai_words,
    )
    from pythainlp.corpus.tnc import word_freqs

    counts = dict(word_freqs())
    total = sum(counts.values())
    # Lexicon entries of one word, spelt as normalized text is (the repair writes them).
    project = {w for w in _project_words()
               if " " not in w and _RUN.fullmatch(w) and repair_unicode(w)[0] == w}
    dictionary = set(thai_words())
    # Person names are known as they stand, so that a name is not "repaired" into words,
    # but no reading is repaired into a name (the lists also hold words: ที่, สังคม).
    names = (set(thai_family_names()) | set(thai_female_names())
             | set(thai_male_names())) - dictionary - project
    frequent = {w for w, c in counts.items() if c >= MIN_TARGET_COUNT} & dictionary
    known: dict[str, float] = {}
    targets: dict[str, list[_Target]] = {}
    for word in sorted(dictionary | project | names):  # sorted: ties resolve the same way
        if not _RUN.fullmatch(word) or " " in word:
            continue
        count = counts.get(word, 0)
        if word in project:
            count = max(count, PROJECT_COUNT)
        cost = math.log(total / (count + 1))
        known[word] = cost
        # The corpus counts a compound's parts, not the compound (เหลื่อม|ล้ำ): one made of
        # two frequent words is a target too, at its own (rare) cost.
        compound = word in dictionary and any(
            word[:k] in frequent and word[k:] in frequent for k in range(2, len(word) - 1))
        if (count >= MIN_TARGET_COUNT or compound) and word not in names:
            skeleton, marks = _skeleton(word)
            if len(skeleton) <= MAX_WORD:
                targets.setdefault(skeleton, []).append(
                    _Target(word, marks, cost, project=word in project))
            if word in project and len(skeleton) >= MIN_MOVED_WORD:
                for moved, moved_marks in _letter_moves(skeleton, marks):
                    targets.setdefault(moved, []).append(
                        _Target(word, moved_marks, cost + MOVED_LETTER, True))
    return _Vocabulary(known, targets, _Prefixes(targets), _Prefixes(known))


def _letter_moves(skeleton: str, marks: tuple[str, ...]) -> Iterable[tuple[str, tuple]]:
    """The skeleton (and marks) with one letter read one or two places early or late."""
    for at in range(len(skeleton)):
        for to in (at - 2, at - 1, at + 1, at + 2):
            if 0 <= to < len(skeleton):
                order = list(range(len(skeleton)))
                order.insert(to, order.pop(at))
                moved = "".join(skeleton[k] for k in order)
                if moved != skeleton and moved[0] in _WORD_STARTS:
                    yield moved, tuple(marks[k] for k in order)


# --- slips between a reading and a word ----------------------------------------------------

def _drop_cost(mark: str, printed_with: str = "") -> float:
    if mark not in _THIN_MARKS:
        return DROP_VOWEL
    return DROP_STACKED if set(printed_with) & _UPPER_VOWELS else DROP_THIN


@functools.lru_cache(maxsize=65536)
def _slip_cost(read: tuple[str, ...], printed: tuple[str, ...]) -> float:
    """Cost of reading `printed` (marks per letter) as `read`; inf beyond the slips
    allowed in one word."""
    missing = [list(p) for p in printed]
    extra = [list(r) for r in read]
    for k in range(len(read)):
        common = [m for m in missing[k] if m in extra[k]]
        for m in common:
            missing[k].remove(m)
            extra[k].remove(m)
    cost, edits = 0.0, 0
    for k in range(len(read)):  # a mark read on the next or previous letter
        for m in list(missing[k]):
            for n in (k - 1, k + 1):
                if 0 <= n < len(read) and m in extra[n]:
                    missing[k].remove(m)
                    extra[n].remove(m)
                    cost, edits = cost + MOVED_MARK, edits + 1
                    break
    confused = [False] * len(read)
    for k in range(len(read)):  # a mark read as a similar one
        for m in list(missing[k]):
            similar = next((e for e in extra[k] if (e, m) in _CONFUSABLE), None)
            if similar:
                missing[k].remove(m)
                extra[k].remove(similar)
                confused[k] = True
                cost, edits = cost + CONFUSED_MARK, edits + 1
    for k in range(len(read)):
        for m in missing[k]:
            # A vowel and the tone mark stacked on it read as one other vowel (ที่ -> ทิ)
            # is one slip of the stack.
            cost += (DROP_IN_STACK if confused[k] and m in _THIN_MARKS
                     else _drop_cost(m, printed[k]))
        cost += EXTRA_MARK * len(extra[k])
        edits += len(missing[k]) + len(extra[k])
    return cost if edits <= _max_slips(len(read)) else math.inf


def _max_slips(letters: int) -> int:
    return MAX_SLIPS + max(0, letters - 2) // LETTERS_PER_SLIP


# --- reading a run ---------------------------------------------------------------------------

class _Step(NamedTuple):
    end: int  # cluster index after the token
    word: str | None  # the repaired word, or None: the text stays as read
    known: bool  # the token is a known word (as read or repaired), or a space
    cost: float = 0.0  # of the token alone


def _word_steps(run: str, clusters: list[_Cluster], i: int, repair: bool,
                protected: list[bool], suspect: list[bool], seen: frozenset[str],
                ) -> list[_Step]:
    """Known words (as read, or repaired) starting at cluster `i`. A repair must take in
    a `suspect` cluster and no `protected` one."""
    vocab = _vocabulary()
    n = len(clusters)
    first = clusters[i]
    steps: list[_Step] = []
    skeleton, marks, spaces, takes_suspect = "", [], 0, False
    for j in range(i, min(n, i + MAX_WORD + MAX_SPACES)):
        cluster = clusters[j]
        if cluster.base == " ":
            spaces += 1
            if spaces > MAX_SPACES:
                break
            continue
        skeleton += cluster.base
        marks.append(cluster.marks)
        takes_suspect = takes_suspect or suspect[j]
        ends_word = j + 1 == n or not clusters[j + 1].sara_am
        surface = run[first.start:cluster.end]
        if not spaces and ends_word and surface in vocab.known:
            steps.append(_Step(j + 1, None, True, vocab.known[surface]))
        repair = repair and not protected[j]
        if not (repair and skeleton in vocab.target_prefixes):
            if spaces or surface not in vocab.known_prefixes:
                break
            continue
        if (not ends_word or not takes_suspect or skeleton not in vocab.targets
                or (j == i and not marks[0])):  # one bare letter: almost any short word
            continue
        read = tuple(marks)
        for target in vocab.targets[skeleton]:
            slips = _slip_cost(read, target.marks)
            if slips == 0 and not target.moved:
                # The text as read; and a space is only taken out of a word whose marks
                # need repairing too (a line break inside a word is no OCR slip).
                continue
            # A tiny bias keeps the text as read when a repair costs the same.
            cost = (_target_cost(target, read, seen) + slips + SPACE_IN_WORD * spaces
                    + 1e-6)
            steps.append(_Step(j + 1, target.word, True, cost))
    return steps


def _read(run: str, clusters: list[_Cluster], protected: list[bool],
          suspect: list[bool] | None = None, seen: frozenset[str] = frozenset(),
          ) -> list[tuple[int, _Step]]:
    """The cheapest reading of a run: (start cluster, step) per token.

    Without `suspect` clusters: the text as read, with as few letters outside known
    words as can be. With them: repairs that take in a suspect cluster and no protected
    one compete with the text as read, unknown stretches costing UNKNOWN_WORD +
    UNKNOWN_LETTER a letter."""
    repair = suspect is not None
    if suspect is None:
        suspect = [False] * len(clusters)
        unknown_word, unknown_letter = 0.0, UNCOVERED_LETTER
    else:
        unknown_word, unknown_letter = UNKNOWN_WORD, UNKNOWN_LETTER
    n = len(clusters)
    # State 0: the last token was a word or a space; 1: it was an unknown letter.
    best = [[math.inf, math.inf] for _ in range(n + 1)]
    back: list[list[tuple[int, int, _Step] | None]] = [[None, None] for _ in range(n + 1)]
    best[0][0] = 0.0

    def relax(start: int, state: int, step: _Step, new_state: int, cost: float) -> None:
        if cost < best[step.end][new_state]:
            best[step.end][new_state] = cost
            back[step.end][new_state] = (start, state, step)

    for i in range(n):
        if min(best[i]) == math.inf:
            continue
        if clusters[i].base == " ":
            for state in (0, 1):
                relax(i, state, _Step(i + 1, None, True), 0, best[i][state])
            continue
        words = (_word_steps(run, clusters, i, repair, protected, suspect, seen)
                 if clusters[i].base in _WORD_STARTS else [])
        for state in (0, 1):
            here = best[i][state]
            opens = unknown_word if state == 0 else 0.0
            # Letters read as part of a known word stay in one unless a repair takes
            # them: unknown, they would make any stretch around them cheap to give up.
            letter = unknown_letter if suspect[i] else UNCOVERED_LETTER
            relax(i, state, _Step(i + 1, None, False), 1, here + opens + letter)
            for step in words:
                relax(i, state, step, 0, here + step.cost)
    steps: list[tuple[int, _Step]] = []
    k, state = n, min((0, 1), key=lambda s: best[n][s])
    while k > 0:
        start, prev_state, step = back[k][state]  # type: ignore[misc]
        steps.append((start, step))
        k, state = start, prev_state
    return steps[::-1]


def _keep_repairs_between_known_words(steps: list[tuple[int, _Step]]) -> None:
    """Undo a repair next to letters that stay unknown: the stretch around it is then
    not made of known words, and the repair would be a guess."""
    changed = True
    while changed:
        changed = False
        for k, (start, step) in enumerate(steps):
            if step.word is None:
                continue
            neighbours = steps[max(0, k - 1):k] + steps[k + 1:k + 2]
            if any(not s.known for _, s in neighbours):
                steps[k] = (start, _Step(step.end, None, False))
                changed = True


def _target_cost(target: _Target, read: tuple[str, ...], seen: frozenset[str]) -> float:
    """The target's cost, less SEEN_BONUS where the document holds it whole and the
    reading only lost thin marks of it (the slip a whole copy elsewhere explains; not
    ขน, fur, read for ขึ้น)."""
    if target.word in seen and all(
            set(r) <= set(p) and set(p) - set(r) <= _THIN_MARKS
            for r, p in zip(read, target.marks, strict=True)):
        return target.cost - SEEN_BONUS
    return target.cost


@functools.lru_cache(maxsize=65536)
def _likelier_damaged(text: str, cost_as_read: float, seen: frozenset[str]) -> bool:
    """Known words read as `text` are far less likely than a word they lack marks of
    (ที / ที่, ตัว|ชี|วัด / ตัวชี้วัด): the text is likelier that word, damaged."""
    vocab = _vocabulary()
    skeleton, marks = _skeleton(text)
    # Only marks the reading lacks: two words that differ in a mark (ไม้ / ไม่) are both
    # printed often, but Tesseract rarely adds or swaps one; a word of the lexicons,
    # printed on every form, is also likelier with a swapped mark (ดูสิต / ดุสิต).
    return any((t.project or all(set(r) <= set(p) for r, p in zip(marks, t.marks,
                                                                  strict=True)))
               and cost_as_read - _target_cost(t, marks, seen) - _slip_cost(marks, t.marks)
               > RARE_MARGIN
               for t in vocab.targets.get(skeleton, ()) if not t.moved and t.word != text)


def _suspect(run: str, clusters: list[_Cluster], protected: list[bool],
             seen: frozenset[str]) -> list[bool]:
    """Clusters a repair may take in: those outside known words as read, and stretches
    of up to MAX_JOINED known words likelier a damaged reading of another word."""
    steps = _read(run, clusters, protected)
    suspect = [False] * len(clusters)
    for first, (start, step) in enumerate(steps):
        if not step.known:
            suspect[start] = True
            continue
        cost = JOIN_MARGIN  # the first word is no join
        for start_k, step_k in steps[first:first + MAX_JOINED]:
            if not step_k.known or clusters[start_k].base == " ":
                break
            cost += step_k.cost - JOIN_MARGIN
            # The damaged word may end inside the last of the words read (ขับ|เค|ลือ|นม
            # for ขับเคลื่อน|มหานคร): that word is then given up too.
            for end in range(start_k + 1, step_k.end + 1):
                text = run[clusters[start].start:clusters[end - 1].end]
                if _likelier_damaged(text, cost, seen):
                    suspect[start:end] = [True] * (end - start)
    return suspect


def _protected(run: str, clusters: list[_Cluster], keep_first: bool,
               keep_last: bool) -> list[bool]:
    """Clusters never repaired: a name after a title (นาง, นาย...) up to the next space,
    the first / last piece of the run when it is an abbreviation ("กทม."), an office's
    abbreviation without its full stop."""
    chars = [False] * len(run)
    for title in _TITLE.finditer(run):
        space = run.find(" ", title.end())
        for k in range(title.end(), space if space >= 0 else len(run)):
            chars[k] = True
    if keep_first:
        end = run.find(" ") if " " in run else len(run)
        chars[:end] = [True] * end
    if keep_last:
        for k in range(run.rfind(" ") + 1, len(run)):
            chars[k] = True
    # An office's abbreviation that lost its full stop, even read with a mark ('ประสาน
    # สนัข หรือ' is no สุนัข, a dog).
    at = 0
    for piece in run.split(" "):
        if _skeleton(piece)[0] + "." in agency_abbreviations():
            chars[at:at + len(piece)] = [True] * len(piece)
        at += len(piece) + 1
    return [any(chars[c.start:c.end]) for c in clusters]



@functools.lru_cache(maxsize=8192)
def _repair_run(run: str, keep_first: bool, keep_last: bool, seen: frozenset[str],
                ) -> tuple[str, tuple[Repair, ...]]:
    clusters = _clusters(run)
    protected = _protected(run, clusters, keep_first, keep_last)
    suspect = _suspect(run, clusters, protected, seen)
    if not any(suspect):
        return run, ()  # made of known words: never touched
    steps = _read(run, clusters, protected, suspect, seen)
    _keep_repairs_between_known_words(steps)
    out: list[str] = []
    repairs: list[Repair] = []
    for start, step in steps:
        surface = run[clusters[start].start:clusters[step.end - 1].end]
        if step.word is not None and step.word != surface:
            repairs.append(Repair(RULE, surface, step.word))
            out.append(step.word)
        else:
            out.append(surface)
    return "".join(out), tuple(repairs)


def words_seen(lines: Iterable[str]) -> frozenset[str]:
    """Known words with a tone mark or THANTHAKHAT that `lines` (one document's OCR'd text,
    normalized) hold whole: where the same word lost a mark elsewhere, it is likelier."""
    seen: set[str] = set()
    for line in lines:
        for match in _RUN.finditer(line):
            run = match.group(0)
            clusters = _clusters(run)
            for start, step in _read(run, clusters, [False] * len(clusters)):
                word = run[clusters[start].start:clusters[step.end - 1].end]
                if step.known and set(word) & _THIN_MARKS:
                    seen.add(word)
    return frozenset(seen)


def repair_ocr_words(text: str, seen: frozenset[str] = frozenset(),
                     ) -> tuple[str, list[Repair]]:
    """Repair the Thai words of one OCR'd line; returns the text and the repairs made.
    `seen`: the words the document holds whole (`words_seen`)."""
    repairs: list[Repair] = []

    def replace(match: re.Match[str]) -> str:
        # Letters next to a full stop are an abbreviation (พ.ศ., กทม.), not a word;
        # leader dots ('ที่......') are not a full stop.
        before, after = text[:match.start()], text[match.end():]
        after_dot = before.endswith(".") and not before.endswith("..")
        before_dot = after.startswith(".") and not after.startswith("..")
        fixed, found = _repair_run(match.group(0), after_dot, before_dot, seen)
        repairs.extend(found)
        return fixed

    return _RUN.sub(replace, text), repairs
