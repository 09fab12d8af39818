"""The course's slider: a native ``<input type="range">`` with a visible ``<label>``, built on
anywidget so it works in JupyterLab, Notebook 7, Voilà, VS Code and Colab without a plugin.

Why not ``ipywidgets.FloatSlider``: its handle (noUiSlider) has no accessible name, its number
readout is a Tab stop of its own, and it gives no public way to keep its arrow keys from a front
end's shortcuts. Here the range input is named by ``accessible_name`` ("input x₁"), moves one
``step`` per arrow key, carries ``data-lm-suppress-shortcuts="true"`` (Lumino's opt-out, so
Notebook 7 and jupyterlab-slideshow's deck leave its keys alone; Escape leaves the slider, so
the next Escape is the front end's again), and its readout is an
``<output>`` outside the Tab order. Values are sent while dragging; the ipywidgets front end keeps
one update per widget in flight and merges the rest.

The Python side keeps ipywidgets' slider API: ``value``, ``min``, ``max``, ``step``,
``description``, ``disabled``, ``readout_format``, ``observe(names="value")``.
"""

import re

import anywidget
import traitlets

_FORMAT = re.compile(r"^(\.\d+[f%]|d)$")

_ESM = r"""
const MINUS = "\u2212";
let count = 0;

function decimals(format) {
  const m = /^\.(\d+)([f%])$/.exec(format || "");
  return m ? {places: +m[1], percent: m[2] === "%"} : {places: 0, percent: false};
}

function readout(model, number) {
  const labels = model.get("labels");
  if (labels.length) return labels[Math.round(number)] ?? "";
  const {places, percent} = decimals(model.get("readout_format"));
  const text = (percent ? number * 100 : number).toFixed(places) + (percent ? "%" : "");
  return /^-0*\.?0*%?$/.test(text) ? text.slice(1) : text.replace("-", MINUS);
}

function render({model, el}) {
  const key = () => (model.get("labels").length ? "index" : "value");
  const id = `nbk-slider-${++count}-${Math.random().toString(36).slice(2, 8)}`;
  el.classList.add("nbk-slider");
  const label = document.createElement("label");
  label.className = "nbk-slider-label";
  label.htmlFor = id;
  const input = document.createElement("input");
  input.type = "range";
  input.id = id;
  input.className = "nbk-slider-input";
  input.setAttribute("data-lm-suppress-shortcuts", "true");
  const output = document.createElement("output");
  output.className = "nbk-slider-readout";
  output.htmlFor = id;
  output.setAttribute("aria-live", "off");
  el.append(label, input, output);

  const show = (number) => {
    const text = readout(model, number);
    output.textContent = text;
    input.setAttribute("aria-valuetext", text);
    const low = +input.min, high = +input.max;
    const fill = high > low ? (100 * (number - low)) / (high - low) : 0;
    input.style.setProperty("--nbk-fill", `${Math.max(0, Math.min(100, fill))}%`);
  };
  const sync = () => {
    label.textContent = model.get("description");
    el.style.setProperty("--nbk-label-width", model.get("description_width"));
    input.setAttribute("aria-label", model.get("accessible_name") || model.get("description"));
    input.min = model.get("min");
    input.max = model.get("max");
    input.step = model.get("step");
    input.value = model.get(key());
    input.disabled = model.get("disabled");
    el.classList.toggle("nbk-disabled", model.get("disabled"));
    show(model.get(key()));
  };
  input.addEventListener("input", () => {
    const number = input.valueAsNumber;
    show(number);
    model.set(key(), number);
    model.save_changes();
  });
  // The attribute keeps every key from the front end's shortcuts; Escape gives them back
  // (leaves the slider), so a second Escape reaches the front end (e.g. leaves a deck).
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") input.blur();
  });
  model.on("change", sync);
  sync();
  return () => model.off("change", sync);
}

export default {render};
"""

_CSS = """
.nbk-slider {
  display: flex;
  align-items: center;
  gap: 6px;
  box-sizing: border-box;
  height: var(--jp-widgets-inline-height, 28px);
  font-family: var(--jp-ui-font-family, system-ui, sans-serif);
  font-size: var(--jp-widgets-font-size, 13px);
  color: var(--jp-widgets-label-color, var(--jp-ui-font-color1, #1f1f1f));
}
.nbk-slider-label {
  flex: 0 0 var(--nbk-label-width, 3.2em);
  width: var(--nbk-label-width, 3.2em);
  text-align: right;
  overflow: hidden;
  white-space: nowrap;
  text-overflow: ellipsis;
}
.nbk-slider-readout {
  flex: 0 0 auto;
  min-width: 3.2em;
  font-variant-numeric: tabular-nums;
  color: var(--jp-widgets-readout-color, var(--jp-ui-font-color1, #1f1f1f));
}
.nbk-slider-input {
  --nbk-track: var(--jp-layout-color3, #bdbdbd);
  --nbk-accent: var(--jp-brand-color1, #1976d2);
  flex: 1 1 auto;
  min-width: 40px;
  margin: 0 6px;
  height: 18px;
  background: transparent;
  -webkit-appearance: none;
  appearance: none;
  cursor: pointer;
}
.nbk-slider-input::-webkit-slider-runnable-track {
  height: 4px;
  border-radius: 2px;
  background: linear-gradient(to right, var(--nbk-accent) var(--nbk-fill, 0%),
                              var(--nbk-track) var(--nbk-fill, 0%));
}
.nbk-slider-input::-moz-range-track {
  height: 4px;
  border-radius: 2px;
  background: var(--nbk-track);
}
.nbk-slider-input::-moz-range-progress {
  height: 4px;
  border-radius: 2px;
  background: var(--nbk-accent);
}
.nbk-slider-input::-webkit-slider-thumb {
  -webkit-appearance: none;
  appearance: none;
  width: 16px;
  height: 16px;
  margin-top: -6px;
  border-radius: 50%;
  border: 1px solid var(--jp-border-color1, #757575);
  background: var(--jp-layout-color1, #ffffff);
}
.nbk-slider-input::-moz-range-thumb {
  width: 14px;
  height: 14px;
  border-radius: 50%;
  border: 1px solid var(--jp-border-color1, #757575);
  background: var(--jp-layout-color1, #ffffff);
}
.nbk-slider-input:hover::-webkit-slider-thumb,
.nbk-slider-input:active::-webkit-slider-thumb {
  background: var(--nbk-accent);
  border-color: var(--nbk-accent);
}
.nbk-slider-input:hover::-moz-range-thumb,
.nbk-slider-input:active::-moz-range-thumb {
  background: var(--nbk-accent);
  border-color: var(--nbk-accent);
}
.nbk-slider-input:focus {
  outline: none;
}
.nbk-slider-input:focus-visible {
  outline: 2px solid var(--nbk-accent);
  outline-offset: 2px;
  border-radius: 2px;
}
.nbk-slider.nbk-disabled {
  opacity: 0.6;
}
.nbk-slider.nbk-disabled .nbk-slider-input {
  cursor: not-allowed;
}
"""


