"""Tests of nbkernel.plotting: every plot draws, updates in place to nbkernel's own numbers,
creates no new artists on update, describes itself, uses the course style, and refuses bad input
with a clear message."""

import fnmatch
import html
import io
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

import nbkernel as nk
from nbkernel import plotting
from nbkernel.plotting import (PALETTE, activation_curve, contribution_bars, decision_boundary,
                               loss_curve, matrix_heatmap, network_diagram, neuron_diagram,
                               new_figure, use_style)
from nbkernel.plotting.base import fitted, fmt, nice_limit, weight_style
from nbkernel.plotting.boundary import output_label

ROOT = Path(__file__).resolve().parents[1]
ACTIVATIONS = sorted(nk.ACTIVATIONS)
X, W, B = [0.5, 0.3, 0.8], [0.6, 0.4, 0.2], 0.1  # the outline's Exercise 1
EXTREMES = [([5.0, -5.0, 5.0], [10.0, 10.0, -10.0], 10.0),
            ([-5.0, -5.0, -5.0], [10.0, 10.0, 10.0], -10.0),
            ([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 0.0)]


def exercise_2_network():
    return nk.Network([nk.Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu"),
                       nk.Dense([[0.5], [0.7]], 0.2, "relu")])


def artist_count(plot):
    """Every artist in the figure (recursively), after a draw so lazy ticks exist."""
    plot.figure.canvas.draw()
    return len(plot.ax.get_children()), len(plot.figure.findobj())


def assert_no_new_artists(plot, *updates):
    before = artist_count(plot)
    for args in updates:
        plot.update(*args)
    assert artist_count(plot) == before


def texts_inside(plot, texts):
    """Each text's anchor lies within the axes' view limits."""
    (x0, x1), (y0, y1) = plot.ax.get_xlim(), plot.ax.get_ylim()
    for text in texts:
        x, y = text.xy if hasattr(text, "xy") else text.get_position()
        assert min(x0, x1) <= x <= max(x0, x1) and min(y0, y1) <= y <= max(y0, y1), text


# --- packaging, import cost, style -----------------------------------------------------------

def test_import_nbkernel_does_not_load_matplotlib():
    code = "import sys, nbkernel; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"


def test_style_file_is_shipped_in_the_built_package(tmp_path):
    with open(ROOT / "pyproject.toml", "rb") as file:
        patterns = tomllib.load(file)["tool"]["setuptools"]["package-data"]["nbkernel"]
    assert any(fnmatch.fnmatch("nbkernel.mplstyle", pattern) for pattern in patterns)
    pytest.importorskip("setuptools", reason="building a wheel needs setuptools in this env")
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, tmp_path)
    shutil.copytree(ROOT / "nbkernel", tmp_path / "nbkernel",
                    ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", ".", "-w", "dist"], cwd=tmp_path, check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("nbkernel-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "nbkernel/nbkernel.mplstyle" in names
    assert "nbkernel/plotting/__init__.py" in names


def test_style_file_and_palette_are_used():
    assert plotting.STYLE_PATH.is_file()
    assert set(PALETTE) == {"black", "orange", "sky_blue", "bluish_green", "yellow", "blue",
                            "vermillion", "reddish_purple"}
    def cycle():
        colours = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
        return [to_hex(c) for c in colours]

    outside = cycle()
    with use_style():
        assert sorted(cycle()) == sorted(to_hex(c) for c in PALETTE.values())
        assert matplotlib.rcParams["axes.spines.top"] is False
    assert cycle() == outside  # the global style is left alone
    fig, ax = new_figure()
    assert not ax.spines["top"].get_visible()
    with use_style():
        line = ax.plot([0, 1])[0]
    assert to_hex(line.get_color()) == to_hex(PALETTE["blue"])
    bars = contribution_bars(X, W, B, ax=new_figure()[1])
    assert to_hex(bars.bars[0].get_facecolor()) == to_hex(PALETTE["blue"])
    assert bars.ax.yaxis.get_major_ticks()[0].label1.get_fontsize() == 10  # style's tick size


def test_new_figure_is_agg_and_not_registered_with_pyplot():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    fig, axes = new_figure(width=6, height=2.5, ncols=2, dpi=80)
    assert isinstance(fig.canvas, FigureCanvasAgg)
    assert fig.canvas.get_width_height() == (480, 200)
    assert axes.shape == (2,)
    assert plt.get_fignums() == before


def test_new_figure_parts_place_each_axes_inside_its_own_margins():
    fig, axes = new_figure(height=2.0, dpi=100, parts=[(3.0, (0.5, 0.4, 0.2, 0.3)),
                                                      (2.0, (0.3, 0.2, 0.6, 0.1))])
    assert fig.canvas.get_width_height() == (500, 200) and len(axes) == 2
    boxes = [ax.get_position().bounds for ax in axes]       # figure fractions
    inches = [(x * 5.0, y * 2.0, w * 5.0, h * 2.0) for x, y, w, h in boxes]
    np.testing.assert_allclose(inches, [(0.5, 0.4, 2.3, 1.3), (3.3, 0.2, 1.1, 1.7)])


def test_plots_draw_into_a_given_axes_and_share_a_figure():
    fig, (left, right) = new_figure(width=8, ncols=2)
    bars = contribution_bars(X, W, B, ax=left)
    curve = activation_curve("relu", 0.68, ax=right)
    assert bars.ax is left and curve.ax is right and bars.figure is curve.figure is fig
    pyplot_free = Figure()  # a figure made without new_figure works too
    FigureCanvasAgg(pyplot_free)
    assert neuron_diagram(X, W, B, ax=pyplot_free.subplots()).to_png()[:4] == b"\x89PNG"


def test_weight_style_shows_sign_by_colour_and_line_style():
    width, colour, style = weight_style(2.0, scale=4.0)
    assert (colour, style) == (PALETTE["blue"], "-") and width == pytest.approx(3.0)
    _, colour, style = weight_style(-2.0, scale=4.0)
    assert colour == PALETTE["vermillion"] and style != "-"
    assert weight_style(100.0, scale=4.0)[0] == weight_style(4.0, scale=4.0)[0]  # capped
    assert weight_style(0.0, scale=4.0)[2] not in ("-", weight_style(-1.0, scale=4.0)[2])


def test_helpers():
    assert nice_limit(0.68) == 1.0 and nice_limit(160) == 200.0 and nice_limit(2.1) == 2.5
    assert fmt(0.30000000004) == "0.3" and fmt(-0.001) == "0"


# --- neuron diagram --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ACTIVATIONS)
def test_neuron_diagram_shows_nbkernel_values(name):
    plot = neuron_diagram(X, W, B, activation=name)
    z, y = nk.weighted_sum(X, W, B), nk.neuron(X, W, B, name)
    assert plot.z_text.get_text() == f"z = {fmt(z)}"
    assert plot.y_text.get_text() == fmt(y)
    assert [t.get_text() for t in plot.value_texts] == ["0.5", "0.3", "0.8", "0.1"]
    assert [t.get_text() for t in plot.weight_texts] == ["w₁ = 0.6", "w₂ = 0.4", "w₃ = 0.2"]
    assert f"y = {nk.ACTIVATIONS[name].label}" in plot.alt_text
    assert plot.alt_text.endswith(f"= {fmt(y, 4)}.")


def test_neuron_diagram_edges_follow_weights():
    plot = neuron_diagram(X, W, B, weight_scale=2.0)
    plot.update([1.0, 1.0, 1.0], [-1.0, 2.0, 0.0], 0.5)
    negative, positive, zero, bias = plot.edges
    assert negative.get_color() == PALETTE["vermillion"] and negative.get_linestyle() == "--"
    assert positive.get_color() == PALETTE["blue"] and positive.get_linestyle() == "-"
    assert zero.get_linestyle() == ":"
    assert positive.get_linewidth() == pytest.approx(2 * negative.get_linewidth())
    assert bias.get_linewidth() == pytest.approx(weight_style(0.5, 2.0)[0])
    assert "z = 1.5" in plot.alt_text and "w1 = -1" in plot.alt_text


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("x, w, b", EXTREMES)
def test_neuron_diagram_extremes(name, x, w, b):
    plot = neuron_diagram(X, W, B)
    assert_no_new_artists(plot, (x, w, b, name), (X, W, B, "relu"))
    plot.update(x, w, b, name)
    assert plot.to_png()[:4] == b"\x89PNG"
    assert f"z = {fmt(nk.weighted_sum(x, w, b), 4)}" in plot.alt_text


# --- contribution bars -----------------------------------------------------------------------

def test_contribution_bars_stack_to_z():
    plot = contribution_bars(X, W, B)
    heights = [bar.get_height() for bar in plot.bars]
    np.testing.assert_allclose(heights[:-1], nk.contributions(X, W, B))
    assert heights[-1] == pytest.approx(nk.weighted_sum(X, W, B))
    bottoms = [bar.get_y() for bar in plot.bars[:-1]]
    np.testing.assert_allclose(bottoms, np.append(0, np.cumsum(nk.contributions(X, W, B))[:-1]))
    assert plot.z_line.get_ydata()[0] == pytest.approx(0.68)
    assert plot.labels[-1].get_text() == "z = 0.68"
    assert plot.alt_text == ("Contribution bars: x1·w1 = 0.3, x2·w2 = 0.12, x3·w3 = 0.16 and "
                             "b = 0.1 add up to z = 0.68.")


def test_contribution_bars_update_and_sign():
    plot = contribution_bars(X, W, B, ylim=(-3, 3))
    plot.update([1.0, -2.0, 0.5], [0.5, 0.5, -1.0], -0.25)
    expected = nk.contributions([1.0, -2.0, 0.5], [0.5, 0.5, -1.0], -0.25)
    np.testing.assert_allclose([bar.get_height() for bar in plot.bars[:-1]], expected)
    assert plot.bars[-1].get_height() == pytest.approx(expected.sum())
    assert plot.bars[0].get_hatch() in ("", None) and plot.bars[1].get_hatch() == "///"
    assert plot.ylim == (-3, 3) and plot.ax.get_yticks()[[0, -1]].tolist() == [-3, 3]
    low, high = plot.ax.get_ylim()
    assert low < -3 and high > 3  # a band beyond the range, for the labels of cut-off bars
    assert "z = -1.25" in plot.alt_text


@pytest.mark.parametrize("x, w, b", EXTREMES)
def test_contribution_bars_extremes_stay_on_the_chart(x, w, b):
    plot = contribution_bars(X, W, B)
    assert_no_new_artists(plot, (x, w, b), (X, W, B))
    plot.update(x, w, b)
    texts_inside(plot, plot.labels)
    z = nk.weighted_sum(x, w, b)
    assert fmt(z) in plot.labels[-1].get_text()
    if abs(z) > 1:
        assert plot.labels[-1].get_text()[0] in "↑↓" and "cut off" in plot.alt_text
    assert plot.to_png()[:4] == b"\x89PNG"


def test_contribution_bars_labels_of_cut_off_bars_sit_beyond_the_range_readable():
    """At slider extremes every label of a cut-off bar sits in the band beyond the chart's
    range (not on a bar), whole inside the axes and apart from its neighbours."""
    fig, ax = new_figure(width=4.0, height=2.7)  # as in neuron_panel
    plot = contribution_bars(X, W, B, ax=ax, ylim=(-2, 2))
    for x, w, b in [([2, -0.2, -0.7], [-5, -3.7, -3.9], -3), ([-2, -2, -2], [5, 5, 5], -3),
                    ([2, 2, 2], [5, 5, 5], 3), ([-2, 2, -2], [5, 5, -5], 3)]:
        plot.update(x, w, b)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        to_pixels = ax.transData.transform
        (_, chart_low), (_, chart_high) = to_pixels([(0, -2), (0, 2)])
        axes_box = ax.get_window_extent(renderer)
        boxes = [label.get_window_extent(renderer) for label in plot.labels]
        for label, box, end in zip(plot.labels, boxes, np.append(np.cumsum(plot.parts), plot.z)):
            assert axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1, label.get_text()
            assert axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1, label.get_text()
            if end > 2:
                assert label.get_text().startswith("↑") and box.y0 >= chart_high
            elif end < -2:
                assert label.get_text().startswith("↓") and box.y1 <= chart_low
        for left, right in zip(boxes, boxes[1:]):
            assert left.x1 <= right.x0 or not left.overlaps(right)



@pytest.mark.parametrize("x, w, b", EXTREMES[:2])
def test_growing_bars_widen_the_range_so_no_bar_is_cut_off(x, w, b):
    plot = contribution_bars(X, W, B, ylim=(-2, 2), grow=True)
    plot.update(x, w, b)
    ends = np.append(np.cumsum(plot.parts), plot.parts)
    low, high = plot.ylim
    assert plot.background_changed and low == -high == -nice_limit(high)
    assert low <= ends.min() and ends.max() <= high
    assert not any(label.get_text()[0] in "↑↓" for label in plot.labels)
    assert "cut off" not in plot.alt_text
    assert plot.ax.get_yticks()[[0, -1]].tolist() == [low, high]
    assert plot.ax.spines["left"].get_bounds() == (low, high)
    texts_inside(plot, plot.labels)
    plot.update(X, W, B)  # back to small values: back to the starting range
    assert plot.ylim == (-2, 2) and plot.background_changed
    assert plot.ax.get_yticks()[[0, -1]].tolist() == [-2, 2]


def test_growing_bars_change_range_seldom():
    """Widened to ±5 by z = 3.5, the range stays while the bars still fill more than 40 % of
    it, and a move that changes no range keeps the background."""
    plot = contribution_bars(X, W, B, ylim=(-2, 2), grow=True)
    plot.update([1.0, 1.0, 1.0], [1.0, 1.0, 1.0], 0.5)
    assert plot.ylim == (-5, 5) and plot.background_changed
    plot.update([1.0, 1.0, 1.0], [1.0, 1.0, 0.1], 0.0)  # bars reach 2.1: still ±5
    assert plot.ylim == (-5, 5) and not plot.background_changed
    plot.update([1.0, 1.0, 1.0], [1.0, 0.5, 0.1], 0.0)  # bars reach 1.6: back to ±2
    assert plot.ylim == (-2, 2) and plot.background_changed
    plot.update([1.0, 1.0, 1.0], [1.0, 0.5, 0.2], 0.0)
    assert plot.ylim == (-2, 2) and not plot.background_changed


def test_fixed_bars_keep_their_range():
    plot = contribution_bars(X, W, B, ylim=(-2, 2))
    plot.update([1.0, 1.0, 1.0], [5.0, 5.0, 5.0], 3.0)
    assert plot.ylim == (-2, 2) and not plot.background_changed
    assert plot.labels[-1].get_text() == "↑ z = 18"

# --- activation curve ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("show_derivative", [False, True])
def test_activation_curve_matches_nbkernel(name, show_derivative):
    plot = activation_curve("relu", 0.0, show_derivative=show_derivative)
    plot.update(name, 1.25)
    z, y = plot.curve.get_data()
    np.testing.assert_allclose(y, nk.apply(name, z))
    assert plot.point.get_xydata().tolist() == [[1.25, pytest.approx(nk.apply(name, 1.25))]]
    label = nk.ACTIVATIONS[name].label
    assert f"{label}(z) = {fmt(nk.apply(name, 1.25), 4)}" in plot.alt_text
    if show_derivative:
        np.testing.assert_allclose(plot.slope_curve.get_ydata(), nk.derivative(name, z))
        assert plot.slope_point.get_xydata()[0, 1] == pytest.approx(nk.derivative(name, 1.25))
        assert fmt(nk.derivative(name, 1.25), 4) in plot.alt_text
    low, high = plot.ax.get_ylim()
    assert low <= min(y) and max(y) <= high
    plot.update(z=-0.5)
    assert plot.name == name and plot.point.get_xdata()[0] == -0.5


@pytest.mark.parametrize("name", ACTIVATIONS)
@pytest.mark.parametrize("z", [-1e4, -5.0, 0.0, 5.0, 1e4])
def test_activation_curve_extremes(name, z):
    plot = activation_curve(name, 0.5, show_derivative=True)
    assert_no_new_artists(plot, (None, z), (None, 0.5))
    plot.update(None, z)
    point_x, point_y = plot.point.get_xydata()[0]
    (x0, x1), (y0, y1) = plot.ax.get_xlim(), plot.ax.get_ylim()
    assert x0 <= point_x <= x1 and y0 <= point_y <= y1
    assert fmt(z, 4) in plot.alt_text
    assert plot.to_png()[:4] == b"\x89PNG"


def test_activation_curve_flags_background_changes():
    plot = activation_curve("relu", 0.5)
    assert plot.update(z=1.0).background_changed is False
    assert plot.update("sigmoid").background_changed is True
    assert plot.ax.get_ylim()[1] < 2  # the sigmoid's range, not ReLU's
    assert "σ" in plot.title.get_text()


# --- network diagram -------------------------------------------------------------------------

def test_network_diagram_shows_the_trace():
    net = exercise_2_network()
    plot = network_diagram(net, [1.0, 0.5])
    trace = net.trace([1.0, 0.5])
    expected = np.concatenate([trace[0].input[0]] + [s.output[0] for s in trace])
    assert [t.get_text() for t in plot.node_texts] == [fmt(v) for v in expected]
    assert [t.get_text() for t in plot.weight_texts] == ["0.6", "0.4", "0.2", "0.8", "0.5", "0.7"]
    assert [t.get_text() for t in plot.bias_texts] == ["b = 0.1", "b = -0.1", "b = 0.2"]
    assert "2-2-1" in plot.alt_text and "[1.09]" in plot.alt_text


def test_network_diagram_update_in_place():
    net = exercise_2_network()
    plot = network_diagram(net)
    assert all(t.get_text() == "" for t in plot.node_texts)
    changed = net.copy()
    changed.layers[0].W[0, 0] = -3.0
    assert_no_new_artists(plot, (changed, [1.0, 0.5]), (net, None), (changed, [5.0, -5.0]))
    edge = plot.edges[0]
    assert edge.get_color() == PALETTE["vermillion"] and edge.get_linestyle() == "--"
    assert plot.node_texts[-1].get_text() == fmt(changed([5.0, -5.0])[0])


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_network_diagram_any_sizes(name):
    net = nk.random_network([3, 5, 4, 2], activation=name, seed=1)
    plot = network_diagram(net, [1.0, -2.0, 0.5])
    assert len(plot.edges) == 3 * 5 + 5 * 4 + 4 * 2 and plot.weight_texts == []
    assert [t.get_text() for t in plot.node_texts[-2:]] == \
        [fitted(v, plot.value_width) for v in net([1, -2, 0.5])]
    assert network_diagram(nk.Dense([[1.0], [-1.0]], 0.0, name), [5, -5]).to_png()


@pytest.mark.parametrize("height, sizes", [(2.6, [2, 2, 1]), (2.0, [2, 2, 1]), (3.0, [2, 4, 1])])
def test_network_diagram_titles_sit_just_above_the_nodes(height, sizes):
    fig, ax = new_figure(width=4.8, height=height, margins=(0.05, 0.05, 0.05, 0.05))
    net = nk.random_network(sizes, seed=0)
    plot = network_diagram(net, x=[-2.0, 2.0], ax=ax)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    top_node = max(ax.transData.transform(p)[:, 1].max() for p in plot.positions)
    figure_box = fig.bbox
    for title in plot.layer_texts:
        box = title.get_window_extent(renderer)
        just_above = (plot.node_size / 2 + 6) * fig.dpi / 72  # the node's radius and a gap
        assert 0 < box.y0 - top_node < just_above and box.y1 <= figure_box.y1
    for text in plot.bias_texts:
        assert text.get_window_extent(renderer).y0 >= figure_box.y0


# --- decision boundary -----------------------------------------------------------------------

@pytest.mark.parametrize("w1, w2, b", [(8.0, 8.0, -10.0), (-3.0, 1.0, 0.5), (0.0, 2.0, -1.0),
                                       (5.0, 0.0, -2.5), (10.0, -10.0, 0.0), (1e-9, 1.0, -0.5)])
def test_decision_line_is_where_the_weighted_sum_is_zero(w1, w2, b):
    neuron = nk.Dense([[w1], [w2]], b, "sigmoid")
    plot = decision_boundary(neuron, "AND")
    (segment,) = plot.boundary.get_segments()
    np.testing.assert_allclose(segment @ [w1, w2] + b, 0.0, atol=1e-9)
    assert np.all((segment >= -0.5 - 1e-12) & (segment <= 1.5 + 1e-12))
    assert np.linalg.norm(segment[1] - segment[0]) > 0.5


def test_an_output_that_only_rounds_to_0_or_1_is_marked_approximate():
    plot = decision_boundary(nk.Dense([[20.0], [20.0]], -30.0, "sigmoid"), "AND")
    texts = [t.get_text() for t in plot.output_texts]
    assert texts == ["≈0", "≈0", "≈0", "≈1"] and "≈1 at (1, 1)" in plot.alt_text
    assert output_label(1.0) == "1" and output_label(0.5) == "0.5"


@pytest.mark.parametrize("name", ACTIVATIONS)
def test_decision_boundary_shading_and_points(name):
    neuron = nk.Dense([[8.0], [8.0]], -10.0, name)
    plot = decision_boundary(neuron, "or")
    surface = plot.image.get_array()
    grid = plot.points_in
    np.testing.assert_allclose(np.asarray(surface).ravel(), neuron(grid).ravel())
    _, y = nk.logic_gate("OR")
    np.testing.assert_array_equal(plot.ones.get_xydata(), nk.GATE_INPUTS[y.ravel() == 1])
    np.testing.assert_array_equal(plot.zeros.get_xydata(), nk.GATE_INPUTS[y.ravel() == 0])
    assert plot.ones.get_marker() != plot.zeros.get_marker()
    assert plot.ones.get_color() != plot.zeros.get_color()
    assert [t.get_text() for t in plot.output_texts] == [output_label(v) for v in
                                                        neuron(nk.GATE_INPUTS).ravel()]
    assert "OR" in plot.alt_text and "8·x1 + 8·x2 − 10 = 0" in plot.alt_text


def test_decision_boundary_network_level_set_and_updates():
    net = nk.random_network([2, 4, 1], seed=0)
    X, y = nk.logic_gate("XOR")
    nk.train(net, X, y, lr=2.0, epochs=1500)
    plot = decision_boundary(net, "XOR")
    segments = plot.boundary.get_segments()
    assert segments
    for segment in segments:
        np.testing.assert_allclose(net(segment).ravel(), 0.5, atol=0.05)
    assert "output is 0.5" in plot.alt_text and "4 of 4" in plot.alt_text
    flat = nk.Dense([[0.0], [0.0]], 0.0, "sigmoid")
    assert plot.update(net, "AND").background_changed is True
    assert plot.update(net).background_changed is False and plot.gate == "AND"
    single = decision_boundary(flat)
    assert single.boundary.get_segments() == [] and "both weights are 0" in single.alt_text
    assert_no_new_artists(plot, (net, "XOR"), (net,), (net, "NAND"))


@pytest.mark.parametrize("weights", [(10.0, 10.0, 10.0), (-10.0, -10.0, -10.0),
                                     (10.0, -10.0, 10.0), (0.0, 0.0, 0.0), (0.0, 0.0, -10.0)])
def test_decision_boundary_extremes(weights):
    w1, w2, b = weights
    plot = decision_boundary(nk.Dense([[1.0], [1.0]], -1.5, "sigmoid"), "AND")
    neuron = nk.Dense([[w1], [w2]], b, "sigmoid")
    assert_no_new_artists(plot, (neuron,), (nk.Dense([[1.0], [1.0]], -1.5, "sigmoid"),))
    plot.update(neuron)
    for segment in plot.boundary.get_segments():
        np.testing.assert_allclose(segment @ [w1, w2] + b, 0.0, atol=1e-9)
    assert plot.to_png()[:4] == b"\x89PNG"


# --- matrix heat map and loss curve ----------------------------------------------------------

def test_matrix_heatmap_texts_equal_the_matrix():
    X = np.array([[1.0, 0.5], [0.0, 1.0], [-1.0, 2.0]])
    layer = nk.Dense([[0.6, 0.4], [0.2, 0.8]], [0.1, -0.1], "relu")
    Z, _ = layer.forward(X)
    plot = matrix_heatmap(Z, "Z", "example", "neuron")
    assert [[t.get_text() for t in row] for row in plot.texts] == [[fmt(v) for v in r] for r in Z]
    np.testing.assert_allclose(plot.image.get_array(), Z)
    assert plot.ax.get_title() == "Z, shape (3, 2)"
    assert "shape (3, 2)" in plot.alt_text and nk.format_array(Z) in plot.alt_text
    assert_no_new_artists(plot, (-Z,), (Z * 100,))
    plot.update(Z * 100)
    assert plot.texts[2][1].get_text() == fmt(Z[2, 1] * 100)
    vector = matrix_heatmap([0.1, -0.1], "b")
    assert vector.ax.get_title() == "b, shape (2,)" and len(vector.texts[0]) == 2


def test_loss_curve_follows_history():
    history = nk.train(nk.Dense([[0.0], [0.0]], 0.0, "sigmoid"), *nk.logic_gate("AND"), lr=1.0,
                       epochs=50)
    plot = loss_curve([])
    assert plot.alt_text == "Loss curve: no training steps yet."
    assert_no_new_artists(plot, (history[:5],), (history[:8],))
    plot.update(history)
    np.testing.assert_allclose(plot.line.get_ydata(), history)
    assert plot.point.get_xydata().tolist() == [[49, pytest.approx(history[-1])]]
    assert plot.ax.get_xlim()[1] >= 49 and plot.background_changed
    assert fmt(history[-1], 4) in plot.alt_text and "over 49 epochs" in plot.alt_text
    # history[k] is the loss after k epochs: nk.train's 50 losses reach 49 epochs
    assert plot.value_text.get_text() == f"after 49 epochs: loss {fmt(history[-1], 4)}"
    assert loss_curve(history[:2]).value_text.get_text().startswith("after 1 epoch: ")
    fixed = loss_curve(history[:3], max_epochs=50)
    assert fixed.update(history).background_changed is False
    wide = loss_curve(history[:3], min_epochs=40)
    assert wide.ax.get_xlim() == (0, 40)
    assert wide.update(history[:41]).background_changed is False
    assert wide.update(history).background_changed and wide.ax.get_xlim()[1] >= 49


# --- notebook display and errors -------------------------------------------------------------

def test_plot_displays_as_png_with_alt_text():
    plot = activation_curve("tanh", 0.3)
    bundle, metadata = plot._repr_mimebundle_()
    assert bundle["text/plain"] == plot.alt_text
    assert bundle["image/png"].startswith("iVBOR")  # base64 of the PNG signature
    assert f'alt="{html.escape(plot.alt_text)}"' in bundle["text/html"]
    assert f'base64,{bundle["image/png"]}"' in bundle["text/html"]
    assert metadata == {"image/png": {"alt": plot.alt_text}}
    assert plot.alt_text in repr(plot)


def test_a_figure_of_several_plots_is_shown_with_its_alt_text_in_nbconvert_html():
    nbformat = pytest.importorskip("nbformat")
    nbconvert = pytest.importorskip("nbconvert")
    from IPython.core.formatters import DisplayFormatter

    fig, axes = new_figure(width=7.0, ncols=2)
    left = contribution_bars(X, W, B, ax=axes[0])
    right = activation_curve("relu", 0.68, ax=axes[1])
    alt = "Left: " + left.alt_text + ' Right: "quoted" <ok>'
    data, metadata = DisplayFormatter().format(plotting.with_alt_text(fig, alt))
    assert set(data) == {"text/html", "image/png", "text/plain"}
    output = nbformat.v4.new_output("display_data", data=data, metadata=metadata)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(outputs=[output])])
    page, _ = nbconvert.HTMLExporter().from_notebook_node(notebook)
    bs4 = pytest.importorskip("bs4")
    assert [img.get("alt") for img in bs4.BeautifulSoup(page, "html.parser").find_all("img")] \
        == [alt]
    assert "No description has been provided" not in page
    with pytest.raises(ValueError, match="alt_text must be a non-empty string"):
        plotting.with_alt_text(fig, " ")
    with pytest.raises(TypeError, match="figure must be a matplotlib Figure"):
        plotting.with_alt_text(left, "a plot object, not its figure")


