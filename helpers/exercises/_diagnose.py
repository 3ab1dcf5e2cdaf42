"""Comparing the learner's outcomes with the reference and the mutants, and explaining.

``check`` runs the learner's function on every case; when an output differs from the
reference it looks for the mutant (a known mistake) that reproduces it, first for all
outputs at once, then output by output, and falls back on heuristics that read the numbers
alone (``_guess``): outputs in the wrong order, a transposed shape, a constant factor
-1, 2, N or 1/N, an unfilled zeros buffer, numbers rounded too far by hand.

Shapes are compared exactly: a single number may come as shape (1,) only where
``_convert`` found that unambiguous. Outputs computed in float32 are compared within
float32's precision, and the verdict says so. Expected values are shown only when asked
for or after a few wrong tries (``_explain``).
"""

from __future__ import annotations

import numpy as np

from . import _explain
from ._core import Exercise, Outcome, Result, _is_placeholder, call, kind
from ._explain import describe_case, fmt, how_far  # noqa: F401 - fmt: used by tests
from ._guard import limit_text
from ._guess import guess, rounded_digits, rounding_text, wrong_order

FLOAT32_RTOL = 1e-5  # float32 keeps about 7 significant digits; sums lose a few


def close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    """Exactly the same shape, and allclose. (``_convert`` has already turned a (1,) that
    stands for a single number into one.)"""
    if a.shape != b.shape:
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(a.reshape(b.shape), b, rtol=rtol, atol=atol))


def _tolerance(ex: Exercise, mine: Outcome, i: int, ref: np.ndarray) -> tuple[float, float]:
    if i in mine.low_precision:
        scale = float(np.max(np.abs(ref))) if ref.size else 0.0
        return max(ex.rtol, FLOAT32_RTOL), max(ex.atol, FLOAT32_RTOL * scale)
    return ex.rtol, ex.atol


def matches(mine: Outcome, other: Outcome, i: int, ex: Exercise) -> bool:
    """Does ``mine`` agree with ``other`` on output ``i`` (both raising counts as agreeing)?"""
    if mine.error is not None or other.error is not None:
        return mine.error is not None and other.error is not None
    if mine.values is None or other.values is None:
        return False
    a, b = mine.values[i], other.values[i]
    if a is None or b is None:
        return a is None and b is None  # an output this case does not have
    return close(a, b, *_tolerance(ex, mine, i, b))


# --------------------------------------------------------------------------- checking


def _call_all(ex: Exercise, fn, refs: list) -> list:
    """The learner's outcomes, case by case; stops at the first case past the time limit."""
    mine = []
    for case, ref in zip(ex.cases, refs, strict=True):
        mine.append(call(fn, case, ex, like=ref.values))
        if mine[-1].timed_out:
            break
    return mine


