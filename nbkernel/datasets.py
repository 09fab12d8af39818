"""Small 2-D classification datasets, a train/test split, and a loader for a learner's own CSV.

Every dataset returns ``(X, y)``: ``X`` of shape (n, 2), one point per row (row-vector
convention), and ``y`` of shape (n,), the class numbers 0, 1, ... as integers. The points lie
roughly in the square [−2.5, 2.5]² and come in a random order; ``noise`` is the standard
deviation of the Gaussian jitter added to each coordinate, in the same units, and ``seed`` makes
every call repeatable (``numpy.random.default_rng``).

``DATASETS`` maps each name to its function, so ``make("spirals", n=300)`` builds one by name.
For a binary dataset and a one-output sigmoid network, ``y`` serves as the target directly; for
k classes use k identity outputs and the "cross_entropy" loss.

Examples
--------
>>> X, y = make("xor", n=8, noise=0.0, seed=0)
>>> X.shape, y.shape, sorted(set(y.tolist()))
((8, 2), (8,), [0, 1])
"""

import csv
import math
import numbers

import numpy as np

from ._validation import as_array, check_positive, shape_error


def _check_common(n, noise, seed, smallest=2):
    check_positive(n, "n", integer=True)
    if n < smallest:
        raise ValueError(f"n must be at least {smallest} (one point per class), got {n}")
    if isinstance(noise, bool) or not isinstance(noise, numbers.Real):
        raise TypeError(f"noise must be a number, got {type(noise).__name__} {noise!r}")
    if not math.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.random.Generator)):
        raise TypeError(f"seed must be a whole number or a numpy.random.Generator, got "
                        f"{type(seed).__name__} {seed!r}")
    return np.random.default_rng(seed)


def _counts(n, classes):
    """Split n points as evenly as possible between the classes."""
    return [n // classes + (k < n % classes) for k in range(classes)]


def _finish(rng, parts, noise):
    """Stack (points, class) parts, add the jitter and shuffle the rows."""
    X = np.concatenate([points for points, _ in parts])
    y = np.concatenate([np.full(len(points), k) for points, k in parts])
    X = X + noise * rng.normal(size=X.shape)
    order = rng.permutation(len(y))
    return X[order], y[order]


def blobs(n=200, noise=0.5, seed=0, classes=2):
    """Gaussian blobs, one per class, centred evenly on a circle of radius 1.5.

    Parameters
    ----------
    n : int
        Number of points in all, shared as evenly as possible between the classes.
    noise : float
        Standard deviation of each blob around its centre.
    seed : int or numpy.random.Generator
    classes : int
        Number of blobs (classes), at least 2.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int, shape (n,)

    Examples
    --------
    >>> X, y = blobs(n=6, noise=0.0, classes=3)
    >>> np.bincount(y).tolist(), X[y == 0][0].round(6).tolist()
    ([2, 2, 2], [1.5, 0.0])
    """
    check_positive(classes, "classes", integer=True)
    if classes < 2:
        raise ValueError(f"classes must be at least 2, got {classes}")
    rng = _check_common(n, noise, seed, smallest=classes)
    parts = []
    for k, count in enumerate(_counts(n, classes)):
        angle = 2.0 * math.pi * k / classes
        centre = 1.5 * np.array([math.cos(angle), math.sin(angle)])
        parts.append((np.tile(centre, (count, 1)), k))
    return _finish(rng, parts, noise)


def circles(n=200, noise=0.1, seed=0):
    """A disc (class 1, radius up to 1) inside a ring (class 0, radius 1.5 to 2).

    No straight line separates them: a network needs a hidden layer.

    Examples
    --------
    >>> X, y = circles(n=100, noise=0.0)
    >>> radius = np.hypot(X[:, 0], X[:, 1])
    >>> bool(radius[y == 1].max() <= 1.0 < 1.5 <= radius[y == 0].min())
    True
    """
    rng = _check_common(n, noise, seed)
    parts = []
    for k, (low, high) in zip((0, 1), ((1.5, 2.0), (0.0, 1.0))):
        count = _counts(n, 2)[k]
        radius = rng.uniform(low, high, size=count)
        angle = rng.uniform(0.0, 2.0 * math.pi, size=count)
        parts.append((np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), k))
    return _finish(rng, parts, noise)


