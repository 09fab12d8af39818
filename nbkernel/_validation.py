"""One small helper that every public entry point uses to check its input.

It turns numbers, lists and arrays into float arrays and refuses, with a message that names the
argument, what a learner would otherwise only notice as a silent wrong answer: text where a number
belongs, NaN or infinity, or an array of the wrong shape.
"""

import numbers

import numpy as np


def as_array(value, name, ndim=None):
    """Return ``value`` as a float64 array, or raise an error naming ``name``.

    Parameters
    ----------
    value : number, list or array
        What the caller passed.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        Allowed numbers of dimensions; any when None.

    Returns
    -------
    numpy.ndarray of float64 (a fresh copy, so callers may keep it).

    Raises
    ------
    TypeError
        If ``value`` is not numeric (text, None, objects...).
    ValueError
        If it has the wrong number of dimensions or contains NaN or infinity.

    Examples
    --------
    >>> as_array([1, 2], "x")
    array([1., 2.])
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be numeric, got {type(value).__name__} {value!r}")
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numeric (a number, list or array of numbers); "
                        f"could not convert {value!r}: {error}") from None
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, numbers.Integral) else tuple(ndim)
        if array.ndim not in allowed:
            wanted = " or ".join(str(n) for n in allowed)
            raise ValueError(f"{name} must have {wanted} dimension(s), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        bad = "NaN" if np.any(np.isnan(array)) else "infinite values"
        raise ValueError(f"{name} contains {bad}; every value must be a finite number")
    return array


def check_positive(value, name, integer=False):
    """Return ``value`` if it is a finite number > 0 (an int when ``integer``), else raise.

    Examples
    --------
    >>> check_positive(0.5, "lr")
    0.5
    """
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind):
        expected = "a whole number" if integer else "a number"
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__} {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def shape_error(name, shape, other_name, other_shape, expected):
    """Build the ValueError for two arguments whose shapes do not fit together.

    Examples
    --------
    >>> str(shape_error("x", (3,), "w", (2,), "one weight per input"))
    'x has shape (3,) but w has shape (2,): expected one weight per input'
    """
    return ValueError(f"{name} has shape {tuple(shape)} but {other_name} has shape "
                      f"{tuple(other_shape)}: expected {expected}")
