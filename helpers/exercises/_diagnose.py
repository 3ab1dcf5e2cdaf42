"""Comparing the learner's outcomes with the reference and the mutants, and explaining.

``check`` runs the learner's function on every case; when an output differs from the
reference it looks for the mutant (a known mistake) that reproduces it, first for all
outputs at once, then output by output, and falls back on heuristics that read the numbers
alone: a transposed shape, a constant factor -1, 2, N or 1/N, a per-example shape.
"""

from __future__ import annotations

import numpy as np

from ._core import Exercise, Outcome, Result, _kind, call

# --------------------------------------------------------------------------- comparing


def close(a: np.ndarray, b: np.ndarray, rtol: float, atol: float) -> bool:
    """Same shape (a single number may come as shape (1,)) and allclose."""
    if a.shape != b.shape and not (a.size == b.size == 1 and min(a.ndim, b.ndim) == 0):
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(a.reshape(b.shape), b, rtol=rtol, atol=atol))


def matches(mine: Outcome, other: Outcome, i: int, ex: Exercise) -> bool:
    """Does ``mine`` agree with ``other`` on output ``i`` (both raising counts as agreeing)?"""
    if mine.error is not None or other.error is not None:
        return mine.error is not None and other.error is not None
    if mine.values is None or other.values is None:
        return False
    return close(mine.values[i], other.values[i], ex.rtol, ex.atol)


def describe_case(case: dict) -> str:
    """``x=0.5, w=0.2`` for numbers, ``X shape (4, 3)`` for arrays, names for the rest."""
    parts = []
    for k, val in case.items():
        if callable(val):
            parts.append(f"{k}={getattr(val, '__name__', 'a function')}")
        elif isinstance(val, (list, tuple)):
            shapes = ", ".join(str(tuple(np.shape(w))) for pair in val for w in pair)
            parts.append(f"{k} with shapes {shapes}")
        elif np.ndim(val) == 0:
            parts.append(f"{k}={float(val):.4g}")
        else:
            parts.append(f"{k} shape {np.shape(val)}")
    return ", ".join(parts) if parts else "your numbers"


def fmt(a: np.ndarray) -> str:
    """A short, deterministic rendering of a number or small array."""
    if a.size == 1:
        return f"{float(a.reshape(-1)[0]):.4g}"
    return np.array2string(a, precision=4, threshold=6, edgeitems=2, max_line_width=90)


def how_far(mine: np.ndarray, ref: np.ndarray, where: str, name: str) -> str:
    """One line: where ``name`` is wrong and by how much."""
    if mine.shape != ref.shape and not (mine.size == ref.size == 1):
        want = "be a single number" if ref.ndim == 0 else f"have shape {ref.shape}"
        return f"{name} has shape {mine.shape} but should {want} (with {where})."
    mine = mine.reshape(ref.shape)
    diff = np.abs(mine - ref)
    idx = np.unravel_index(int(np.argmax(diff)), diff.shape) if diff.ndim else ()
    scale = max(abs(float(ref[idx])), abs(float(mine[idx])), 1e-300)
    at = f" at index {tuple(int(i) for i in idx)}" if idx else ""
    return (
        f"{name} with {where}: you give {float(mine[idx]):.4g}{at}, expected "
        f"{float(ref[idx]):.4g} (off by {float(diff[idx]):.3g}, "
        f"{100 * float(diff[idx]) / scale:.0f}% of the larger)."
    )


# --------------------------------------------------------------------------- heuristics

UNKNOWN = (
    "in {}. Compare your formula with the notebook's, factor by factor, at one point "
    "you can work out by hand."
)


def guess(mine: list, refs: list, sizes: list, name: str, hint: str = "") -> tuple[str, str]:
    """Guess a mistake from numbers alone: (key, explanation), or ("unknown", advice).

    ``mine`` and ``refs`` hold this output's arrays for each case the learner answered.
    """
    if any(
        m.shape != r.shape and not (m.size == r.size == 1) for m, r in zip(mine, refs, strict=True)
    ):
        for m, r in zip(mine, refs, strict=True):
            if m.ndim == 2 and r.ndim == 2 and m.shape == r.T.shape and m.shape != r.shape:
                if np.allclose(m, r.T, rtol=1e-6, atol=1e-10):
                    return "transposed_product", (
                        f"in {name}: the transpose of the right answer. The matrix product is "
                        "in the wrong order or transposed. dW^l = (δ^l)^T A^(l-1) has W^l's "
                        "shape (n_l, n_(l-1))."
                    )
                return "wrong_shape", (
                    f"in {name}: the transposed shape. A matrix product is probably transposed "
                    "or in the wrong order. " + hint
                )
        if sizes and all(
            m.shape == (n,) and r.ndim == 1 for m, r, n in zip(mine, refs, sizes, strict=True)
        ):
            return "wrong_shape", (
                f"in {name}: one entry per example. Sum over the batch, axis=0 (the rows), "
                "not over axis=1 (the units)."
            )
        return "wrong_shape", f"in {name}: the wrong shape. {hint}".strip()
    ratios, used = [], []  # the ratio mine/ref in each case, and that case's batch size
    for k, (m, r) in enumerate(zip(mine, refs, strict=True)):
        m = m.reshape(r.shape)
        ok = np.abs(r) > 1e-12
        if not ok.any():
            continue
        q = m[ok] / r[ok]
        if not np.allclose(q, q.flat[0], rtol=1e-6):
            return "unknown", UNKNOWN.format(name)
        ratios.append(float(q.flat[0]))
        if sizes:
            used.append(sizes[k])
    if not ratios:
        return "unknown", UNKNOWN.format(name)
    if np.allclose(ratios, -1.0):
        return "sign_error", (
            f"in {name}: the right size but the wrong sign. Check (y - y_true) is not "
            "written (y_true - y), and that a step goes against the gradient."
        )
    if np.allclose(ratios, 2.0) or np.allclose(ratios, 0.5):
        return "factor_of_2", (
            f"in {name}: off by a factor of exactly {ratios[0]:g}. With L = ½(y - y_true)² the "
            "½ cancels the 2 of the square, so dL/dy = y - y_true, not 2(y - y_true)."
        )
    if np.allclose(ratios, -2.0) or np.allclose(ratios, -0.5):
        return "sign_error", (
            f"in {name}: off by a factor of exactly {ratios[0]:g}, two mistakes: a sign error "
            "and a factor of 2 (the ½ of ½(y - y_true)² cancels the square's 2)."
        )
    if used and max(used) > 1 and np.allclose(ratios, used):
        return "sum_instead_of_mean", (
            f"in {name}: N times too large (N = the batch size). You summed over the batch "
            "where the batch loss takes the mean. Divide by N once."
        )
    if used and max(used) > 1 and np.allclose(ratios, 1 / np.asarray(used)):
        return "mean_twice", f"in {name}: N times too small. You divided by N twice."
    if np.allclose(ratios, ratios[0], rtol=1e-6):
        return "constant_factor", (
            f"in {name}: off by a constant factor of {ratios[0]:.4g}. The formula has the "
            "right shape but a wrong constant in front."
        )
    return "unknown", UNKNOWN.format(name)