def check(ex: Exercise, fn, reveal: bool = False) -> Result:
    """Run ``fn`` on every case of ``ex`` and say what is right and what is wrong.

    ``reveal`` shows the expected values at once; otherwise they appear from the
    ``_explain.REVEAL_AFTER``-th wrong try on.
    """
    if not callable(fn):
        return Result(
            ex.title, False, f"Pass the function itself (its name, no brackets), not {kind(fn)}."
        )
    refs = ex.outcomes("reference", ex.reference)
    broken = next((r for r in refs if r.values is None), None)
    if broken is not None:  # a bug of the checker's, not the learner's: say so plainly
        problem = broken.error or broken.malformed
        return Result(ex.title, False, f"This checker's own reference failed ({problem}).")
    mine = _call_all(ex, fn, refs)
    if any(o.not_attempted for o in mine):
        return Result(ex.title, False, ex.blank_text, attempted=False)
    tries = _explain.count_wrong_try(ex.title)  # taken back below if it is right
    if mine[-1].timed_out:
        return _result(ex, ["Not yet right: " + limit_text()], ["time_limit"])
    if any(o.returned_none for o in mine):
        return _result(
            ex,
            [
                "Not yet right: your function returned None: did you print instead of return? "
                "print only shows a value; `return "
                + ", ".join(ex.outputs if len(ex.outputs) <= 4 else ("...",))
                + "` hands it back to the caller (and to this check)."
            ],
            ["returned_none"],
        )
    n_out = len(ex.outputs)
    good = [
        all(matches(m, r, i, ex) and m.values is not None for m, r in zip(mine, refs, strict=True))
        for i in range(n_out)
    ]
    mutated = sorted({k for o in mine for k in o.mutated})
    if all(good) and not mutated:
        _explain.reset_tries(ex.title)
        return Result(ex.title, True, _correct_text(ex, mine))
    lines, keys = [], []
    if mutated:
        keys.append("in_place")
        lines.append(
            f"Your function changed its argument{'s' if len(mutated) > 1 else ''} "
            f"{', '.join(mutated)} in place. The caller's arrays must not change: work on "
            "copies (`x_plus = x.copy()`; `W = W - lr * dW` rather than `W -= lr * dW`)."
        )
    bad_structure = next((o for o in mine if o.malformed), None)
    if bad_structure is not None:
        keys.append("wrong_shape")
        lines.append(f"{ex.wrong_form}: {bad_structure.malformed}.")
        return _result(ex, lines, keys)
    if all(good):
        return _result(ex, ["The values are right, but:", *lines], keys)
    show = reveal or tries >= _explain.REVEAL_AFTER
    _explain_wrong(ex, mine, refs, good, lines, keys, show)
    low = sorted({i for o in mine for i in o.low_precision if not good[i]})
    if low:
        lines.append(
            f"Note: {_names([ex.outputs[i] for i in low])} came back in float32, whose rounding "
            "(about 7 significant digits) may be part of the difference: compute in float64."
        )
    if not show and any("which is wrong" in line for line in lines):
        lines.append(_explain.hidden_note(tries))
    return _result(ex, lines, keys)


def _explain_wrong(ex, mine, refs, good, lines, keys, show) -> None:
    """Append what is wrong, by how much (if ``show``) and the likely mistake."""
    n_out = len(ex.outputs)
    wrong = [n for n, g in zip(ex.outputs, good, strict=True) if not g]
    right = [n for n, g in zip(ex.outputs, good, strict=True) if g]
    errors = [(case, o) for case, o in zip(ex.cases, mine, strict=True) if o.error]
    describe = ex.describe or describe_case
    if errors:
        head = "Not yet right: your function raised an error."
    else:
        head = f"Not yet right: {_names(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong"
        head += f"; {_names(right)} {'is' if len(right) == 1 else 'are'} right." if right else "."
    lines.insert(0, head)
    if errors:
        case, o = errors[0]
        lines.append(
            f"With {describe(case)} your function raised\n    {o.error}"
            + (f"\n({len(errors)} of {len(mine)} cases raised.)" if len(errors) > 1 else "")
        )
    else:
        for i, name in enumerate(ex.outputs):
            if not good[i]:
                bad = [
                    j
                    for j, (m, r) in enumerate(zip(mine, refs, strict=True))
                    if not matches(m, r, i, ex)
                ]
                j = next((j for j in bad if _shape_differs(mine[j], refs[j], i)), bad[0])
                if mine[j].values[i] is None or refs[j].values[i] is None:
                    continue
                lines.append(
                    how_far(mine[j].values[i], refs[j].values[i], describe(ex.cases[j]), name, show)
                )
    # 1. one mutant that explains everything the learner returned
    for mk in ex.mistakes:
        outs = ex.outcomes(mk.key + mk.explanation, mk.fn)
        if any(o.values is not None for o in mine) and all(
            matches(m, o, i, ex) for m, o in zip(mine, outs, strict=True) for i in range(n_out)
        ):
            keys.append(mk.key)
            lines.append("Most likely mistake: " + mk.explanation)
            return
    if errors:
        keys.append("raised")
        lines.append(
            (
                "Read the error above: it names the line and what did not fit. " + ex.shape_hint
            ).strip()
        )
        return
    # 2. the outputs are right but in the wrong order
    idx = [i for i in range(n_out) if not good[i]]
    swap = wrong_order(lambda a, b: close(a, b, ex.rtol, ex.atol), mine, refs, idx)
    if swap:
        keys.append("wrong_order")
        moved = "; ".join(
            f"{ex.outputs[i]} holds what {ex.outputs[j]} should" for i, j in swap.items()
        )
        lines.append(
            f"Most likely mistake: the outputs are in the wrong order ({moved}). Return them "
            f"as `return {', '.join(ex.outputs)}`, in that order."
        )
        return
    # 3. numbers rounded too far by hand
    if ex.by_hand:
        digits = {}
        for i in (i for i in idx if mine[0].values[i].size == 1):
            d = rounded_digits(float(mine[0].values[i].reshape(-1)[0]), float(refs[0].values[i]))
            if d is not None:
                digits[ex.outputs[i]] = d
        if digits:
            keys.append("rounded")
            lines.append(
                "Most likely mistake in " + rounding_text(list(digits), max(digits.values()))
            )
            return
    _per_output(ex, mine, refs, good, lines, keys)


