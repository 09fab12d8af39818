"""The base class every slider panel builds on: controls, figures, live maths, errors, Reset.

How a change flows through a panel
----------------------------------
1. A control's ``value`` changes (the learner drags a slider, or code sets ``.value``).
2. The observer records the control's name and, unless the panel is inside :meth:`Panel.batch`,
   calls the panel's ``_update(changed)`` at once. That method does the cheap part: the maths,
   ``plot.update(...)`` on the plot objects, the texts (passed to :meth:`Panel._show`), and
   returns the names of the figures that must be drawn again (only those the change affects).
3. The figures that changed are drawn at once, inside the observer: a value sent by the browser
   (the learner moved a slider or clicked a button) is drawn inside the kernel's handler of that
   message, so the new image leaves the kernel before its idle status, and the front end, which
   keeps one update per widget in flight and merges the values that arrive meanwhile, never
   piles up messages in the kernel. Code that changes several controls uses :meth:`Panel.batch`
   (presets and Reset do), which draws once, at its end.
4. Then the texts given to :meth:`Panel._show` (the live maths, tables and the figures'
   alt-text captions) are assigned, so the new images are the first messages to leave. The
   maths is plain HTML (``_maths``): the browser swaps its text with no typesetting, so it is
   written with every frame.

Any exception raised while updating or drawing is shown in the panel's ``output`` widget (as a
traceback) instead of vanishing; the panel keeps working.
"""

import contextlib
import re
import traceback

import ipywidgets as widgets

from ._engine import FigureView


class Panel(widgets.VBox):
    """A displayable slider panel (an ``ipywidgets.VBox``) with the parts tests can reach.

    Attributes
    ----------
    sliders : dict of str -> ipywidgets.FloatSlider (or other numeric slider)
    controls : dict of str -> widget
        Every control with a ``value``: the sliders plus dropdowns, checkboxes...
    reset_button : ipywidgets.Button
    math : ipywidgets.HTML or None
        The live maths, with the current numbers substituted (HTML, see ``_maths``).
    output : ipywidgets.Output
        Where errors raised by the panel's callbacks are shown.
    images : dict of str -> ipywidgets.Image
    plots : dict of str -> plot object (``nbkernel.plotting``)
    views : dict of str -> FigureView
        The figure behind each image (``views[name].image is images[name]``).
    render_count : int
        Total number of figure renders so far.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("nbkernel-panel")
        self.sliders = {}
        self.controls = {}
        self.images = {}
        self.plots = {}
        self.views = {}
        self.math = None
        self.output = widgets.Output(layout=widgets.Layout(width="100%"))
        self.reset_button = widgets.Button(description="Reset", icon="undo",
                                           tooltip="Back to the starting values",
                                           layout=widgets.Layout(width="110px"))
        self._on_click(self.reset_button, self.reset)
        self._start = {}
        self._changed = set()
        self._dirty = set()
        self._texts = {}
        self._hold = 0
        self._applying = False

    def __repr__(self):
        """Short text shown where the live panel cannot be (a stored notebook, a text view)."""
        name = re.sub(r"(?<!^)(?=[A-Z])", " ", type(self).__name__).capitalize()
        return f"{name} (run the notebook's cells to use its sliders)"

    # -- building --------------------------------------------------------------------------

    def _add_control(self, name, widget, slider=None):
        """Register a control; its changes call ``_update({name})``. Sliders go in ``sliders``."""
        self.controls[name] = widget
        if slider is None:
            slider = isinstance(widget, (widgets.FloatSlider, widgets.IntSlider))
        if slider:
            self.sliders[name] = widget
        self._start[name] = widget.value
        widget.observe(lambda change, name=name: self._on_change(name), names="value")
        return widget

    def _add_figure(self, name, factory):
        """Make a figure with ``factory`` and show it as image ``name``.

        ``factory()`` builds the figure from the panel's current values and returns
        ``(figure, plots_by_name, extra_artists)``: the plot objects go into ``plots``, the
        extra artists (added by the panel, e.g. a highlight) are redrawn on every update too.
        """
        figure, plots, extra = factory()
        view = FigureView(figure, plots.values(), factory=factory)
        if extra:
            view.add_artists(*extra)
        self.views[name] = view
        self.images[name] = view.image
        self.plots.update(plots)
        return view

    @property
    def render_mode(self):
        """How figures are rendered: "blit" (default), "full" or "naive" (see FigureView)."""
        modes = {view.mode for view in self.views.values()}
        return modes.pop() if len(modes) == 1 else modes

    @render_mode.setter
    def render_mode(self, mode):
        if mode not in FigureView.MODES:
            raise ValueError(f"render_mode must be one of {FigureView.MODES}, got {mode!r}")
        for view in self.views.values():
            view.mode = mode
            view.invalidate()

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
                    views = set(self._update(changed) or ())
                    for name in views:
                        self.views[name].note_update()
                    self._dirty.update(views)
        finally:
            self._applying = False

    def _update(self, changed):
        """Recompute after ``changed`` (a set of control names); return views to redraw."""
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
        """Apply any pending change, render every figure whose data changed, write the texts."""
        self._render_pending()
        self._write_texts()

    def _render_pending(self):
        if self._changed and not self._hold:
            self._apply_changes()
        dirty, self._dirty = self._dirty, set()
        for name in self.views:  # in display order
            if name in dirty:
                with self.capture_errors():
                    self.views[name].render()
                    self._show(self.views[name].caption, self.views[name].caption_html)

    def _write_texts(self):
        texts, self._texts = self._texts, {}
        for widget, value in texts.items():
            widget.value = value

    def render_all(self, full=False):
        """Render every figure now (``full=True``: redraw backgrounds too)."""
        for view in self.views.values():
            if full:
                view.invalidate()
        self._dirty.update(self.views)
        self.flush()

    @property
    def render_count(self):
        return sum(view.render_count for view in self.views.values())

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
            for view in self.views.values():
                view.invalidate()
            self._dirty.update(self.views)

    def _reset_state(self):
        """Restore anything besides control values (e.g. a trained model). Override if needed."""