# --- legibility and lecture mode ------------------------------------------------------------

def every_plot():
    """One figure of each plot function, in the current context."""
    net = nk.Network([nk.Dense([[1.0, 0.2], [0.1, 1.0]], [-0.2, -0.2], "relu"),
                      nk.Dense([[3.0], [3.0]], -2.0, "sigmoid")])
    return [neuron_diagram(X, W, B), contribution_bars(X, W, B),
            activation_curve("gelu", -0.75, show_derivative=True),
            network_diagram(net, x=[0.9, 0.7]), decision_boundary(net, "XOR"),
            matrix_heatmap([[0.6, -0.4], [0.2, 0.8]], "W", "input", "neuron"),
            loss_curve([0.7, 0.5, 0.3])]


def text_sizes_px(figure):
    """Every non-empty text's size in pixels (points × dpi / 72), drawn once first."""
    figure.canvas.draw()
    return [text.get_fontsize() * figure.dpi / 72 for text in figure.findobj(Text)
            if text.get_text().strip() and text.get_visible()]


@pytest.fixture
def context():
    yield plotting.set_context
    plotting.set_context("notebook")


def test_every_text_of_every_plot_is_at_least_10_pt():
    for plot in every_plot():
        texts = [t for t in plot.figure.findobj(Text) if t.get_text().strip()]
        assert texts, type(plot).__name__
        for text in texts:
            assert text.get_fontsize() >= 10, (type(plot).__name__, text.get_text())


