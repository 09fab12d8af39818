"""The base class every slider panel builds on: controls, figures, live maths, errors, Reset.

How a change flows through a panel
----------------------------------
1. A control's ``value`` changes (the learner drags a slider, or code sets ``.value``).
2. The observer records the control's name and, unless the panel is inside :meth:`Panel.batch`,
   calls the panel's ``_update(changed)`` at once. That method does the cheap part: the maths,
   ``plot.update(...)`` on the plot objects, the texts (passed to :meth:`Panel._show`); it
   returns False when the picture did not change (only a text did), so it is not drawn again.
3. The figure is drawn at once, inside the observer: a value sent by the browser
   (the learner moved a slider or clicked a button) is drawn inside the kernel's handler of that
   message, so the new image leaves the kernel before its idle status, and the front end, which
   keeps one update per widget in flight and merges the values that arrive meanwhile, never
   piles up messages in the kernel. Code that changes several controls uses :meth:`Panel.batch`
   (presets and Reset do), which draws once, at its end.
4. Then the texts given to :meth:`Panel._show` (the live maths, tables) are assigned, so the
   new picture, which carries its alt text, is the first message to leave. The
   maths is plain HTML (``_maths``): the browser swaps its text with no typesetting, so it is
   written with every frame.

Any exception raised while updating or drawing is shown in the panel's ``output`` widget (as a
traceback) instead of vanishing; the panel keeps working.

The shape of every panel (CONTRIBUTING.md walks through adding one)
--------------------------------------------------------------------
A panel subclass's ``__init__`` calls ``super().__init__()``, adds its controls with
:meth:`Panel._add_control`, its one figure with :meth:`Panel._set_figure`, its texts with
:meth:`Panel._show`, and ends with :meth:`Panel._finish` (first render, layout). It implements
``_update(changed)``. Its function is registered in ``PANELS`` in ``nbkernel/widgets/__init__.py``.
"""

import contextlib
import re
import traceback

import ipywidgets as widgets

from ._engine import FigureView
from ._slider import Slider


