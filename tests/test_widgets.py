"""Slider panels, tested without a browser: set a control's ``.value``, assert on what changed.

What changes is checked against nbkernel's own results: the plot artists' data, the numbers in
the live maths (HTML), the trace table, and the PNG bytes of the images. Every slider is swept
to its minimum and maximum; Reset restores the start; callback errors appear in ``.output``;
bursts of changes in a running event loop cost one render; blitting draws exactly what a full
redraw draws.
"""

import asyncio
import html
import io
import re
import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest
import traitlets
from PIL import Image

import nbkernel as nk
from nbkernel import plotting
from nbkernel.plotting.base import fitted
from nbkernel.widgets import (PANELS, PRESETS, Panel, activation_options, activation_panel,
                              layer_panel, network_panel, neuron_panel, training_panel,
                              weights_panel)
from nbkernel.widgets import _maths as maths
from nbkernel.widgets._slider import IntSlider, SelectionSlider, Slider
from nbkernel.widgets import FigureView
from nbkernel.widgets.network import exercise_network, markdown_table_html
from nbkernel.widgets.training import LOSS_WIDTH, make_model



@pytest.fixture(params=list(PANELS))
def panel(request):
    return PANELS[request.param]()


def png(panel):
    return panel.view.png()


def pixels(data):
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def pngs(panel):
    """The panel's picture, by figure name (one figure per panel)."""
    return {"figure": png(panel)}


def pictures(panel):
    """Each image's PNG bytes (one picture always encodes to the same bytes)."""
    return pngs(panel)


def neuron_halves(panel):
    """The neuron panel's picture split down the middle: (the bars, the activation curve)."""
    picture = pixels(png(panel))
    middle = picture.shape[1] // 2
    return picture[:, :middle], picture[:, middle:]


def math_lines(panel):
    """The live maths, one string of HTML per displayed line."""
    return re.findall(r'<div class="nbkernel-math-line"[^>]*>(.*?)</div>', panel.math.value)


def text(markup):
    """HTML as the text a reader sees (tags dropped)."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def result(line):
    """The number after the last '=' of a maths line, as the maths writes it (``maths.num``)."""
    return text(line).rsplit("=", 1)[1].strip()


def number(value):
    """``value`` as the maths writes it, as text: nbkernel.format_number with a minus sign."""
    return text(maths.num(value))


def table_rows(text):
    """The cells of an HTML table (header row first), as text."""
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in
             re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", text)]


def no_errors(panel):
    assert panel.output.outputs == (), panel.output.outputs


def ends(slider):
    """The slider's lowest and highest values (a SelectionSlider's first and last option)."""
    if isinstance(slider, SelectionSlider):
        values = [o[1] if isinstance(o, tuple) else o for o in slider.options]
        return values[0], values[-1]
    return slider.min, slider.max


def other_value(slider):
    """A value on the slider's grid, different from the current one, inside its range."""
    if isinstance(slider, SelectionSlider):
        return next(v for v in ends(slider) if v != slider.value)
    for value in (slider.value + 3 * slider.step, slider.value - 3 * slider.step,
                  slider.min, slider.max):
        if slider.min <= value <= slider.max and not np.isclose(value, slider.value):
            return float(value)
    raise AssertionError(f"no other value for {slider.description}")


# -- the course's slider (nbkernel.widgets._slider) --------------------------------------------

def test_slider_keeps_its_value_inside_its_range_and_checks_its_readout_format():
    s = Slider(value=0.5, min=-1.0, max=1.0, step=0.1, description="x₁",
               accessible_name="input x₁")
    assert (s.value, s.min, s.max, s.accessible_name) == (0.5, -1.0, 1.0, "input x₁")
    s.value = 3.0
    assert s.value == 1.0
    with pytest.raises(traitlets.TraitError, match="readout_format must be"):
        s.readout_format = "{:.2f}"


def test_int_and_selection_sliders_keep_their_value_types():
    s = IntSlider(value=2, min=0, max=3, description="layers")
    assert s.value == 2 and isinstance(s.value, int) and s.readout_format == "d"
    options = [("1", 1), ("all", "all")]
    s = SelectionSlider(options=options, value=1, description="B")
    assert (s.index, s.labels, s.min, s.max, s.step) == (0, ["1", "all"], 0, 1, 1)
    s.index = 1        # what the browser sends
    assert s.value == "all"
    s.value = 1        # what code and Reset do
    assert s.index == 0
    with pytest.raises(traitlets.TraitError, match="value must be one of"):
        s.value = 7


def test_every_slider_has_an_accessible_name_that_holds_its_visible_label(panel):
    for slider in panel.sliders.values():
        assert slider.description and slider.description in slider.accessible_name
        assert slider.accessible_name != slider.description or len(slider.description) > 3, \
            f"{slider.description!r}: say what it sets, e.g. 'weight w₁'"


# -- every panel -------------------------------------------------------------------------------