def test_talk_context_scales_every_figure_text_and_line_by_its_factor(context):
    assert plotting.get_context() == "notebook" and plotting.CONTEXTS["talk"] == 1.5
    before = [(plot.figure.canvas.get_width_height(), text_sizes_px(plot.figure))
              for plot in every_plot()]
    fig, ax = new_figure()
    with use_style():
        line_before = ax.plot([0, 1])[0]
    context("talk")
    assert plotting.get_context() == "talk"
    after = [(plot.figure.canvas.get_width_height(), text_sizes_px(plot.figure))
             for plot in every_plot()]
    for ((width, height), sizes), ((width2, height2), sizes2) in zip(before, after):
        assert (width2, height2) == (round(1.5 * width), round(1.5 * height))
        assert sizes2 == pytest.approx([1.5 * size for size in sizes])
    fig, ax = new_figure()
    with use_style():
        line = ax.plot([0, 1])[0]
    assert (line.get_linewidth() * fig.dpi == pytest.approx(
        1.5 * line_before.get_linewidth() * line_before.figure.dpi))
    context("notebook")
    assert [(p.figure.canvas.get_width_height(), text_sizes_px(p.figure))
            for p in every_plot()] == before


@pytest.mark.parametrize("name", ["poster", "Talk", "", None, 1.5])
def test_an_unknown_context_is_refused_with_the_valid_names(name, context):
    with pytest.raises(ValueError, match="context must be one of 'notebook', 'talk', got"):
        context(name)
    assert plotting.get_context() == "notebook"