def _per_output(ex, mine, refs, good, lines, keys) -> None:
    """Explain each wrong output by a mutant or, failing that, by a heuristic."""
    groups: dict[str, list] = {}  # one line per explanation, naming every output it fits
    for i, name in enumerate(ex.outputs):
        if good[i]:
            continue
        found = None
        for mk in ex.mistakes:
            outs = ex.outcomes(mk.key + mk.explanation, mk.fn)
            if all(matches(m, o, i, ex) for m, o in zip(mine, outs, strict=True)):
                found = mk
                break
        if found is not None:
            keys.append(found.key)
            groups.setdefault("Most likely mistake in {}: " + found.explanation, []).append(name)
            continue
        pairs = [
            (m.values[i], r.values[i], c)
            for m, r, c in zip(mine, refs, ex.cases, strict=True)
            if m.values[i] is not None and r.values[i] is not None
        ]
        sizes = [ex.batch_size(c) for _, _, c in pairs] if ex.batch_size else []
        key, text = guess([p[0] for p in pairs], [p[1] for p in pairs], sizes, "{}", ex.shape_hint)
        keys.append(key)
        head = "Likely mistake " if key != "unknown" else "I don't recognise the mistake "
        groups.setdefault(head + text, []).append(name)
    lines += [template.replace("{}", _names(names)) for template, names in groups.items()]


def _shape_differs(mine: Outcome, ref: Outcome, i: int) -> bool:
    a, b = mine.values[i], ref.values[i]
    return a is not None and b is not None and a.shape != b.shape


def _correct_text(ex: Exercise, mine: list) -> str:
    n_out = len(ex.outputs)
    verb = "matches" if n_out == 1 else "match"
    text = ex.correct_text or (
        f"Correct: {_names(ex.outputs)} {verb} {ex.reference_name} in all "
        f"{len(ex.cases)} cases ({ex.cases_text or _case_summary(ex.cases)})."
    )
    low = sorted({i for o in mine for i in o.low_precision})
    if low:
        names = _names([ex.outputs[i] for i in low])
        text += (
            f"\nNote: {names} came back in float32, and match{'es' if len(low) == 1 else ''} "
            "to float32's precision (about 7 significant digits). numpy's default, float64, "
            "keeps about 16: leave out dtype=np.float32 unless memory is short."
        )
    return text


def _result(ex: Exercise, lines: list, keys: list) -> Result:
    unique = tuple(dict.fromkeys(keys))
    return Result(ex.title, False, "\n".join(lines), mistakes=unique)


def _names(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _case_summary(cases: list) -> str:
    shapes = []
    for case in cases:
        s = [
            tuple(np.shape(v))
            for v in case.values()
            if not callable(v) and not isinstance(v, (list, tuple)) and np.ndim(v) > 0
        ]
        shapes.append(s[0] if s else ())
    kinds = []
    if any(s == () for s in shapes):
        kinds.append("single numbers")
    arrays = sorted({s for s in shapes if s != ()})
    if arrays:
        kinds.append("shapes " + ", ".join(str(s) for s in arrays))
    return "; ".join(kinds) if kinds else "several points"


BY_HAND_BLANK = "Not attempted yet: replace None with your number, then run this cell again."


def check_values(ex: Exercise, values, reveal: bool = False) -> Result:
    """Check numbers worked out by hand: ``values`` is what the exercise's function returns."""
    ex.blank_text = BY_HAND_BLANK
    ex.by_hand = True
    ex.wrong_form = "Your numbers are not all plain numbers"
    if _is_placeholder(values):
        return Result(ex.title, False, ex.blank_text, attempted=False)
    return check(ex, lambda: values, reveal)
