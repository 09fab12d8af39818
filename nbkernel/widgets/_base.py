"""The base class every slider panel builds on: controls, figures, live maths, errors, Reset.

How a change flows through a panel
----------------------------------
1. A control's ``value`` changes (the learner drags a slider, or code sets ``.value``).
2. The observer records the control's name and, unless the panel is inside :meth:`Panel.batch`,
   calls the panel's ``_update(changed)`` at once. That method does the cheap part: the maths,
   ``plot.update(...)`` on the plot objects, the HTMLMath text (passed to :meth:`Panel._show`),
   and returns the names of the figures that must be drawn again (only those the change affects).
3. Drawing (the expensive part) is requested with :meth:`Panel._request_render`. A value sent
   by the browser (the learner moved a slider) is drawn at once, inside the kernel's handler of
   that message, and so is what a button's click changes (Step, a preset, Reset: every button
   is wired with :meth:`Panel._on_click`). A change made by code inside a running kernel (a
   loop in a cell) is *deferred* to the event loop with ``loop.call_soon``, so several changes
   made in one go cost one render of each figure, drawing the latest values: stale values are
   never drawn (presets and Reset use :meth:`Panel.batch`, which renders once at its end either
   way). Without a running event loop (tests, scripts) the render happens immediately, so
   tests are deterministic; :meth:`Panel.flush` renders anything pending at once in every case.
4. The texts given to :meth:`Panel._show` (and the figures' alt-text captions) are assigned
   ``TEXT_DELAY`` after the last render, so the browser gets the new images first and paints
   them before it typesets the maths (MathJax takes 15-40 ms of its main thread, which would
   hold back the new pixels). During a fast drag or a held key the texts wait for a pause (at
   most ``TEXT_MAX_DELAY``) and are typeset with the latest numbers only, so the browser keeps
   up with the pictures. Without a running event loop, and in :meth:`Panel.flush`, they are
   assigned at once.

Why the browser's values are drawn at once: ipykernel 7 handles each widget ``comm_msg`` as its
own task on the main thread's asyncio loop and reports the kernel idle when the handler returns;
the ipywidgets front end keeps at most one update per widget in flight and merges the values that
arrive meanwhile into one message, sent when that idle status comes back. So a held arrow key or
a drag never piles up messages in the kernel, there is nothing to merge, and drawing inside the
handler sends the image before the idle status instead of after it (measured through a real
kernel, ``benchmarks/bench_panels_kernel.py --kernel``: about 1-2 ms less per move). A value
comes from the browser when ipywidgets applies it under the widget's property lock (its
``_property_lock``, set while ``set_state`` runs). A click is drawn at once for the same reason:
the training panel's Step, drawn at the next turn of the loop instead, reached the browser
after the idle status, and 12-14 ms later from the kernel's busy status to the new image (53.2
and 49.6 ms against 40.7 and 35.8; ``benchmarks/bench_browser.py`` on notebook 07, two rounds of
before and after; the weights panel's sliders in the same runs: 28.7 and 30.0 ms against 31.7
and 27.6).

Messages sent to the kernel by other means (several widgets changed at once, scripts) are
handled one per turn of the event loop, each drawing a frame; the browser never sends such a
burst for one slider, which is what the panels are built for.

Any exception raised while updating or drawing is shown in the panel's ``output`` widget (as a
traceback) instead of vanishing; the panel keeps working.
"""

import asyncio
import contextlib
import re
import traceback

import ipywidgets as widgets

from ._engine import FigureView