def test_each_panel_is_a_displayable_container_with_the_documented_parts(panel):
    assert isinstance(panel, Panel) and isinstance(panel, widgets.Box)
    assert panel.sliders and all(isinstance(s, Slider) for s in panel.sliders.values())
    assert isinstance(panel.reset_button, widgets.Button)
    assert panel.reset_button.description == "Reset"
    assert type(panel.math) is widgets.HTML and math_lines(panel)  # no typesetting
    assert isinstance(panel.output, widgets.Output)
    view, image = panel.view, panel.view.image
    assert isinstance(image, widgets.HTML) and image.value.startswith("<img ")
    assert png(panel).startswith(b"\x89PNG")
    assert view.shown_alt_text == " ".join(p.alt_text for p in view.plots)
    assert set(map(id, view.plots)) == set(map(id, panel.plots.values()))
    for plot in panel.plots.values():
        assert plot.alt_text and plot.artists
    no_errors(panel)

    def contains(box, widget):
        return any(child is widget or isinstance(child, widgets.Box) and contains(child, widget)
                   for child in box.children)
    for widget in [*panel.controls.values(), panel.reset_button, panel.math, panel.output,
                   panel.view.image]:
        assert contains(panel, widget), f"{widget!r} is not shown"


def test_every_slider_changes_its_panel_and_each_extreme_is_safe(panel):
    for name, slider in panel.sliders.items():
        if slider.disabled:
            continue  # it has no effect now (the playground's neurons with no hidden layer)
        for value in (*ends(slider), other_value(slider)):
            if value == slider.value:
                continue
            before_images, before_math = pictures(panel), panel.math.value
            slider.value = value
            no_errors(panel)
            changed = {k for k, v in pictures(panel).items() if v != before_images[k]}
            assert changed or panel.math.value != before_math, \
                f"{name} = {value} changed neither an image nor the maths"
            for data in pngs(panel).values():
                assert pixels(data).shape[2] == 3


def test_reset_restores_values_images_and_maths(panel):
    start_values = {name: c.value for name, c in panel.controls.items()}
    start_images, start_math = pictures(panel), panel.math.value
    for slider in panel.sliders.values():
        slider.value = ends(slider)[1]
    if "activation" in panel.controls:
        panel.controls["activation"].value = "tanh"
    if "Step" == getattr(getattr(panel, "step_button", None), "description", None):
        panel.step()
    assert pictures(panel) != start_images or panel.math.value != start_math
    panel.reset_button.click()
    assert {name: c.value for name, c in panel.controls.items()} == start_values
    assert pictures(panel) == start_images
    assert panel.math.value == start_math
    no_errors(panel)