# --------------------------------------------------------------------------- checking


def check(ex: Exercise, fn) -> Result:
    """Run ``fn`` on every case of ``ex`` and say what is right and what is wrong."""
    if not callable(fn):
        return Result(
            ex.title, False, f"Pass the function itself (its name, no brackets), not {_kind(fn)}."
        )
    mine = [call(fn, case, ex) for case in ex.cases]
    if any(o.not_attempted for o in mine):
        return Result(ex.title, False, ex.blank_text, attempted=False)
    refs = ex.outcomes("reference", ex.reference)
    n_out = len(ex.outputs)
    good = [
        all(matches(m, r, i, ex) and m.values is not None for m, r in zip(mine, refs, strict=True))
        for i in range(n_out)
    ]
    mutated = sorted({k for o in mine for k in o.mutated})
    if all(good) and not mutated:
        verb = "matches" if n_out == 1 else "match"
        text = ex.correct_text or (
            f"Correct: {_names(ex.outputs)} {verb} {ex.reference_name} in all "
            f"{len(ex.cases)} cases ({ex.cases_text or _case_summary(ex.cases)})."
        )
        return Result(ex.title, True, text)
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
        lines.append(f"Your function's return value has the wrong form: {bad_structure.malformed}.")
        return _result(ex, lines, keys)
    if all(good):
        return _result(ex, ["The values are right, but:", *lines], keys)
    wrong = [n for n, g in zip(ex.outputs, good, strict=True) if not g]
    right = [n for n, g in zip(ex.outputs, good, strict=True) if g]
    errors = [(case, o) for case, o in zip(ex.cases, mine, strict=True) if o.error]
    if errors:
        head = "Not yet right: your function raised an error."
    else:
        head = f"Not yet right: {_names(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong"
        head += f"; {_names(right)} {'is' if len(right) == 1 else 'are'} right." if right else "."
    lines.insert(0, head)
    if errors:
        case, o = errors[0]
        lines.append(
            f"With {(ex.describe or describe_case)(case)} your function raised\n    {o.error}"
            + (f"\n({len(errors)} of {len(mine)} cases raised.)" if len(errors) > 1 else "")
        )
    else:
        for i, name in enumerate(ex.outputs):
            if not good[i]:
                j = next(
                    j
                    for j, (m, r) in enumerate(zip(mine, refs, strict=True))
                    if not matches(m, r, i, ex)
                )
                lines.append(
                    how_far(
                        mine[j].values[i],
                        refs[j].values[i],
                        (ex.describe or describe_case)(ex.cases[j]),
                        name,
                    )
                )
    # 1. one mutant that explains everything the learner returned
    for mk in ex.mistakes:
        outs = ex.outcomes(mk.key + mk.explanation, mk.fn)
        if any(o.values is not None for o in mine) and all(
            matches(m, o, i, ex) for m, o in zip(mine, outs, strict=True) for i in range(n_out)
        ):
            keys.append(mk.key)
            lines.append("Most likely mistake: " + mk.explanation)
            return _result(ex, lines, keys)
    # 2. output by output
    if errors:
        keys.append("raised")
        lines.append(
            (
                "Read the error above: it names the line and what did not fit. " + ex.shape_hint
            ).strip()
        )
        return _result(ex, lines, keys)
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
        sizes = [ex.batch_size(c) for c in ex.cases] if ex.batch_size else []
        key, text = guess(
            [m.values[i] for m in mine], [r.values[i] for r in refs], sizes, "{}", ex.shape_hint
        )
        keys.append(key)
        head = "Likely mistake " if key != "unknown" else "I don't recognise the mistake "
        groups.setdefault(head + text, []).append(name)
    lines += [template.replace("{}", _names(names)) for template, names in groups.items()]
    return _result(ex, lines, keys)


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


def check_values(ex: Exercise, values) -> Result:
    """Check numbers worked out by hand: ``values`` is what the exercise's function returns."""
    ex.blank_text = "Not attempted yet: replace None with your number, then run this cell again."
    return check(ex, lambda: values)