class Panel(widgets.VBox):
    """A displayable slider panel (an ``ipywidgets.VBox``) with the parts tests can reach.

    Attributes
    ----------
    sliders : dict of str -> Slider (``_slider``: a number, whole-number or selection slider)
    controls : dict of str -> widget
        Every control with a ``value``: the sliders plus dropdowns, checkboxes...
    reset_button : ipywidgets.Button
    math : ipywidgets.HTML or None
        The live maths, with the current numbers substituted (HTML, see ``_maths``).
    output : ipywidgets.Output
        Where errors raised by the panel's callbacks are shown.
    view : FigureView
        The panel's one figure; ``view.image`` is the widget that shows it (``<img alt>``).
    plots : dict of str -> plot object (``nbkernel.plotting``)
        The plots drawn in that figure, by name.
    render_count : int
        Number of figure renders so far.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("nbkernel-panel")
        self.sliders = {}
        self.controls = {}
        self.plots = {}
        self.view = None
        self.math = None
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="Back to the starting values",
                                           layout=widgets.Layout(width="110px"))
        self._on_click(self.reset_button, self.reset)
        self._start = {}
        self._changed = set()
        self._dirty = False
        self._texts = {}
        self._hold = 0
        self._applying = False

    def __repr__(self):
        """Short text shown where the live panel cannot be (a stored notebook, a text view)."""
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(self).__name__).capitalize()
        return f"{name} (run the notebook's cells to use its sliders)"

    def _repr_mimebundle_(self, **kwargs):
        """The live widget, and for viewers without a kernel (GitHub, nbviewer, ``nbconvert``,
        the offline slides) a picture of the panel as it starts, with its alt text: they show
        the first kind of output they can, and live front ends choose the widget."""
        data = super()._repr_mimebundle_(**kwargs)
        data["text/html"] = self.view.static_html()
        return data

    # -- building --------------------------------------------------------------------------

    def _add_control(self, name, widget, slider=None):
        """Register a control; its changes call ``_update({name})``. Sliders go in ``sliders``."""
        self.controls[name] = widget
        if slider is None:
            slider = isinstance(widget, Slider)
        if slider:
            self.sliders[name] = widget
        self._start[name] = widget.value
        widget.observe(lambda change, name=name: self._on_change(name), names="value")
        return widget

    def _set_figure(self, factory):
        """Make the panel's figure with ``factory``; it is shown as ``view.widget``.

        ``factory()`` builds the figure from the panel's current values and returns
        ``(figure, plots_by_name, extra_artists)``: the plot objects go into ``plots``, the
        extra artists (added by the panel, e.g. a highlight) are redrawn on every update too.
        The "naive" render mode calls it again for every frame (the benchmarks' baseline).
        """
        figure, plots, extra = factory()
        self.view = FigureView(figure, plots.values(), factory=factory)
        if extra:
            self.view.add_artists(*extra)
        self.plots.update(plots)
        return self.view

    def _finish(self, *children):
        """End the constructor: draw the figure and lay out ``children`` above the errors."""
        self.render_all()
        self.children = [*children, self.output]

    @property
    def render_mode(self):
        """How the figure is rendered: "blit" (default), "full" or "naive" (see FigureView)."""
        return self.view.mode

    @render_mode.setter
    def render_mode(self, mode):
        if mode not in FigureView.MODES:
            raise ValueError(f"render_mode must be one of {FigureView.MODES}, got {mode!r}")
        self.view.mode = mode
        self.view.invalidate()

    # -- changes -----------------------------------------------------------------------------

    def _on_change(self, name):
        self._changed.add(name)
        if self._hold or self._applying:
            return  # applied at the end of the batch, or by the loop in _apply_changes
        self._apply()

    def _apply(self):
        self._apply_changes()
        self.flush()

    def _apply_changes(self):
        """Run ``_update`` for the recorded changes (again, if it changes controls itself)."""
        if self._applying:
            return
        self._applying = True
        try:
            for _ in range(10):  # _update may change controls (e.g. rewind Play); settle
                changed, self._changed = self._changed, set()
                if not changed:
                    break
                with self.capture_errors():
                    if self._update(changed) is not False:
                        self.view.note_update()
                        self._dirty = True
        finally:
            self._applying = False

    def _update(self, changed):
        """Recompute after ``changed`` (a set of control names); return False if the picture
        stays the same (only texts changed)."""
        raise NotImplementedError

    @contextlib.contextmanager
    def batch(self):
        """Change several controls at once: one update and one render at the end.

        Examples
        --------
        >>> with panel.batch():                       # doctest: +SKIP
        ...     panel.sliders["w1"].value = 1.0
        ...     panel.sliders["w2"].value = -1.0
        """
        self._hold += 1
        try:
            yield self
        finally:
            self._hold -= 1
            if not self._hold:
                self._apply()

    def _on_click(self, button, action):
        """Call ``action()`` when ``button`` is clicked; its errors are shown in ``output``.

        Examples
        --------
        >>> panel._on_click(panel.reset_button, panel.reset)  # doctest: +SKIP
        """
        def clicked(_button):
            with self.capture_errors():
                action()
        button.on_click(clicked)

    def _show(self, widget, value):
        """Set ``widget.value`` (maths, a table) once the figures are drawn (see 4. above)."""
        self._texts[widget] = value

    def flush(self):
        """Apply any pending change, render the figure if its data changed, write the texts."""
        self._render_pending()
        self._write_texts()

    def _render_pending(self):
        if self._changed and not self._hold:
            self._apply_changes()
        if self._dirty:
            self._dirty = False
            with self.capture_errors():
                self.view.render()

    def _write_texts(self):
        texts, self._texts = self._texts, {}
        for widget, value in texts.items():
            widget.value = value

    def render_all(self, full=False):
        """Render the figure now (``full=True``: redraw its background too)."""
        if full:
            self.view.invalidate()
        self._dirty = True
        self.flush()

    @property
    def render_count(self):
        return self.view.render_count

    # -- errors ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def capture_errors(self):
        """Show any exception raised in the block in ``output`` (as a traceback), then go on."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 - shown to the learner, not swallowed
            self.show_error(error)

    def show_error(self, error):
        """Append ``error`` with its traceback to ``output``."""
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        self.output.outputs = self.output.outputs + ({
            "output_type": "error", "ename": type(error).__name__, "evalue": str(error),
            "traceback": [line.rstrip("\n") for line in lines]},)

    # -- reset -------------------------------------------------------------------------------

    def reset(self):
        """Restore every control's starting value and redraw (also clears shown errors)."""
        self.output.outputs = ()
        with self.batch():
            for name, value in self._start.items():
                self.controls[name].value = value
            self._reset_state()
            self._changed.update(self.controls)
            self.view.invalidate()
            self._dirty = True

    def _reset_state(self):
        """Restore anything besides control values (e.g. a trained model). Override if needed."""
