"""Which windows of a long digit run no numeric classifier can accept, found without asking them.

A run such as "1 2 3 4 5 ..." (a pasted column, a list of small numbers) is one run to the walk in
numbers.py, which tries up to MAX_GROUPS windows from every group, largest first; each window of 4
to 40 digits went through all five classifiers, about six windows per group (10-30 KB/s). For a
start whose windows all lie inside the run, ``RunGate`` finds the largest window that can pass the
conditions the classifiers check on its digits and separators; the walk starts there, or skips
the start when there is none. The larger windows would have given no span, so the spans are the same.

Inside the run there is a group before the window and one after it, so the two characters on
either side of it are digits or separators (a run holds nothing else). That rules out what the
classifiers read around a window: an amount's currency sign or word (decoys), the DNI's letter
after the digits (national ids) and a "+" prefix (phones; "00" is read from the digits). The phone
cue of every window inside a run is read at the run's start. What remains, per classifier:

* decoys: a date is three groups ``decoys.is_date`` accepts, joined twice by the same ".", "-" or
  "/" (the rule that the separator must not go on is left out: more windows pass, never fewer); a
  version is three groups or more joined by "." throughout; a long number has 20 digits or more
  and one separator throughout;
* network: four groups joined by "." throughout, which the version's rule lets through;
* cards: 12 to 19 digits, one separator throughout, and ``cards.grouped_like_a_card``;
* national ids: one separator throughout, one of ``_ID_SEPS``, and a shape of ``SHAPES``;
* phones: ``phones.may_accept`` on the window's digits with the run's cue.
"""

from __future__ import annotations

import functools

from privacy.detect import cards, decoys, phones
from privacy.detect.context import NOT_PHONE, PHONE, Context
from privacy.detect.national_ids import NUMERIC_LENGTHS, SHAPES
from privacy.detect.numbers import MAX_DIGITS, MAX_GROUPS, MIN_DIGITS

_DATE_SEPS = frozenset((".", "-", "/"))
_LONG_NUMBER = 20  # decoys.classify: "long_number" from 20 digits
_ID_SEPS = frozenset(("", " ", "-", "."))  # national_ids._numeric_scheme
_ID_SHAPES = frozenset(tuple(shape) for shapes in SHAPES.values() for shape in shapes)


def for_regions(regions: tuple[str, ...]):
    """The gate factory ``numbers.scan_numbers`` takes, for the phone regions of a ``detect()`` call."""
    return functools.partial(RunGate, regions=regions)


class RunGate:
    """``gate(i)``: how many groups the largest window from group ``i`` that may give a span has, 0 for
    none; the walk classifies no larger window. Only for starts whose windows all end before the
    run's last group."""

    __slots__ = ("_text", "_groups", "_counts", "_loose", "_regions", "_cue", "_seen")

    def __init__(
        self,
        ctx: Context,
        groups: list[tuple[int, int]],
        counts: list[int],
        loose: list[bool],
        run_start: int,
        *,
        regions: tuple[str, ...],
    ):
        self._text = ctx.text
        self._groups, self._counts, self._loose = groups, counts, loose
        self._regions = regions
        self._cue = ctx.last_cue(run_start, PHONE, negative=NOT_PHONE)  # phones' cue for every window after the start
        # The answer depends only on the text from group i to the separator after group i + MAX_GROUPS - 1,
        # so a repeating run is judged once per distinct stretch.
        self._seen: dict[str, int] = {}

    def __call__(self, i: int) -> int:
        last = i + MAX_GROUPS
        key = self._text[self._groups[i][0] : self._groups[last][0]]
        found = self._seen.get(key)
        if found is None:
            found = self._seen[key] = self._largest_window(i, last)
        return found

    def _largest_window(self, i: int, last: int) -> int:
        """The windows are those the walk classifies: 4 to 40 digits, ending before a separator with a
        space; they are tried largest first, as the walk tries them."""
        counts, loose = self._counts, self._loose
        first_sep, mixed, dated = self._separators(i, last)
        first = self._texts(i, i + 1)[0]
        leading_00 = first.startswith("00") and len(first) <= 4  # numbers._classify's "00 49 ..." rule
        for j in range(last, i, -1):
            n = counts[j] - counts[i]
            if not loose[j - 1] or not MIN_DIGITS <= n <= MAX_DIGITS:
                continue
            size = j - i
            if dated + 3 <= j or ((size == 1 or mixed >= j - 1) and self._shaped(i, j, first_sep if size > 1 else "")):
                return size
            if 6 <= n <= 17 and phones.may_accept(
                "".join(self._texts(i, j)), leading_00 and size > 1, False, self._regions, self._cue
            ):
                return size
        return 0

    def _separators(self, i: int, last: int) -> tuple[str, int, int]:
        """The separator after group i; the first group from which the next separator differs (a window
        (i, j) has one separator throughout when that is j - 1 or later); the first group that starts a
        date (the window holds it when that is j - 3 or earlier). ``last`` when there is none."""
        text, groups = self._text, self._groups
        gaps = [text[groups[k][1] : groups[k + 1][0]] for k in range(i, last - 1)]  # gaps[k] follows group i + k
        first_sep, mixed, dated = gaps[0], last, last
        for k, sep in enumerate(gaps):
            if sep != first_sep:
                mixed = i + k
                break
        if mixed < last or first_sep in _DATE_SEPS:
            for k in range(len(gaps) - 1):
                sep = gaps[k]
                if sep == gaps[k + 1] and sep in _DATE_SEPS and decoys.is_date(*self._texts(i + k, i + k + 3)):
                    dated = i + k
                    break
        return first_sep, mixed, dated

    def _shaped(self, i: int, j: int, sep: str) -> bool:
        """Groups i to j - 1, joined by ``sep`` throughout, are a version, a long number, a card or a
        national id by their shape."""
        counts = self._counts
        n = counts[j] - counts[i]
        if n >= _LONG_NUMBER or (sep == "." and j - i >= 3):
            return True
        if n < 12 and n not in NUMERIC_LENGTHS:
            return False
        sizes = [counts[k + 1] - counts[k] for k in range(i, j)]
        return (12 <= n <= 19 and cards.grouped_like_a_card(sizes, sep)) or (
            sep in _ID_SEPS and tuple(sizes) in _ID_SHAPES
        )

    def _texts(self, i: int, j: int) -> list[str]:
        text = self._text
        return [text[a:b] for a, b in self._groups[i:j]]