#: The maths and other texts are assigned this long (s) after the last figure drawn, and at
#: most ``TEXT_MAX_DELAY`` after the first pending one (a long drag still updates them).
#: During a drag or a held key the frames come one browser round trip apart; a delay longer
#: than that keeps the typesetting (15-40 ms of the browser's main thread) out of the hold, and
#: the maths is typeset once, with the last numbers. The round trip is 30-60 ms on a laptop but
#: can pass 100 ms to a remote hub or Binder, hence 0.25 s. The maths follows the picture by
#: this much: on a laptop it appears 288-317 ms after a key (158-166 ms with 0.1 s, pictures
#: unchanged; notebooks 01 and 08). Before the server extension (serverextension/) removed
#: Nagle's 40 ms holds, 0.1 s let typesetting into a held key and delayed its last picture
#: (network panel: 211-224 ms from the last key, against 129-137 ms with 0.25 s).
TEXT_DELAY = 0.25
TEXT_MAX_DELAY = 0.5


class Panel(widgets.VBox):
    """A displayable slider panel (an ``ipywidgets.VBox``) with the parts tests can reach.

    Attributes
    ----------
    sliders : dict of str -> ipywidgets.FloatSlider (or other numeric slider)
    controls : dict of str -> widget
        Every control with a ``value``: the sliders plus dropdowns, checkboxes...
    reset_button : ipywidgets.Button
    math : ipywidgets.HTMLMath or None
        The live maths, with the current numbers substituted.
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
        self._clicks = 0
        self._applying = False
        self._handle = None
        self._text_handle = None
        self._text_deadline = None
        self.defer_rendering = True

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
        # a value from the browser (applied under ipywidgets' property lock) is drawn at once,
        # and so is what a button's click changes (see _on_click)
        self._apply(at_once=bool(self._clicks
                                 or getattr(self.controls[name], "_property_lock", None)))

    def _apply(self, at_once=False):
        self._apply_changes()
        self._request_render(at_once)

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
                self._apply(at_once=bool(self._clicks))

    def _on_click(self, button, action):
        """Call ``action()`` when ``button`` is clicked. A click comes from the browser, so what
        the action changes is drawn at once, inside the kernel's handler of the click, as a
        slider's value from the browser is; its errors are shown in ``output``.

        Examples
        --------
        >>> panel._on_click(panel.reset_button, panel.reset)  # doctest: +SKIP
        """
        def clicked(_button):
            self._clicks += 1
            try:
                with self.capture_errors():
                    action()
            finally:
                self._clicks -= 1
        button.on_click(clicked)

    def _event_loop(self):
        """The running event loop of this thread when rendering is deferred, else None."""
        if not self.defer_rendering:
            return None
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    def _show(self, widget, value):
        """Set ``widget.value`` (maths, a table) after the figures are drawn (see 4. above)."""
        self._texts[widget] = value

    def _request_render(self, at_once=False):
        """Draw now (no event loop) or soon (code in a running kernel); with ``at_once`` (a
        value from the browser) draw now and leave the texts to the loop."""
        if not (self._dirty or self._texts) or self._hold:
            return
        loop = self._event_loop()
        if loop is None:
            self.flush()
        elif at_once:
            self._flush_from_loop()
        elif self._handle is None:
            self._handle = loop.call_soon(self._flush_from_loop)

    def _flush_from_loop(self):
        self._render_pending()  # also drops the call_soon handle, if one is pending
        if self._texts:  # texts wait for a pause in the changes, but not longer than a cap
            loop = asyncio.get_running_loop()
            if self._text_handle is None:
                self._text_deadline = loop.time() + TEXT_MAX_DELAY
            else:
                self._text_handle.cancel()
            self._text_handle = loop.call_at(min(loop.time() + TEXT_DELAY, self._text_deadline),
                                             self._write_texts)

    def flush(self):
        """Apply any pending change, render every figure whose data changed, write the texts."""
        self._render_pending()
        self._write_texts()

    def _render_pending(self):
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        if self._changed and not self._hold:
            self._apply_changes()
        dirty, self._dirty = self._dirty, set()
        for name in self.views:  # in display order
            if name in dirty:
                with self.capture_errors():
                    self.views[name].render()
                    self._show(self.views[name].caption, self.views[name].caption_html)

    def _write_texts(self):
        if self._text_handle is not None:
            self._text_handle.cancel()
            self._text_handle = None
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
