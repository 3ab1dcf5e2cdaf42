"""The shared argument checks: real numbers of every kind, and clear errors for the rest."""

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from helpers import _validate as v


@pytest.mark.parametrize(
    "value, expected",
    [
        (Decimal("1.5"), 1.5),
        (Fraction(1, 4), 0.25),
        (2**70, 2.0**70),
        ([Decimal("1"), Fraction(1, 2), 3], [1.0, 0.5, 3.0]),
        (np.float32(0.5), 0.5),
    ],
)
def test_decimal_fraction_and_big_ints_are_real_numbers(value, expected):
    assert np.array_equal(v.real_array("x", value), np.array(expected, dtype=np.float64))


@pytest.mark.parametrize(
    "value", [10**400, -(10**400), Fraction(10**400), Decimal("1e400"), [1.0, 10**400]]
)
def test_a_number_too_large_for_a_float_is_a_value_error_naming_it(value):
    with pytest.raises(ValueError, match=r"^speed must fit in a float64"):
        v.real_array("speed", value)


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("sNaN")])
def test_decimal_nan_and_infinity_are_not_finite(value):
    with pytest.raises(ValueError, match=r"^x must be finite"):
        v.real_array("x", value)


@pytest.mark.parametrize("value", [None, "1.0", 1j, True, [1.0, None], [1.0, "a"], [[1], [1, 2]]])
def test_non_numbers_are_a_type_error_naming_the_argument(value):
    with pytest.raises(TypeError, match=r"^x must be a real number"):
        v.real_array("x", value)


def test_read_only_and_non_contiguous_arrays_work_and_are_never_changed():
    base = np.arange(12.0).reshape(3, 4)
    base.flags.writeable = False
    view = base[:, ::2]  # read-only and not contiguous
    out = v.real_array("x", view)
    assert np.array_equal(out, [[0, 2], [4, 6], [8, 10]])
    assert out.flags.writeable and not np.shares_memory(out, base)
    out[0, 0] = 99.0
    assert base[0, 0] == 0.0
    ints = np.arange(4)[::-1]
    assert np.array_equal(v.real_array("x", ints), [3.0, 2.0, 1.0, 0.0])


def test_the_float64_fast_path_still_copies():
    x = np.ones(3)
    out = v.real_array("x", x)
    out[0] = 5.0
    assert x[0] == 1.0