def xor(n=200, noise=0.1, seed=0):
    """XOR quadrants: class 1 where exactly one coordinate is negative.

    Points are spread over [−2, 2]², kept 0.1 away from the axes before the jitter, and labelled
    by their quadrant: the continuous version of the XOR gate.

    Examples
    --------
    >>> X, y = xor(n=50, noise=0.0)
    >>> bool(np.all(y == ((X[:, 0] < 0) != (X[:, 1] < 0))))
    True
    """
    rng = _check_common(n, noise, seed)
    magnitude = rng.uniform(0.1, 2.0, size=(n, 2))
    sign = rng.choice([-1.0, 1.0], size=(n, 2))
    points = magnitude * sign
    labels = (points[:, 0] < 0) != (points[:, 1] < 0)
    return _finish(rng, [(points[labels == k], k) for k in (0, 1)], noise)


def spirals(n=200, noise=0.1, seed=0):
    """Two interleaved spirals, one per class, each turning 1.75 times out to radius 2.

    Examples
    --------
    >>> X, y = spirals(n=40, noise=0.0)
    >>> bool(np.hypot(X[:, 0], X[:, 1]).max() <= 2.0), np.bincount(y).tolist()
    (True, [20, 20])
    """
    rng = _check_common(n, noise, seed)
    parts = []
    for k, count in enumerate(_counts(n, 2)):
        t = rng.uniform(0.0, 1.0, size=count)  # 0 at the centre, 1 at the outer end
        angle = 1.75 * 2.0 * math.pi * t + math.pi * k
        radius = 2.0 * t
        parts.append((np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), k))
    return _finish(rng, parts, noise)


DATASETS = {"blobs": blobs, "circles": circles, "xor": xor, "spirals": spirals}


def make(name, n=200, noise=None, seed=0, **options):
    """Build the dataset called ``name`` (a key of ``DATASETS``); None noise keeps its default.

    Examples
    --------
    >>> X, y = make("blobs", n=9, classes=3)
    >>> X.shape, np.bincount(y).tolist()
    ((9, 2), [3, 3, 3])
    """
    if not isinstance(name, str) or name.lower() not in DATASETS:
        known = ", ".join(sorted(DATASETS))
        raise ValueError(f"unknown dataset {name!r}; known datasets: {known}")
    if noise is not None:
        options["noise"] = noise
    return DATASETS[name.lower()](n=n, seed=seed, **options)


def split(X, y, train_fraction=0.5, seed=0):
    """Shuffle the examples and split them into a training set and a test set.

    Parameters
    ----------
    X : array_like, shape (n, inputs)
    y : array_like, shape (n,) or (n, outputs)
    train_fraction : float
        Share of the examples used for training, 0 < train_fraction < 1; the training set gets
        round(train_fraction · n) examples, and each set at least one.
    seed : int or numpy.random.Generator

    Returns
    -------
    (X_train, y_train), (X_test, y_test)

    Examples
    --------
    >>> X, y = blobs(n=10)
    >>> (X_train, y_train), (X_test, y_test) = split(X, y, train_fraction=0.8)
    >>> X_train.shape, y_train.shape, X_test.shape, y_test.shape
    ((8, 2), (8,), (2, 2), (2,))
    """
    X = as_array(X, "X", ndim=2)
    y = np.asarray(y)
    y_checked = as_array(y, "y", ndim=(1, 2))
    if y_checked.shape[0] != X.shape[0]:
        raise shape_error("y", y_checked.shape, "X", X.shape, "one target per row of X")
    if not np.issubdtype(y.dtype, np.integer):
        y = y_checked
    if isinstance(train_fraction, bool) or not isinstance(train_fraction, numbers.Real):
        raise TypeError(f"train_fraction must be a number, got {type(train_fraction).__name__} "
                        f"{train_fraction!r}")
    if not 0 < train_fraction < 1:
        raise ValueError(f"train_fraction must lie strictly between 0 and 1, got "
                         f"{train_fraction!r}")
    n = X.shape[0]
    if n < 2:
        raise ValueError(f"splitting needs at least 2 examples, one for each set, got {n}")
    if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.random.Generator)):
        raise TypeError(f"seed must be a whole number or a numpy.random.Generator, got "
                        f"{type(seed).__name__} {seed!r}")
    order = np.random.default_rng(seed).permutation(n)
    n_train = min(max(round(train_fraction * n), 1), n - 1)
    train, test = order[:n_train], order[n_train:]
    return (X[train], y[train]), (X[test], y[test])