def test_a_callback_error_is_shown_in_the_output_and_the_panel_recovers(panel, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("forced failure for the test")
    for plot in panel.plots.values():
        monkeypatch.setattr(plot, "update", broken)
    slider = next(s for n, s in panel.sliders.items() if n != "lr") \
        if panel.sliders.keys() != {"lr"} else None
    if slider is None:  # the training panel's figures change with training, not with lr
        panel.step()
    else:
        slider.value = other_value(slider)
    (error,) = panel.output.outputs
    assert error["output_type"] == "error" and error["ename"] == "RuntimeError"
    assert "forced failure" in error["evalue"]
    assert any("forced failure" in line for line in error["traceback"])
    monkeypatch.undo()
    panel.reset()
    no_errors(panel)  # Reset clears shown errors ...
    before = pictures(panel)
    for s in panel.sliders.values():
        if s.description != "η":
            s.value = other_value(s)
            break
    else:
        panel.step()
    assert pictures(panel) != before  # ... and the panel works again
    no_errors(panel)


def test_an_error_while_rendering_is_shown_too(monkeypatch):
    panel = neuron_panel()
    view = panel.view
    monkeypatch.setattr(view, "render", lambda: 1 / 0)
    panel.sliders["w1"].value = 1.0
    assert [e["ename"] for e in panel.output.outputs] == ["ZeroDivisionError"]
    assert "1 · 0.6" not in panel.math.value and "0.5 · 1" in panel.math.value


def test_blitting_draws_exactly_what_a_full_redraw_draws(panel):
    """After each slider move, the fast image equals a complete redraw of the same figure."""
    for name, slider in panel.sliders.items():
        for value in ends(slider):
            slider.value = value
            fast = pngs(panel)
            panel.render_mode = "full"
            panel.render_all()
            full = pngs(panel)
            panel.render_mode = "blit"
            for figure in fast:
                difference = np.abs(pixels(fast[figure]) - pixels(full[figure])).max(axis=2)
                assert np.count_nonzero(difference > 48) <= 4, \
                    f"{figure} after {name} = {value}: blitted image differs from a full draw"


def full_draw(view):
    """The view's figure drawn whole on a renderer of its own (the view's cache untouched)."""
    from matplotlib.backends.backend_agg import RendererAgg

    width, height = view.canvas.get_width_height()
    renderer = RendererAgg(width, height, view.figure.dpi)
    view.figure.draw(renderer)
    return np.asarray(renderer.buffer_rgba())[..., :3].astype(int)


def test_every_frame_of_a_drag_across_the_sliders_equals_a_full_draw(panel):
    """Slider after slider, small steps and jumps, each frame as the learner gets it: the
    blitted picture (which redraws only what changed, when a plot says what) is exactly a full
    draw, also on the frames that switch to another slider."""
    for name, slider in panel.sliders.items():
        start = slider.value
        for value in (other_value(slider), *ends(slider), start):
            slider.value = value
            assert np.array_equal(pixels(png(panel)), full_draw(panel.view)), \
                f"after {name} = {value}: the blitted picture differs from a full draw"


def test_the_network_panel_redraws_only_what_a_weight_changes():
    """Moving one weight redraws its edge, its label and the node values it reaches, not the
    other edges and labels; dragging it on keeps the same background, also where a ReLU holds
    a value at 0 for a while (the artists redrawn depend on the slider, not on the values)."""
    panel = network_panel()
    diagram = panel.plots["diagram"]
    panel.sliders["w1_11"].value = -1.0  # h1 = relu(w11 + 0.5 · 0.2 + b1) = 0
    panel.sliders["b1_1"].value = 0.2  # another slider; h1 is still 0
    panel.sliders["w1_11"].value = -2.0  # back to w11: only its edge and label change
    background = panel.view._background
    redrawn = {id(a) for a in panel.view._dynamic}
    assert id(diagram.edges[0]) in redrawn and id(diagram.weight_texts[0]) in redrawn
    assert {id(t) for t in diagram.node_texts[2:]} <= redrawn  # h1, h2, y
    assert id(diagram.node_texts[1]) not in redrawn  # x2, away from the edge x1 → h1
    assert not {id(t) for t in diagram.weight_texts[1:] + diagram.edges[1:]} & redrawn
    for value in (-1.5, 0.5, 2.0, -2.0):  # h1 and y change from 0.5 on
        panel.sliders["w1_11"].value = value
        assert panel.view._background is background


def test_network_view_keeps_titles_in_the_background_until_an_activation_changes():
    """Only the edges, weights, nodes and biases are redrawn on a move; a new activation
    changes a column title, and the view then draws a fresh background."""
    figure, ax = plotting.new_figure(width=4.8, height=2.6, margins=(0.05, 0.05, 0.05, 0.05))
    network = exercise_network()
    plot = plotting.network_diagram(network, x=[1.0, 0.5], ax=ax)
    view = FigureView(figure, [plot])
    view.render()
    redrawn = {id(artist) for artist in view._dynamic}
    assert redrawn.isdisjoint(map(id, plot.layer_texts))
    assert redrawn >= set(map(id, plot.edges + plot.node_texts + plot.bias_texts))

    moved = network.copy()
    moved.layers[0].W[0, 0] = -1.5
    assert plot.update(moved, x=[1.0, 0.5]).background_changed is False
    tanh = nk.Network([nk.Dense(moved.layers[0].W, moved.layers[0].b, "tanh"), moved.layers[1]])
    for net in (moved, tanh):
        plot.update(net, x=[1.0, 0.5])
        view.note_update()
        fast = view.render()
        full = plotting.figure_png(figure)
        assert np.array_equal(pixels(fast), pixels(full))
    assert plot.background_changed is True and "tanh" in plot.layer_texts[1].get_text()


def test_the_naive_baseline_renders_the_same_content(panel):
    """The benchmarks' baseline (figure made afresh, savefig) shows the same plot."""
    fast = pngs(panel)
    panel.render_mode = "naive"
    panel.render_all()
    for name, data in pngs(panel).items():
        assert data.startswith(b"\x89PNG") and data != fast[name]
    assert panel.render_mode == "naive"
    with pytest.raises(ValueError, match="render_mode must be one of"):
        panel.render_mode = "fast"


def test_a_burst_in_a_running_event_loop_ends_showing_the_last_value():
    panel = neuron_panel()
    slider = panel.sliders["w1"]
    values = np.round(np.linspace(-2.0, 2.0, 20), 2)

    async def burst():
        start = panel.render_count
        for value in values:
            slider.value = float(value)
        return panel.render_count - start
    assert asyncio.run(burst()) == len(values)  # each change drawn at once, in its handler
    assert panel.plots["bars"].bars[0].get_height() == pytest.approx(0.5 * values[-1])
    shown = pictures(panel)
    panel.render_all(full=True)  # a fresh synchronous render of the last value
    assert pictures(panel) == shown


def test_a_value_from_the_browser_is_drawn_inside_its_message_handler():
    panel = neuron_panel()
    math_before, images_before = panel.math.value, pictures(panel)

    async def browser_sets(value):
        start = panel.render_count
        panel.sliders["b"].set_state({"value": value})  # as ipywidgets applies a comm message
        return (panel.render_count - start, pictures(panel) != images_before,
                panel.math.value != math_before)
    rendered, new_images, new_math = asyncio.run(browser_sets(-1.0))
    assert rendered == 1 and new_images  # before the handler returns (and the kernel goes idle)
    assert new_math  # the maths too, in the same handler
    assert result(math_lines(panel)[0]) == number(nk.weighted_sum(
        [0.5, 0.3, 0.8], [0.6, 0.4, 0.2], -1.0))


CLICKS = {  # a button of each kind, found on a fresh panel
    "Step": (training_panel, lambda panel: panel.step_button),
    "preset": (weights_panel, lambda panel: panel.preset_buttons["inverted"]),
    "Reset": (neuron_panel, lambda panel: panel.reset_button),
}


@pytest.mark.parametrize("kind", list(CLICKS))
def test_a_click_from_the_browser_is_drawn_inside_its_message_handler(kind):
    make, find_button = CLICKS[kind]
    panel = make()
    if kind == "Reset":
        panel.sliders["w1"].value = -1.0  # something to reset
    before = pictures(panel)

    async def click():
        start = panel.render_count
        find_button(panel).click()  # what ipywidgets does with a click message
        return panel.render_count - start, pictures(panel) != before
    rendered, new_images = asyncio.run(click())
    assert rendered >= 1 and new_images  # before the handler returns (and the kernel goes idle)


def test_several_changes_in_a_batch_are_drawn_once():
    panel = training_panel()

    async def step_twice():
        start = panel.render_count
        with panel.batch():
            panel.step()
            panel.step()
        return panel.render_count - start
    assert asyncio.run(step_twice()) == 1 and panel.epoch == 10  # one frame, of the latest state


def test_the_new_image_goes_out_before_the_maths_and_the_alt_text():
    panel = neuron_panel()
    view = panel.view
    order = []
    for name, widget in (("image", view.image), ("maths", panel.math)):
        widget.observe(lambda change, name=name: order.append(name), names="value")
    panel.sliders["b"].value = -1.0
    assert order == ["image", "maths"]
    assert result(math_lines(panel)[0]) == number(nk.weighted_sum(
        [0.5, 0.3, 0.8], [0.6, 0.4, 0.2], -1.0))
    assert view.shown_alt_text == view.alt_text
    assert "Contribution bars" in view.alt_text and "Activation curve" in view.alt_text


def test_without_an_event_loop_updates_apply_synchronously():
    panel = neuron_panel()
    count = panel.render_count
    panel.sliders["x1"].value = 1.0
    assert panel.render_count == count + 1


def test_batch_changes_several_controls_with_one_render():
    panel = neuron_panel()
    count = panel.render_count
    with panel.batch():
        panel.sliders["x1"].value = 1.0
        panel.sliders["x2"].value = -1.0
        panel.sliders["b"].value = 0.5
    assert panel.render_count == count + 1  # one render of its one figure, not three
    assert panel.z == pytest.approx(nk.weighted_sum([1.0, -1.0, 0.8], [0.6, 0.4, 0.2], 0.5))


def test_only_nbkernel_widgets_imports_ipywidgets():
    package = Path(nk.__file__).parent
    importers = sorted(str(p.relative_to(package)) for p in package.rglob("*.py")
                       if re.search(r"^\s*(import|from)\s+ipywidgets", p.read_text(), re.M))
    assert importers and all(name.startswith("widgets") for name in importers), importers
    code = ("import sys, nbkernel; print(sorted({'ipywidgets', 'matplotlib', 'PIL'} "
            "& set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# -- neuron panel --------------------------------------------------------------------------------

def test_neuron_panel_writes_the_outline_example():
    lines = math_lines(neuron_panel())
    assert lines[0] == ("<i>z</i> = 0.5 · 0.6 + 0.3 · 0.4 + 0.8 · 0.2 + 0.1 = "
                        "0.3 + 0.12 + 0.16 + 0.1 = 0.68")
    assert lines[1] == "<i>y</i> = ReLU(0.68) = max(0, 0.68) = 0.68"


def test_neuron_panel_activation_menu_lists_each_activation_once():
    names = [name for _, name in activation_options()]
    assert names == [n for n in nk.ACTIVATIONS if n != "linear"]
    panel = neuron_panel()
    assert [v for _, v in panel.controls["activation"].options] == names


@pytest.mark.parametrize("slider", ["x1", "x2", "x3", "w1", "w2", "w3", "b"])
def test_neuron_panel_slider_updates_bars_curve_and_maths(slider):
    panel = neuron_panel()
    bars_before, curve_before = neuron_halves(panel)
    panel.sliders[slider].value = -1.3
    x, w, b, name = panel.values
    z, y = nk.weighted_sum(x, w, b), nk.neuron(x, w, b, "relu")
    heights = [bar.get_height() for bar in panel.plots["bars"].bars]
    np.testing.assert_allclose(heights, [*nk.contributions(x, w, b), z], atol=1e-12)
    np.testing.assert_allclose(panel.plots["curve"].point.get_xydata()[0], [z, y])
    z_line, y_line = math_lines(panel)
    assert result(z_line) == number(z)
    assert result(y_line) == number(y)
    assert f"{maths.term(x[0])} · {maths.term(w[0])}" in z_line
    bars_after, curve_after = neuron_halves(panel)
    assert (bars_after != bars_before).any() and (curve_after != curve_before).any()


@pytest.mark.parametrize("name", [name for _, name in activation_options()])
def test_neuron_panel_activation_changes_curve_and_maths_but_not_the_bars(name):
    panel = neuron_panel(activation="identity" if name == "relu" else "relu")
    bars_before, curve_before = neuron_halves(panel)
    panel.controls["activation"].value = name
    x, w, b, _ = panel.values
    y = nk.neuron(x, w, b, name)
    assert panel.plots["curve"].name == name
    assert panel.plots["curve"].y == pytest.approx(y)
    assert result(math_lines(panel)[1]) == number(y)
    assert maths.NAMES[name] in math_lines(panel)[1]
    bars_after, curve_after = neuron_halves(panel)
    assert np.array_equal(bars_after, bars_before) and (curve_after != curve_before).any()



def test_neuron_panel_bars_grow_to_show_every_bar_and_reset_shrinks_them():
    panel = neuron_panel()
    bars = panel.plots["bars"]
    for name in ("x1", "x2", "x3", "w1", "w2", "w3", "b"):
        panel.sliders[name].value = panel.sliders[name].max
        ends = np.append(np.cumsum(bars.parts), bars.parts)
        low, high = bars.ylim
        assert low <= ends.min() and ends.max() <= high, f"a bar is cut off after {name}"
        assert "cut off" not in panel.view.shown_alt_text
    assert bars.ylim == (-50, 50)  # z = 3·2·5 + 3 = 33
    panel.reset()
    assert bars.ylim == (-2, 2)

def test_neuron_panel_takes_other_sizes_and_checks_them():
    panel = neuron_panel(x=[2.0, -1.0], w=[0.5, -0.3], b=0.2)
    assert set(panel.sliders) == {"x1", "x2", "w1", "w2", "b"}
    assert result(math_lines(panel)[0]) == "1.5"
    with pytest.raises(ValueError, match="shape"):
        neuron_panel(x=[1.0, 2.0], w=[1.0])
    wide = neuron_panel(w=(9.0, 0.4, 0.2))
    assert wide.sliders["w1"].max == 9.0  # the range widens to include the start


# -- activation panel ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh", "gelu", "gelu_tanh"])
def test_activation_panel_values_at_z(name):
    panel = activation_panel(activation=name)
    before = pictures(panel)
    panel.sliders["z"].value = -1.2
    f = nk.activation(name)
    curve = panel.plots["curve"]
    np.testing.assert_allclose(curve.point.get_xydata()[0], [-1.2, f.function(-1.2)])
    assert curve.slope == pytest.approx(f.derivative(-1.2))
    value_line, slope_line = math_lines(panel)
    assert result(value_line) == number(f.function(-1.2))
    assert result(slope_line) == number(f.derivative(-1.2))
    header, *rows = table_rows(panel.table.value)
    assert header == ["at z = -1.2", "f(z)", "f′(z)"]
    assert [row[1:] for row in rows] == [
        [nk.format_number(nk.activation(other).function(-1.2)),
         nk.format_number(nk.activation(other).derivative(-1.2))]
        for other in ["relu", "sigmoid", "tanh", "gelu", "gelu_tanh"]]
    assert pictures(panel) != before


# -- weights panel -----------------------------------------------------------------------------

def test_weights_panel_starts_as_an_or_gate():
    panel = weights_panel()
    assert [panel.sliders[k].value for k in ("w1", "w2", "b")] == [8.0, 8.0, -4.0]
    table = panel.table.value
    assert table.count("✓") == 4
    assert "<i>x</i><sub>2</sub> = −<i>x</i><sub>1</sub> + 0.5" in panel.math.value


@pytest.mark.parametrize("slider", ["w1", "w2", "b"])
def test_weights_panel_boundary_line_and_surface_follow_the_sliders(slider):
    panel = weights_panel()
    before = pictures(panel)
    panel.sliders[slider].value = 3.5
    w1, w2, b = (panel.sliders[k].value for k in ("w1", "w2", "b"))
    plot = panel.plots["boundary"]
    for segment in plot.boundary.get_segments():
        for x1, x2 in segment:
            assert w1 * x1 + w2 * x2 + b == pytest.approx(0.0, abs=1e-9)
    grid = plot.points_in
    expected = nk.neuron(grid, [w1, w2], b, "sigmoid").reshape(plot.image.get_array().shape)
    np.testing.assert_allclose(plot.image.get_array(), expected)
    outputs = nk.neuron(nk.GATE_INPUTS, [w1, w2], b, "sigmoid")
    _, *rows = table_rows(panel.table.value)
    assert [row[3] for row in rows] == [nk.format_number(v) for v in outputs]
    assert [row[2] for row in rows] == [nk.format_number(v) for v in
                                        nk.weighted_sum(nk.GATE_INPUTS, [w1, w2], b)]
    assert pictures(panel) != before


@pytest.mark.parametrize("name", list(PRESETS))
def test_weights_panel_presets_set_the_documented_weights_in_one_render(name):
    panel = weights_panel(w1=1.0, w2=1.0, b=0.0, gate="XOR", presets=PRESETS)
    count = panel.render_count
    panel.preset_buttons[name].click()
    w1, w2, b, gate = PRESETS[name]
    assert [panel.sliders[k].value for k in ("w1", "w2", "b")] == [w1, w2, b]
    assert panel.controls["gate"].value == (gate or "XOR")
    assert panel.render_count == count + 1
    assert panel.plots["boundary"].gate == (gate or "XOR")
    if gate is not None:  # the gate presets really compute their gate
        outputs = nk.neuron(nk.GATE_INPUTS, [w1, w2], b, "sigmoid")
        _, targets = nk.logic_gate(gate)
        assert np.array_equal(outputs >= 0.5, targets.ravel() == 1)
        assert panel.table.value.count("✓") == 4
    no_errors(panel)


def test_weights_panel_shows_no_exercise_answer_unless_asked():
    assert set(weights_panel().preset_buttons) == {"OR", "cut connection", "inverted"}
    assert list(weights_panel(presets=["AND"]).preset_buttons) == ["AND"]
    with pytest.raises(ValueError, match="unknown preset 'XNOR'; the presets are: AND, OR"):
        weights_panel(presets=["XNOR"])


def test_weights_panel_presets_are_what_their_names_say():
    assert PRESETS["cut connection"][1] == 0.0
    assert PRESETS["inverted"][0] < 0
    assert abs(PRESETS["large weight"][0]) > abs(PRESETS["AND"][0])


def test_weights_panel_with_both_weights_zero_says_there_is_no_boundary():
    panel = weights_panel(w1=0.0, w2=0.0, b=1.0)
    assert "no boundary" in panel.math.value
    assert panel.plots["boundary"].boundary.get_segments() == []
    no_errors(panel)


# -- layer panel -------------------------------------------------------------------------------

def test_layer_panel_default_example():
    panel = layer_panel()
    np.testing.assert_allclose(panel.plots["Z"].M, [[0.8, 0.7], [0.4, 0.7]], atol=1e-12)
    shapes, entry, activated = math_lines(panel)
    assert shapes.startswith(maths.under("<i>Z</i>", "2×2") + " = ")
    assert entry.endswith("= 1 · 0.6 + 0.5 · 0.2 + 0.1 = 0.8")
    assert result(activated) == "0.8"
    assert "shape (2, 2)" in panel.plots["W"].ax.get_title()


@pytest.mark.parametrize("slider", ["w11", "w12", "w21", "w22", "b1", "b2"])
def test_layer_panel_sliders_update_heat_maps_and_formula(slider):
    panel = layer_panel()
    before = pictures(panel)
    panel.sliders[slider].value = -1.5
    layer = panel.layer
    Z, A = layer.forward(panel.X)
    np.testing.assert_allclose(panel.plots["W"].M, layer.W)
    np.testing.assert_allclose(panel.plots["Z"].M, panel.X @ layer.W + layer.b)
    texts = [[t.get_text() for t in row] for row in panel.plots["Z"].texts]
    assert texts == [[nk.format_number(v, 2) for v in row] for row in Z]
    assert result(math_lines(panel)[1]) == number(Z[0, 0])
    assert pictures(panel) != before


def test_layer_panel_entry_selector_writes_that_element_out():
    panel = layer_panel()
    before = pictures(panel)
    panel.controls["entry"].value = (1, 1)
    _, entry, activated = math_lines(panel)
    X, layer = panel.X, panel.layer
    z = X[1] @ layer.W[:, 1] + layer.b[1]
    assert entry.startswith("<i>z</i><sub>22</sub> = " + maths.total("<i>i</i> = 1", 2)
                            + "<i>x</i><sub>2<i>i</i></sub>\u2009<i>w</i><sub><i>i</i>2</sub>"
                            + " + <i>b</i><sub>2</sub>")
    assert f"{maths.term(X[1, 0])} · {maths.term(layer.W[0, 1])}" in entry
    assert result(entry) == number(z) and result(activated) == number(max(z, 0.0))
    assert panel.highlights["Z"].get_xy() == (0.5, 0.5)
    assert pictures(panel) != before


def test_layer_panel_other_shapes():
    X = np.arange(6.0).reshape(3, 2) / 10
    W = np.full((2, 4), 0.5)
    panel = layer_panel(X=X, W=W)
    assert panel.plots["Z"].M.shape == (3, 4)
    assert len([n for n in panel.sliders if n.startswith("w")]) == 8
    assert len(panel.controls["entry"].options) == 12
    with pytest.raises(ValueError, match="shape"):
        layer_panel(X=np.ones((2, 3)), W=W)


# -- network panel ---------------------------------------------------------------------------

def test_network_panel_default_is_exercise_2():
    panel = network_panel()
    trace = panel.trace
    np.testing.assert_allclose(trace[0].output[0], [0.8, 0.7], atol=1e-12)
    np.testing.assert_allclose(trace[1].output[0], [1.09], atol=1e-12)
    assert [t.get_text() for t in panel.plots["diagram"].node_texts] == \
        ["1", "0.5", "0.8", "0.7", "1.09"]
    hidden, output = math_lines(panel)
    assert hidden.endswith("= " + maths.matrix([0.8, 0.7]))
    assert output.endswith("= " + maths.matrix([1.09]))
    assert "<span>0.8</span><span>0.7</span>" in maths.matrix([0.8, 0.7])
    assert table_rows(panel.table.value) == [
        ["Layer", "Input", "Weights W", "Bias b", "Weighted sum z", "Activation", "Output"],
        ["1", "[1, 0.5]", "[[0.6, 0.4], [0.2, 0.8]]", "[0.1, -0.1]", "[0.8, 0.7]", "ReLU",
         "[0.8, 0.7]"],
        ["2", "[0.8, 0.7]", "[[0.5], [0.7]]", "[0.2]", "[1.09]", "ReLU", "[1.09]"]]


def test_network_panel_every_slider_updates_diagram_maths_and_trace_table():
    panel = network_panel()
    assert set(panel.sliders) == {"x1", "x2", "w1_11", "w1_12", "w1_21", "w1_22", "b1_1",
                                  "b1_2", "w2_11", "w2_21", "b2_1"}
    for name, slider in panel.sliders.items():
        before = pictures(panel)
        slider.value = other_value(slider)
        network, x = panel.network, panel.x
        trace = network.trace(x)
        assert panel.table.value == markdown_table_html(nk.trace_markdown(trace))
        values = np.concatenate([x] + [step.output[0] for step in trace])
        assert [t.get_text() for t in panel.plots["diagram"].node_texts] == \
            [fitted(v, panel.plots["diagram"].value_width) for v in values]
        assert math_lines(panel)[-1].endswith(maths.matrix(trace[-1].output[0]))
        assert pictures(panel) != before, name


def test_network_panel_takes_any_network():
    net = nk.random_network([3, 4, 2], seed=1)
    panel = network_panel(net, x=[0.1, 0.2, 0.3])
    assert len(math_lines(panel)) == 2
    assert panel.network.sizes == [3, 4, 2]
    net.layers[0].W[0, 0] = 99.0  # the panel works on a copy
    assert panel.network.layers[0].W[0, 0] != 99.0
    with pytest.raises(ValueError, match="input"):
        network_panel(net, x=[1.0, 2.0])


def test_markdown_table_html():
    text = markdown_table_html("| a | b |\n|---|---|\n| 1 | <2> |")
    assert "&lt;2&gt;" in text and "<2>" not in text
    assert table_rows(text) == [["a", "b"], ["1", "<2>"]]


# -- training panel --------------------------------------------------------------------------

def test_training_step_changes_weights_and_extends_the_loss_curve():
    panel = training_panel()
    W0 = panel.model.layers[0].W.copy()
    before = pngs(panel)
    panel.step_button.click()
    assert panel.epoch == 5 and len(panel.history) == 5
    assert not np.allclose(panel.model.layers[0].W, W0)
    assert len(panel.plots["loss"].line.get_xdata()) == 6  # the losses after 0, 1, ..., 5 epochs
    current = panel.model.loss(panel.X, panel.y, "bce")
    np.testing.assert_allclose(panel.plots["loss"].line.get_ydata(), panel.history + [current])
    assert text(math_lines(panel)[0]).startswith("after 5 epochs:")
    assert nk.format_number(current, 4) in math_lines(panel)[0]
    assert panel.plots["loss"].value_text.get_text() == f"after 5 epochs: loss {nk.format_number(current, 4)}"
    # one image: the loss curve on the left, the decision boundary on the right; both moved
    split = round(LOSS_WIDTH * panel.view.figure.dpi)
    old, new = pixels(before["figure"]), pixels(pngs(panel)["figure"])
    assert not np.array_equal(old[:, :split], new[:, :split])
    assert not np.array_equal(old[:, split:], new[:, split:])
    panel.step()
    assert len(panel.plots["loss"].line.get_xdata()) == 11


def test_training_is_reproducible_and_matches_nbkernel_train():
    panel = training_panel(task="OR", lr=0.5, seed=3)
    for _ in range(4):
        panel.step()
    model = make_model(0, seed=3)
    X, y = nk.logic_gate("OR")
    history = nk.train(model, X, y, lr=0.5, epochs=20)
    np.testing.assert_allclose(panel.history, history)
    np.testing.assert_allclose(panel.model.layers[0].W, model.layers[0].W)
    w_line = math_lines(panel)[1]
    (dW, _), = model.gradients(X, y)
    expected = model.layers[0].W[0, 0] - 0.5 * dW[0, 0]
    assert result(w_line) == number(expected)


def test_training_learns_xor_with_a_hidden_layer_and_not_without():
    panel = training_panel(task="XOR", hidden=4)
    panel.epochs_per_step = 300  # 300 epochs in one go (one render)
    panel.step()
    X, y = nk.logic_gate("XOR")
    assert np.array_equal(panel.model(X).round(), y)
    assert panel.plots["boundary"].alt_text.endswith("4 of 4 points are on the right side of 0.5.")
    alone = training_panel(task="XOR", hidden=0)
    alone.epochs_per_step = 300
    alone.step()
    assert not np.array_equal(alone.model(X).round(), y)


def test_training_task_or_hidden_change_starts_again():
    panel = training_panel()
    panel.step()
    panel.controls["hidden"].value = 2
    assert panel.epoch == 0
    assert panel.model.sizes == [2, 2, 1]
    panel.step()
    panel.controls["task"].value = "XOR"
    assert panel.epoch == 0 and panel.plots["boundary"].gate == "XOR"
    no_errors(panel)


def test_training_play_pause_and_learning_rate():
    panel = training_panel()
    count = panel.render_count
    panel.sliders["lr"].value = 2.0  # only the maths shows η: no figure is redrawn
    assert panel.render_count == count
    assert "<i>η</i> = 2" in math_lines(panel)[0]

    async def play_a_little():
        panel.play_button.click()
        await asyncio.sleep(0.5)
        panel.pause_button.click()
        epoch = panel.epoch
        await asyncio.sleep(0.3)
        return epoch
    epoch = asyncio.run(play_a_little())
    assert epoch >= 10 and panel.epoch == epoch and not panel.playing
    panel.epochs_per_step = panel.max_epochs
    panel.step()
    assert panel.epoch == panel.max_epochs and panel.finished
    panel.step()  # at the end: nothing more
    panel.play()
    assert panel.epoch == panel.max_epochs and not panel.playing
    no_errors(panel)


def test_training_panel_checks_its_arguments():
    with pytest.raises(ValueError, match="task must be one of"):
        training_panel(task="XNOR")
    with pytest.raises(ValueError, match="hidden must be"):
        training_panel(hidden=-1)
    assert training_panel(hidden=3).model.sizes == [2, 3, 1]


# -- the maths text ----------------------------------------------------------------------------

def test_maths_numbers_use_format_number_with_a_minus_sign():
    assert maths.num(0.6799999999) == "0.68"
    assert maths.term(-0.3) == "(−0.3)"
    assert maths.num(4.5398e-05) == "4.54·10<sup>−5</sup>"
    assert text(maths.apply("sigmoid", -1.0)) == "y = σ(−1) = 11 + e−(−1) = 0.2689"
    assert result(maths.apply("gelu", 1.0)) == nk.format_number(nk.gelu(1.0))
    for name in ("relu", "sigmoid", "tanh", "gelu", "gelu_tanh", "identity"):
        assert result(maths.apply(name, -0.7)) == number(nk.activation(name).function(-0.7))
        assert result(maths.derivative(name, -0.7)) == number(
            nk.activation(name).derivative(-0.7))


def test_maths_negative_numbers_and_linear_expressions():
    panel = neuron_panel(x=(1.6, -0.2, -0.7), w=(-3.5, -3.7, -3.9), b=-2.0)
    assert "max(0, −4.13) = 0" in panel.math.value
    assert "-" not in text(panel.math.value)  # every minus is a minus sign, not a hyphen
    assert maths.linear(-1.0, "x", 1.25) == "−x + 1.25"
    assert maths.linear(1.0, "x", -1.25) == "x − 1.25"
    assert maths.linear(2.5, "x", 0.0) == "2.5\u2009x"


def test_maths_is_html_with_no_tex_left_and_balanced_tags(panel):
    value = panel.math.value
    assert "\\" not in value and "$" not in value
    for tag in ("div", "span", "i", "sub", "sup"):
        assert value.count(f"<{tag}>") + value.count(f"<{tag} ") == value.count(f"</{tag}>"), tag


def test_a_panel_reads_as_a_short_stable_text_where_it_cannot_be_shown():
    assert repr(neuron_panel()) == "Neuron panel (run the notebook's cells to use its sliders)"


# --- legibility and lecture mode ------------------------------------------------------------

@pytest.fixture
def talk():
    plotting.set_context("talk")
    yield plotting.CONTEXTS["talk"]
    plotting.set_context("notebook")


@pytest.mark.parametrize("name", list(PANELS))
def test_every_text_of_every_panel_figure_is_at_least_10_pt(name):
    from matplotlib.text import Text

    panel = PANELS[name]()
    for view_name, view in [(name, panel.view)]:
        texts = [t for t in view.figure.findobj(Text) if t.get_text().strip()]
        assert texts, view_name
        for text in texts:
            assert text.get_fontsize() >= 10, (view_name, text.get_text())


@pytest.mark.parametrize("name", list(PANELS))
def test_a_panel_made_in_the_talk_context_is_drawn_larger_and_exactly(name, talk):
    """The image grows by the context's factor (every text and line with it), give or take the
    rounding of the smaller image's size (matplotlib before 3.11 truncates it to whole pixels);
    after moves, blitting draws what a full draw draws."""
    from matplotlib.backends.backend_agg import RendererAgg

    plotting.set_context("notebook")
    sizes = {view: pixels(data).shape[:2] for view, data in pngs(PANELS[name]()).items()}
    plotting.set_context("talk")
    panel = PANELS[name]()
    for view_name, data in pngs(panel).items():
        shown = np.array(pixels(data).shape[:2])
        assert np.all(np.abs(shown - talk * np.array(sizes[view_name])) <= talk), view_name
    for slider in panel.sliders.values():
        start, other = slider.value, other_value(slider)
        slider.value = other
        slider.value = start
        slider.value = other
    for view_name, view in [(name, panel.view)]:
        view.render()
        width, height = view.canvas.get_width_height()
        plain = RendererAgg(width, height, view.figure.dpi)
        view.figure.draw(plain)
        assert np.array_equal(pixels(view.png()), np.asarray(plain.buffer_rgba())[..., :3])


def test_the_demo_notebook_shows_every_registered_panel():
    """The browser test and benchmarks open tests/notebooks/panels_demo.ipynb: a panel
    registered in PANELS must have its cell there."""
    import json

    demo = Path(__file__).parent / "notebooks" / "panels_demo.ipynb"
    sources = ["".join(cell["source"]) for cell in json.loads(demo.read_text())["cells"]
               if cell["cell_type"] == "code"]
    for name, make in PANELS.items():
        call = f"{make.__name__}()"
        assert any(call in source for source in sources), (
            f"panel {name!r} is registered but {demo.name} has no cell calling {call}: add a "
            "markdown heading and a code cell for it (CONTRIBUTING.md, 'Add a panel')")


def test_a_panel_shows_its_first_picture_where_there_is_no_kernel(panel):
    """Viewers without a kernel (nbconvert, GitHub, nbviewer, the offline slides) take the
    first output kind they can show: the panel's bundle has its picture with its alt text."""
    import base64

    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle  # live front ends: the widget
    match = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)" width="(\d+)" '
                         r'height="(\d+)" decoding="sync" style="[^"]+">', bundle["text/html"])
    assert match, bundle["text/html"][:200]
    data, alt = base64.b64decode(match[1]), html.unescape(match[2])
    assert alt == panel.view.alt_text
    assert len(data) <= 60 * 1024, f"the stored picture is {len(data)} bytes"
    assert np.array_equal(pixels(data), pixels(panel.view.png()))
    assert pixels(data).shape[:2] == (int(match[4]), int(match[3]))