def test_network_node_values_have_the_trace_tables_precision():
    net = nk.Network([nk.Dense([[1.0, 0.2], [0.1, 1.0]], [-0.2, -0.2], "relu"),
                      nk.Dense([[3.0], [3.0]], -2.0, "sigmoid")])  # notebook 01's fruit network
    plot = network_diagram(net, x=[0.9, 0.7])
    table = nk.trace_markdown(net.trace([0.9, 0.7]))
    assert plot.node_texts[-1].get_text() == "0.9129" and "[0.9129]" in table
    assert [t.get_text() for t in plot.node_texts[2:4]] == ["0.77", "0.68"]


def test_contribution_bar_labels_keep_clear_of_the_dashed_z_line():
    for x, w, b in [(X, W, B), ([1.0, 1.0, 1.0], [0.8, 0.3, 0.5], 0.0), ([1, 1], [0.5, -0.3], 0.1),
                    ([0.5, 0.3, 0.8], [0.6, 0.4, 0.2], -0.05)]:
        plot = contribution_bars(x, w, b)
        plot.figure.canvas.draw()
        renderer = plot.figure.canvas.get_renderer()
        z_px = plot.ax.transData.transform([(0, plot.z)])[0, 1]
        for label in plot.labels:
            box = label.get_bbox_patch().get_window_extent(renderer)
            assert not box.y0 < z_px < box.y1, (x, w, b, label.get_text())


