"""Datasets: shapes, classes, seeds, noise, geometry, the split, and the CSV loader's errors."""

import numpy as np
import pytest

import nbkernel as nk

ds = nk.datasets
NAMES = sorted(ds.DATASETS)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_shapes_classes_and_balance(name, n):
    X, y = ds.make(name, n=n, seed=1)
    assert X.shape == (n, 2) and X.dtype == float
    assert y.shape == (n,) and np.issubdtype(y.dtype, np.integer)
    assert set(y.tolist()) <= {0, 1}
    if name != "xor":  # xor's classes follow its random quadrants
        assert abs(np.sum(y == 0) - np.sum(y == 1)) <= 1
    assert np.all(np.abs(X) < 4.0)


@pytest.mark.parametrize("name", NAMES)
def test_seeded_and_noise_moves_points(name):
    a, b, c = (ds.make(name, n=50, seed=s) for s in (3, 3, 4))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])
    clean, noisy = ds.make(name, n=50, noise=0.0, seed=3), ds.make(name, n=50, noise=0.3, seed=3)
    jitter = noisy[0] - clean[0]
    assert 0.15 < jitter.std() < 0.45  # the same points, jittered by about the noise level
    np.testing.assert_array_equal(clean[1], noisy[1])


def test_geometry_without_noise():
    X, y = ds.circles(n=300, noise=0.0)
    radius = np.hypot(*X.T)
    assert radius[y == 1].max() <= 1.0 and radius[y == 0].min() >= 1.5
    X, y = ds.xor(n=300, noise=0.0)
    np.testing.assert_array_equal(y, (X[:, 0] < 0) != (X[:, 1] < 0))
    assert np.abs(X).min() >= 0.1
    X, y = ds.spirals(n=300, noise=0.0)
    assert np.hypot(*X.T).max() <= 2.0
    np.testing.assert_allclose(ds.spirals(n=2, noise=0.0, seed=0)[0].shape, (2, 2))


def test_k_class_blobs():
    X, y = ds.blobs(n=400, noise=0.3, classes=4, seed=0)
    assert np.bincount(y).tolist() == [100] * 4
    centres = np.array([X[y == k].mean(axis=0) for k in range(4)])
    np.testing.assert_allclose(centres, [[1.5, 0], [0, 1.5], [-1.5, 0], [0, -1.5]], atol=0.1)


@pytest.mark.parametrize("name, sizes, loss", [
    ("blobs", [2, 1], "bce"), ("xor", [2, 8, 1], "bce"), ("circles", [2, 8, 1], "bce")])
def test_a_network_learns_them(name, sizes, loss):
    X, y = ds.make(name, n=200, seed=0)
    (X_train, y_train), (X_test, y_test) = ds.split(X, y, train_fraction=0.7, seed=0)
    net = nk.random_network(sizes, activation="tanh", seed=0)
    nk.train(net, X_train, y_train, lr=0.5, epochs=300, loss=loss, batch_size=20)
    assert np.mean((net(X_test).ravel() > 0.5) == y_test) > 0.9


def test_three_blobs_learned_with_cross_entropy():
    X, y = ds.blobs(n=300, classes=3, seed=0)
    net = nk.random_network([2, 3], output_activation="identity", seed=0)
    nk.train(net, X, y, lr=0.5, epochs=100, loss="cross_entropy", batch_size=32)
    assert np.mean(net(X).argmax(axis=1) == y) > 0.9


@pytest.mark.parametrize("call, error, message", [
    (lambda: ds.make("moons"), ValueError, "unknown dataset 'moons'; known datasets: blobs, "
                                           "circles, spirals, xor"),
    (lambda: ds.xor(n=0), ValueError, "n must be a finite number > 0, got 0"),
    (lambda: ds.xor(n=1), ValueError, "n must be at least 2"),
    (lambda: ds.blobs(n=3, classes=4), ValueError, "n must be at least 4"),
    (lambda: ds.blobs(classes=1), ValueError, "classes must be at least 2, got 1"),
    (lambda: ds.circles(n=10.5), TypeError, "n must be a whole number"),
    (lambda: ds.spirals(noise=-0.1), ValueError, "noise must be a finite number >= 0, got -0.1"),
    (lambda: ds.spirals(noise="high"), TypeError, "noise must be a number, got str"),
    (lambda: ds.blobs(seed=0.5), TypeError, "seed must be a whole number"),
])
def test_datasets_refuse_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_split_sizes_disjoint_and_seeded():
    X, y = ds.blobs(n=10, seed=0)
    X = X + np.arange(10)[:, None] * 100  # make every row tell its index
    (X_train, y_train), (X_test, y_test) = ds.split(X, y, train_fraction=0.7, seed=2)
    assert len(X_train) == len(y_train) == 7 and len(X_test) == len(y_test) == 3
    index = lambda rows: np.round(rows[:, 0] / 100).astype(int)  # noqa: E731
    assert sorted(index(X_train).tolist() + index(X_test).tolist()) == list(range(10))
    np.testing.assert_array_equal(y_train, y[index(X_train)])
    assert y_train.dtype == y.dtype
    again = ds.split(X, y, train_fraction=0.7, seed=2)
    np.testing.assert_array_equal(again[0][0], X_train)
    assert not np.array_equal(ds.split(X, y, train_fraction=0.7, seed=3)[0][0], X_train)
    tiny = ds.split(X[:2], y[:2], train_fraction=0.01)
    assert len(tiny[0][0]) == 1 and len(tiny[1][0]) == 1  # each set keeps at least one example


