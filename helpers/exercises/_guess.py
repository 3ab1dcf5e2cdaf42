"""Guessing a mistake from the learner's numbers alone, when no mutant reproduces them.

Each function looks at one output's arrays over the cases (``mine`` and ``refs``, the
reference's) and returns ``(key, explanation)``; the explanation holds ``{}`` where the
output's name goes. Nothing here shows an expected value.
"""

from __future__ import annotations

import numpy as np

from ._explain import num

UNKNOWN = (
    "in {}. Compare your formula with the notebook's, factor by factor, at one point "
    "you can work out by hand."
)


def _same_size(m: np.ndarray, r: np.ndarray) -> bool:
    return m.shape == r.shape


def _shape_guess(mine, refs, sizes, name, hint):
    for m, r in zip(mine, refs, strict=True):
        if m.ndim == 2 and r.ndim == 2 and m.shape == r.T.shape and m.shape != r.shape:
            if np.allclose(m, r.T, rtol=1e-6, atol=1e-10):
                return "transposed_product", (
                    f"in {name}: the transpose of the right answer. A matrix product is in "
                    "the wrong order, or there is a .T too many. " + hint
                ).strip()
            return "wrong_shape", (
                f"in {name}: the transposed shape. A matrix product is probably transposed "
                "or in the wrong order. " + hint
            )
    for m, r in zip(mine, refs, strict=True):
        if m.size == r.size and m.ndim > r.ndim and r.ndim >= 1 and 1 in m.shape:
            return "wrong_shape", (
                f"in {name}: an extra axis of length 1, shape {m.shape} where {r.shape} is "
                "wanted (a column or row vector). Drop it: keepdims=False, or .reshape(-1). " + hint
            ).strip()
    if sizes and all(
        m.shape == (n,) and r.ndim == 1 for m, r, n in zip(mine, refs, sizes, strict=True)
    ):
        return "wrong_shape", (
            f"in {name}: one entry per example. Sum over the batch, axis=0 (the rows), "
            "not over axis=1 (the units)."
        )
    return "wrong_shape", f"in {name}: the wrong shape. {hint}".strip()


def guess(mine: list, refs: list, sizes: list, name: str, hint: str = "") -> tuple[str, str]:
    """Guess a mistake from numbers alone: (key, explanation), or ("unknown", advice).

    ``mine`` and ``refs`` hold this output's arrays for each case the learner answered.
    """
    with np.errstate(all="ignore"):  # huge numbers overflow in the comparisons: no warning
        return _guess(mine, refs, sizes, name, hint)


def _guess(mine, refs, sizes, name, hint):
    if any(not _same_size(m, r) for m, r in zip(mine, refs, strict=True)):
        return _shape_guess(mine, refs, sizes, name, hint)
    if any(not np.isfinite(m).all() for m in mine):
        return "not_finite", (
            f"in {name}: some entries are NaN or infinite. Look for an overflow (np.exp of a "
            "large number: use the stable form), a division by 0, or the log of 0."
        )
    if all(not m.any() for m in mine) and any(r.any() for r in refs):
        if all(m.size == 1 for m in mine):
            return "all_zeros", (
                f"in {name}: it is 0 in every case. A value set to 0 and never updated, or a "
                "factor that is 0 (a difference of two equal things)?"
            )
        return "all_zeros", (
            f"in {name}: every entry is 0. Was an np.zeros buffer never filled in? Check that "
            "the loop runs and writes into it (grad[i] = ...), and that you return the "
            "filled array."
        )
    ratios, used = [], []  # the ratio mine/ref in each case, and that case's batch size
    for k, (m, r) in enumerate(zip(mine, refs, strict=True)):
        ok = np.abs(r) > 1e-12
        if not ok.any():
            continue
        q = m[ok] / r[ok]
        if not np.isfinite(q).all() or not np.allclose(q, q.flat[0], rtol=1e-6, atol=0):
            return "unknown", UNKNOWN.format(name)
        ratios.append(float(q.flat[0]))
        if sizes:
            used.append(sizes[k])
    if not ratios or any(abs(q) < 1e-12 or abs(q) > 1e12 for q in ratios):
        return "unknown", UNKNOWN.format(name)
    return _ratio_guess(ratios, used, name)