@pytest.mark.parametrize("level", [0, 1, 6])
def test_encode_png_gives_back_the_canvas_pixels(level):
    """The PNG, read back by Pillow, is the figure's exact RGB pixels."""
    from PIL import Image

    plot = decision_boundary(nk.Dense([[8.0], [8.0]], -10.0, "sigmoid"), "AND")
    canvas = plot.figure.canvas
    canvas.draw()
    png = plotting.encode_png(canvas.buffer_rgba(), level)
    with Image.open(io.BytesIO(png)) as image:
        assert image.mode == "RGB" and image.size == canvas.get_width_height()
        assert np.array_equal(np.asarray(image), np.asarray(canvas.buffer_rgba())[..., :3])


@pytest.mark.parametrize("call, error, match", [
    (lambda: plotting.encode_png(np.zeros((2, 3))), ValueError, r"shape \(height, width, 3 or 4\)"),
    (lambda: plotting.encode_png(np.zeros((2, 3, 3))), ValueError, "must be uint8"),
    (lambda: plotting.encode_png(np.zeros((2, 3, 5), np.uint8)), ValueError, "3 or 4"),
    (lambda: plotting.encode_png(np.zeros((2, 3, 4), np.uint8), 10), ValueError, "0-9"),
    (lambda: neuron_diagram([1, 2], [1, 2, 3], 0), ValueError, "one weight per input"),
    (lambda: neuron_diagram([1, np.nan], [1, 2], 0), ValueError, "x contains NaN"),
    (lambda: neuron_diagram([1, 2], [1, 2], "b"), TypeError, "b must be numeric"),
    (lambda: neuron_diagram([1, 2], [1, 2], 0, "swish"), ValueError, "unknown activation"),
    (lambda: neuron_diagram([1, 2], [1, 2], 0).update([1, 2, 3], [1, 2, 3], 0), ValueError,
     "different number of inputs"),
    (lambda: contribution_bars([1], [1], 0, ax="left"), TypeError, "ax must be a matplotlib"),
    (lambda: contribution_bars([1], [1], 0).update([1, 2], [1, 2], 0), ValueError,
     "different number of inputs"),
    (lambda: contribution_bars([[1]], [1], 0), ValueError, "x must have 1 dimension"),
    (lambda: activation_curve("relu", z="big"), TypeError, "z must be numeric"),
    (lambda: activation_curve("relu", z_range=(5, -5)), ValueError, "low < high"),
    (lambda: activation_curve(3), TypeError, "activation must be a name"),
    (lambda: network_diagram("net"), TypeError, "Dense layer or a Network"),
    (lambda: network_diagram(exercise_2_network(), [1.0]), ValueError, "input column"),
    (lambda: network_diagram(exercise_2_network()).update(nk.random_network([2, 3, 1])),
     ValueError, "drawn for"),
    (lambda: decision_boundary(nk.random_network([3, 1])), ValueError, "2 inputs and 1 output"),
    (lambda: decision_boundary(nk.Dense([[1.0], [1.0]]), "XNOR"), ValueError, "unknown gate"),
    (lambda: matrix_heatmap([[1, 2]]).update([[1, 2, 3]]), ValueError, "drawn for shape"),
    (lambda: matrix_heatmap([[[1.0]]]), ValueError, "M must have 1 or 2 dimension"),
    (lambda: loss_curve([0.5, np.inf]), ValueError, "history contains infinite"),
])
def test_bad_input_gives_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
