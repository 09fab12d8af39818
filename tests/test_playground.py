"""The playground panel: every control, Step, Play and Pause on an event loop, Reset, own data.

The generic panel tests (tests/test_widgets.py) also run on it, as on every panel in PANELS:
every slider to both ends, blitting equal to a full draw, alt text, errors shown, Reset.
"""

import asyncio

import numpy as np
import pytest

import nbkernel as nk
from nbkernel.plotting import playground as plotting_playground
from nbkernel.widgets import playground, playground_panel


def small(**options):
    return playground_panel(**{"n": 120, "epochs_per_frame": 5, **options})


def test_step_trains_one_frame_and_shows_it():
    panel = small()
    before_png, before_weights = panel.view.png(), panel.model.layers[0].W.copy()
    panel.step()
    assert panel.epoch == 5 and panel.epochs == [0, 5]
    assert not np.array_equal(panel.model.layers[0].W, before_weights)
    assert panel.view.png() != before_png
    assert panel.train_losses[-1] == pytest.approx(panel.model.loss(*panel.train_set, "bce"))
    assert "epoch <b>5</b>" in panel.math.value
    assert "after 5 epochs" in panel.view.shown_alt_text
    assert not panel.output.outputs


def test_a_two_8_8_1_network_learns_the_circles():
    panel = playground_panel(neurons=8, lr=0.3)
    for _ in range(10):
        panel.step()
    assert panel.model.sizes == [2, 8, 8, 1]
    assert panel.test_losses[-1] < 0.5 * panel.test_losses[0]
    assert plotting_playground.accuracy(panel.model, *panel.test_set) > 0.9
    assert panel.plots["playground"].test_accuracy > 0.9


@pytest.mark.parametrize("dataset", [name for _, name in playground.DATASETS])
@pytest.mark.parametrize("activation", [name for _, name in playground.ACTIVATIONS])
def test_every_dataset_and_activation_trains_and_draws(dataset, activation):
    panel = small()
    panel.controls["dataset"].value = dataset
    panel.controls["activation"].value = activation
    panel.step()
    classes = 3 if dataset == "blobs3" else 2
    assert panel.model.sizes[-1] == (1 if classes == 2 else 3)
    assert panel.loss_name == ("bce" if classes == 2 else "cross_entropy")
    assert all(layer.activation == activation for layer in panel.model.layers[:-1])
    assert np.isfinite(panel.train_losses).all() and not panel.output.outputs


@pytest.mark.parametrize("layers, neurons", [(0, 1), (0, 8), (3, 1), (3, 8), (1, 5)])
def test_the_network_shape_follows_its_sliders_and_the_diagram_too(layers, neurons):
    panel = small()
    panel.controls["hidden_layers"].value = layers
    panel.controls["neurons"].value = neurons
    assert panel.model.sizes == [2] + [neurons] * layers + [1]
    plot = panel.plots["playground"]
    assert [len(column) for column in plot.corners] == panel.model.sizes
    assert len(plot.edges.get_segments()) == sum(a * b for a, b in
                                                  zip(panel.model.sizes, panel.model.sizes[1:]))
    panel.step()
    assert panel.epoch == 5 and not panel.output.outputs


@pytest.mark.parametrize("name", ["lr", "l2", "batch_size"])
def test_training_settings_reach_the_next_step(name, monkeypatch):
    calls = []
    real_train = playground.train
    monkeypatch.setattr(playground, "train",
                        lambda *args, **options: calls.append(options) or real_train(*args,
                                                                                     **options))
    panel = small()
    slider = panel.controls[name]
    for value in (slider.options[0], slider.options[-1]):
        value = value[1] if isinstance(value, tuple) else value
        epoch = panel.epoch
        slider.value = value
        assert panel.epoch == epoch  # a setting alone does not restart training
        panel.step()
        used = {"lr": "lr", "l2": "weight_decay", "batch_size": "batch_size"}[name]
        assert calls[-1][used] == (None if value == "all" else value)
    assert not panel.output.outputs


def test_new_data_drawn_in_full_mode_then_blitted_again():
    """Artists that new data replaced while the panel drew whole figures are not redrawn
    once it blits again (they are gone from the figure)."""
    panel = small()
    panel.render_mode = "full"
    panel.step()
    panel.controls["dataset"].value = "xor"  # new points: the plot makes new artists
    panel.render_mode = "blit"
    panel.step()
    assert not panel.output.outputs
    assert "after 5 epochs" in panel.view.shown_alt_text