class Slider(anywidget.AnyWidget):
    """A number slider with a visible label, an accessible name and a readout.

    Parameters
    ----------
    value, min, max, step : float
    description : str
        The short visible label, e.g. ``"x₁"``.
    accessible_name : str
        What a screen reader says the slider sets, e.g. ``"input x₁"`` (defaults to
        ``description``).
    readout_format : str
        ``".Nf"`` (N decimals), ``".N%"`` (a percentage) or ``"d"`` (a whole number).
    description_width : str
        The label's CSS width (``"3.2em"``).

    Examples
    --------
    >>> s = Slider(value=0.5, min=-1.0, max=1.0, step=0.1, description="x₁",
    ...            accessible_name="input x₁")
    >>> s.value = 3.0  # kept inside its range, as ipywidgets' sliders do
    >>> s.value
    1.0
    """

    _esm = _ESM
    _css = _CSS

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    accessible_name = traitlets.Unicode("").tag(sync=True)
    readout_format = traitlets.Unicode(".2f").tag(sync=True)
    description_width = traitlets.Unicode("3.2em").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)  # SelectionSlider's options

    def __init__(self, **kwargs):
        # min and max first, so the value is not clamped to the default range
        bounds = {k: kwargs.pop(k) for k in ("min", "max") if k in kwargs}
        super().__init__(**bounds, **kwargs)

    @traitlets.validate("value")
    def _clamp(self, proposal):
        return min(max(proposal.value, self.min), self.max)

    @traitlets.validate("readout_format")
    def _check_format(self, proposal):
        if not _FORMAT.match(proposal.value):
            raise traitlets.TraitError(f'readout_format must be ".Nf", ".N%" or "d", '
                                       f"got {proposal.value!r}")
        return proposal.value

    def __repr__(self):
        return (f"{type(self).__name__}({self.description!r}, value={self.value!r}, "
                f"min={self.min!r}, max={self.max!r})")


class IntSlider(Slider):
    """A whole-number :class:`Slider` (step 1, readout without decimals).

    Examples
    --------
    >>> IntSlider(value=2, min=0, max=3, description="layers").value
    2
    """

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    readout_format = traitlets.Unicode("d").tag(sync=True)


class SelectionSlider(Slider):
    """A :class:`Slider` over a list of options; the readout shows the option's label.

    ``options`` is a sequence of values or of ``(label, value)`` pairs, as for
    ``ipywidgets.SelectionSlider``; ``value`` is one of the values. The browser moves the
    option's ``index``.

    Examples
    --------
    >>> s = SelectionSlider(options=[("one", 1), ("all", "all")], value=1, description="B")
    >>> s.index = 1
    >>> s.value
    'all'
    """

    value = traitlets.Any()
    index = traitlets.Int(0).tag(sync=True)

    def __init__(self, options, value=None, **kwargs):
        self.options = [o if isinstance(o, tuple) else (str(o), o) for o in options]
        if not self.options:
            raise ValueError("options must hold at least one option, got none")
        values = [v for _, v in self.options]
        value = values[0] if value is None else value
        super().__init__(labels=[label for label, _ in self.options], min=0,
                         max=len(values) - 1, step=1, index=self._index(value), **kwargs)
        self.value = value

    def _index(self, value):
        for i, (_, option) in enumerate(self.options):
            if option == value and type(option) is type(value):
                return i
        for i, (_, option) in enumerate(self.options):
            if option == value:
                return i
        raise traitlets.TraitError(f"value must be one of {[v for _, v in self.options]}, "
                                   f"got {value!r}")

    @traitlets.validate("value")
    def _clamp(self, proposal):
        return self.options[self._index(proposal.value)][1]

    @traitlets.observe("value")
    def _value_to_index(self, change):
        self.index = self._index(change.new)

    @traitlets.observe("index")
    def _index_to_value(self, change):
        self.value = self.options[min(max(change.new, 0), len(self.options) - 1)][1]