def load_csv(path, label="label"):
    """Read a learner's own 2-D dataset: a header line, then two feature columns and a label.

    The file must start with a header naming its three columns; the column called ``label``
    holds the class numbers (whole numbers 0, 1, ...; at least two different ones) and the other
    two, in the file's order, are the features x₁ and x₂. Values are separated by commas; blank
    lines are skipped.

    Parameters
    ----------
    path : str or os.PathLike
    label : str
        Name of the label column in the header.

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int, shape (n,)

    Raises
    ------
    ValueError
        For an empty file, a header without the label column or without exactly three columns,
        a row with the wrong number of values, text or an empty cell where a number belongs,
        NaN or infinity, a label that is not a whole number >= 0, or a single class. The message
        names the line and the column.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "points.csv"
    >>> _ = path.write_text("x1,x2,label\\n0.5,1.0,0\\n-1.5,2.0,1\\n")
    >>> X, y = load_csv(path)
    >>> X.tolist(), y.tolist()
    ([[0.5, 1.0], [-1.5, 2.0]], [0, 1])
    """
    if not isinstance(label, str):
        raise TypeError(f"label must be a column name (str), got {type(label).__name__}")
    with open(path, newline="", encoding="utf-8-sig") as file:
        rows = [(number, [cell.strip() for cell in row])
                for number, row in enumerate(csv.reader(file), start=1)
                if any(cell.strip() for cell in row)]
    if not rows:
        raise ValueError(f"{path} is empty: expected a header line such as 'x1,x2,{label}' "
                         "followed by one line per point")
    _, header = rows[0]
    if label not in header:
        raise ValueError(f"{path} has no column named {label!r} in its header; columns found: "
                         f"{', '.join(repr(name) for name in header)} (the first line must "
                         f"name the columns, e.g. 'x1,x2,{label}')")
    if len(header) != 3:
        raise ValueError(f"{path} has {len(header)} columns ({', '.join(header)}); expected "
                         f"3: two feature columns and {label!r}")
    if len(rows) == 1:
        raise ValueError(f"{path} has a header but no data lines")
    values = np.empty((len(rows) - 1, 3))
    for i, (number, row) in enumerate(rows[1:]):
        if len(row) != 3:
            raise ValueError(f"{path}, line {number} has {len(row)} value(s) but the header "
                             f"has 3 columns ({', '.join(header)})")
        for j, (name, cell) in enumerate(zip(header, row)):
            values[i, j] = _number(cell, path, number, name)
    column = header.index(label)
    features = values[:, [j for j in range(3) if j != column]]
    labels = values[:, column]
    bad = (labels != np.round(labels)) | (labels < 0)
    if np.any(bad):
        i = int(np.argmax(bad))
        raise ValueError(f"{path}, line {rows[i + 1][0]}, column {label!r}: class labels must be "
                         f"whole numbers 0, 1, 2, ..., got {labels[i]:g}")
    classes = np.unique(labels)
    if len(classes) < 2:
        raise ValueError(f"{path} has one class only (every {label!r} is {classes[0]:g}); "
                         "a classifier needs examples of at least two classes")
    return features, labels.astype(int)


def _number(cell, path, line, column):
    where = f"{path}, line {line}, column {column!r}"
    if cell == "":
        raise ValueError(f"{where} is empty; every cell must hold a number")
    try:
        value = float(cell)
    except ValueError:
        raise ValueError(f"{where}: {cell!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where} is {cell!r}; every value must be a finite number "
                         "(no NaN or infinity)")
    return value