def test_data_settings_start_again_on_new_points():
    panel = small()
    panel.step()
    old = panel.train_set[0].copy()
    panel.controls["noise"].value = 0.5
    assert panel.epoch == 0 and panel.epochs == [0]
    assert not np.array_equal(panel.train_set[0], old)
    panel.controls["train_fraction"].value = 0.8
    assert len(panel.train_set[1]) == round(0.8 * 120)


def test_play_trains_in_the_background_and_pause_stops_within_a_frame():
    async def scenario():
        panel = small()
        panel.play_button.click()
        assert panel.playing and panel.play_button.disabled and not panel.pause_button.disabled
        await asyncio.sleep(0.6)
        frames = panel.frames_drawn
        assert frames >= 2, "Play drew fewer than 2 frames in 0.6 s"
        # A slider moved during Play acts from the next frame: a new shape here.
        panel.controls["neurons"].value = 7
        await asyncio.sleep(0.3)
        assert panel.model.sizes == [2, 7, 7, 1] and panel.epoch > 0
        panel.pause_button.click()
        stopped_at = panel.frames_drawn
        await asyncio.sleep(0.4)
        assert panel.frames_drawn <= stopped_at + 1 and not panel.playing
        assert not panel.play_button.disabled and panel.pause_button.disabled
        panel.play_button.click()  # and it plays again
        await asyncio.sleep(0.3)
        assert panel.frames_drawn > stopped_at + 1
        panel.reset_button.click()  # Reset pauses and starts again
        await asyncio.sleep(0.2)
        assert not panel.playing and panel.epoch == 0 and panel.model.sizes == [2, 4, 4, 1]
        assert not panel.output.outputs

    asyncio.run(scenario())


def test_play_without_a_running_kernel_says_to_use_step():
    panel = small()
    panel.play_button.click()
    assert [e["ename"] for e in panel.output.outputs] == ["RuntimeError"]
    assert "call panel.step()" in panel.output.outputs[0]["evalue"]
    assert not panel.playing and not panel.play_button.disabled


def test_play_pauses_by_itself_after_an_error():
    async def scenario():
        panel = small()
        panel.train_frame = lambda: 1 / 0
        panel.play()
        await asyncio.sleep(0.3)
        assert not panel.playing
        assert [e["ename"] for e in panel.output.outputs] == ["ZeroDivisionError"]

    asyncio.run(scenario())


def test_your_own_data_from_a_csv(tmp_path):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    path = tmp_path / "mine.csv"
    path.write_text("x1,x2,label\n" + "\n".join(f"{a},{b},{c}" for (a, b), c in zip(X, y)))
    data = nk.datasets.load_csv(path)
    panel = playground_panel(dataset="data", data=data, epochs_per_frame=5)
    assert len(panel.train_set[1]) + len(panel.test_set[1]) == 60
    panel.step()
    assert ("your data", "data") in panel.controls["dataset"].options


@pytest.mark.parametrize("options, message", [
    ({"dataset": "moons"}, "dataset must be one of 'circles', 'xor'"),
    ({"dataset": "data"}, "dataset must be one of"),
    ({"hidden_layers": 4}, "hidden_layers must be a whole number from 0 to 3, got 4"),
    ({"neurons": 0}, "neurons must be a whole number from 1 to 8, got 0"),
    ({"lr": 0.2}, r"lr must be one of \[0.001"),
    ({"batch_size": 7}, r"batch_size must be one of \[1, 5, 10, 25, 50, 'all'\], got 7"),
    ({"epochs_per_frame": 0}, "epochs_per_frame must be a whole number >= 1"),
    ({"data": (np.zeros((4, 3)), np.zeros(4, int))}, r"X of shape \(n, 2\).*got \(4, 3\)"),
    ({"data": (np.zeros((4, 2)), np.zeros(4, int))}, "at least two"),
    ({"data": (np.zeros((4, 2)), np.array([0.5, 1, 0, 1]))}, "whole numbers from 0"),
])
def test_bad_arguments_get_clear_errors(options, message):
    with pytest.raises(ValueError, match=message):
        playground_panel(**options)