@pytest.mark.parametrize("args, error, message", [
    ((np.ones((4, 2)), np.ones(3)), ValueError, r"y has shape \(3,\) but X has shape \(4, 2\)"),
    ((np.ones(4), np.ones(4)), ValueError, r"X must have 2 dimension\(s\)"),
    ((np.ones((4, 2)), np.ones(4), 1.0), ValueError, "strictly between 0 and 1, got 1.0"),
    ((np.ones((4, 2)), np.ones(4), "half"), TypeError, "train_fraction must be a number"),
    ((np.ones((1, 2)), np.ones(1)), ValueError, "at least 2 examples"),
    ((np.ones((4, 2)), np.ones(4), 0.5, "x"), TypeError, "seed must be a whole number"),
])
def test_split_refuses_bad_arguments(args, error, message):
    with pytest.raises(error, match=message):
        ds.split(*args)


# The CSV loader.

def write(tmp_path, text, name="data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_csv_reads_features_and_labels(tmp_path):
    path = write(tmp_path, "\ufeffheight, weight ,label\n1.5,2,0\n\n-3e-1, 4.25 ,1\n7,8,2\n")
    X, y = ds.load_csv(path)
    np.testing.assert_array_equal(X, [[1.5, 2.0], [-0.3, 4.25], [7.0, 8.0]])
    assert y.tolist() == [0, 1, 2] and np.issubdtype(y.dtype, np.integer)


def test_load_csv_label_column_anywhere_and_named(tmp_path):
    path = write(tmp_path, "class,a,b\n1,0.1,0.2\n0,0.3,0.4\n")
    X, y = ds.load_csv(path, label="class")
    np.testing.assert_array_equal(X, [[0.1, 0.2], [0.3, 0.4]])
    assert y.tolist() == [1, 0]


def test_load_csv_round_trip_of_a_dataset(tmp_path):
    X, y = ds.spirals(n=30, seed=0)
    lines = ["x1,x2,label"] + [f"{float(a)!r},{float(b)!r},{k}" for (a, b), k in zip(X, y)]
    X2, y2 = ds.load_csv(write(tmp_path, "\n".join(lines)))
    np.testing.assert_array_equal(X2, X)
    np.testing.assert_array_equal(y2, y)


@pytest.mark.parametrize("text, message", [
    ("", r"data.csv is empty: expected a header line such as 'x1,x2,label'"),
    ("\n\n", "is empty"),
    ("x1,x2,y\n1,2,0\n", r"has no column named 'label' in its header; columns found: 'x1', "
                         r"'x2', 'y'"),
    ("0.5,1.0,0\n1,2,1\n", "no column named 'label'.*the first line must name the columns"),
    ("x1,label\n1,0\n", r"has 2 columns \(x1, label\); expected 3: two feature columns"),
    ("x1,x2,x3,label\n1,2,3,0\n", "has 4 columns"),
    ("x1,x2,label\n", "has a header but no data lines"),
    ("x1,x2,label\n1,2,0\n3,4\n", r"line 3 has 2 value\(s\) but the header has 3 columns"),
    ("x1,x2,label\n1,2,0\n3,4,1,5\n", r"line 3 has 4 value\(s\)"),
    ("x1,x2,label\n1,2,0\n3,four,1\n", "line 3, column 'x2': 'four' is not a number"),
    ("x1,x2,label\n1,2,0\n3,4,cat\n", "line 3, column 'label': 'cat' is not a number"),
    ("x1,x2,label\n1,,0\n3,4,1\n", "line 2, column 'x2' is empty; every cell must hold a number"),
    ("x1,x2,label\nnan,2,0\n3,4,1\n", "line 2, column 'x1' is 'nan'; every value must be a "
                                      r"finite number \(no NaN or infinity\)"),
    ("x1,x2,label\n1,2,0\n3,-inf,1\n", "line 3, column 'x2' is '-inf'"),
    ("x1,x2,label\n1,2,0\n3,4,0\n", r"has one class only \(every 'label' is 0\); a classifier "
                                    "needs examples of at least two classes"),
    ("x1,x2,label\n1,2,0\n3,4,1.5\n", "line 3, column 'label': class labels must be whole "
                                      "numbers 0, 1, 2, ..., got 1.5"),
    ("x1,x2,label\n1,2,-1\n3,4,1\n", "line 2, column 'label': class labels .* got -1"),
])
def test_load_csv_bad_files(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        ds.load_csv(write(tmp_path, text))


def test_load_csv_missing_file_and_bad_label_argument(tmp_path):
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        ds.load_csv(tmp_path / "nowhere.csv")
    with pytest.raises(TypeError, match="label must be a column name"):
        ds.load_csv(write(tmp_path, "x1,x2,label\n1,2,0\n3,4,1\n"), label=2)