def _ratio_guess(ratios: list, used: list, name: str) -> tuple[str, str]:
    """Name a constant factor shared by every case: -1, ±2, ±½, N, 1/N or another."""
    r0 = ratios[0]
    if not np.allclose(ratios, r0, rtol=1e-6, atol=0):
        return "unknown", UNKNOWN.format(name)
    if np.isclose(r0, -1.0, rtol=1e-6, atol=0):
        return "sign_error", (
            f"in {name}: the right size but the wrong sign. Check (y - y_true) is not "
            "written (y_true - y), and that a step goes against the gradient."
        )
    if np.isclose(r0, 2.0) or np.isclose(r0, 0.5):
        return "factor_of_2", (
            f"in {name}: off by a factor of exactly {r0:g}. With L = ½(y - y_true)² the "
            "½ cancels the 2 of the square, so dL/dy = y - y_true, not 2(y - y_true)."
        )
    if np.isclose(r0, -2.0) or np.isclose(r0, -0.5):
        return "sign_error", (
            f"in {name}: the wrong sign and a factor of exactly {abs(r0):g}, two mistakes: a "
            "sign error and a factor of 2 (the ½ of ½(y - y_true)² cancels the square's 2)."
        )
    if used and max(used) > 1 and np.allclose(ratios, used):
        return "sum_instead_of_mean", (
            f"in {name}: N times too large (N = the batch size). You summed over the batch "
            "where the batch loss takes the mean. Divide by N once."
        )
    if used and max(used) > 1 and np.allclose(ratios, 1 / np.asarray(used)):
        return "mean_twice", f"in {name}: N times too small. You divided by N twice."
    if r0 < 0:
        return "sign_error", (
            f"in {name}: the wrong sign, and {num(abs(r0))} times the right size. Check the "
            "sign of (y - y_true), then the constant in front."
        )
    return "constant_factor", (
        f"in {name}: off by a constant factor of {num(r0)}. The formula has the "
        "right shape but a wrong constant in front."
    )


# --------------------------------------------------------------------------- by hand


def rounded_digits(mine: float, ref: float) -> int | None:
    """The significant digits (1-3) ``mine`` keeps if it is ``ref`` rounded that far."""
    if not (np.isfinite(mine) and np.isfinite(ref)) or ref == 0 or mine == 0:
        return None
    for digits in (1, 2, 3):
        step = 10.0 ** (np.floor(np.log10(abs(ref))) - digits + 1)
        if abs(mine - ref) <= 0.5 * step * (1 + 1e-9) and np.isclose(
            mine, float(f"{mine:.{digits}g}"), rtol=1e-12, atol=0
        ):
            return digits
    return None


def rounding_text(names: list, digits: int) -> str:
    s = "" if digits == 1 else "s"
    return (
        f"{', '.join(names)}: rounded too far, to {digits} significant digit{s}. Keep four "
        "significant digits (0.1234, not 0.12), and round only at the end: a number rounded "
        "early spoils the numbers worked out from it."
    )


# --------------------------------------------------------------------------- order


def wrong_order(close, mine: list, refs: list, wrong: list) -> dict | None:
    """{i: j} if each wrong output i holds what output j should, in every case; else None.

    ``close(a, b)`` compares two arrays; ``mine`` and ``refs`` are per-case value tuples.
    """
    if len(wrong) < 2:
        return None
    swap = {}
    for i in wrong:
        js = [
            j
            for j in wrong
            if j != i
            and all(
                m.values[i] is not None
                and r.values[j] is not None
                and close(m.values[i], r.values[j])
                for m, r in zip(mine, refs, strict=True)
            )
        ]
        if len(js) != 1:
            return None
        swap[i] = js[0]
    return swap if sorted(swap.values()) == sorted(swap) else None
