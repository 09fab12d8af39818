"""The rendering engine: one matplotlib figure shown as a PNG ``<img alt>`` in a widget.

A :class:`FigureView` draws its figure with Agg and shows the encoded PNG as ``<img>`` in ``image``.
Redraws are cheap because only what moves is drawn again (blitting):

1. the first render, and any render after :meth:`FigureView.invalidate`, draws the figure
   without the *dynamic* artists and keeps that picture (the background) with
   ``canvas.copy_from_bbox``;
2. every later render restores the background and draws just the dynamic artists on top
   (``restore_region`` + ``draw_artist``, as in matplotlib's blitting tutorial), then encodes
   the canvas buffer as PNG at a low compression level (fast, and the images are small anyway).

The dynamic artists are those the plots list in ``plot.artists``, the ones the panel adds with
:meth:`FigureView.add_artists`, and every other artist of the same Axes that lies above them
(higher zorder) where they may overlap, so the stacking order is exactly that of a full draw.

If anything drawn in the background changed (an Axes' limits or a static text), the view notices
and draws a fresh background; callers that change other static parts call ``invalidate()``.
"""

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.axis import Axis
from matplotlib.collections import Collection
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ..plotting.png import encode_png

PNG_COMPRESS_LEVEL = 1  # zlib level 1: the fastest, and plots stay small (10-35 KiB)


class FigureView:
    """A figure, the plots drawn in it and the widget that shows it as a PNG with its alt text.

    The picture is an ``<img alt="...">`` in an ``ipywidgets.HTML``: the alt text, which says
    what the picture shows with its current numbers, travels with the picture it describes
    (``ipywidgets.Image`` has no alt text, and its tooltip breaks its view in ipywidgets 8.1).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Not registered with pyplot; it gets an Agg canvas if it has none.
    plots : sequence
        Plot objects (from ``nbkernel.plotting``) drawn in this figure; their ``artists`` are
        redrawn on every render and their ``alt_text`` is the picture's alt text.
    factory : callable, optional
        Makes the figure afresh from the panel's current values, returning
        ``(figure, plots_by_name, extra_artists)``; used by the "naive" mode.
    mode : {"blit", "full", "naive"}
        How ``render`` works: "blit" redraws only the dynamic artists over a cached background
        (the default, fastest); "full" redraws the whole figure; "naive" re-creates the figure
        with ``factory`` and saves it with ``savefig(bbox_inches="tight")`` at the default PNG
        compression, like a plain ``interact`` callback would (the benchmarks' baseline).
    compress_level : int
        zlib level of the "blit" and "full" modes' PNGs.

    Attributes
    ----------
    image : ipywidgets.HTML
        The ``<img>``; also ``widget``, what a panel puts in its layout.
    render_count : int
        How many times the figure was rendered (the tests and benchmarks read it).
    """

    MODES = ("blit", "full", "naive")

    def __init__(self, figure, plots=(), factory=None, mode="blit",
                 compress_level=PNG_COMPRESS_LEVEL):
        self.figure = figure
        if not isinstance(figure.canvas, FigureCanvasAgg):
            FigureCanvasAgg(figure)
        self.canvas = figure.canvas
        self.plots = list(plots)
        self.factory = factory
        self.mode = mode
        self.compress_level = compress_level
        self.image = widgets.HTML()
        self.image.add_class("nbkernel-figure")
        self.widget = self.image
        self.render_count = 0
        self._png = b""
        self._extra_artists = []
        self._background = None
        self._fingerprint = None
        self._dynamic = []

    def add_artists(self, *artists):
        """Mark further artists (made by the panel, e.g. a highlight) as changing on update."""
        self._extra_artists.extend(artists)
        self.invalidate()

    @property
    def alt_text(self):
        """The plots' one-sentence descriptions, joined."""
        return " ".join(plot.alt_text for plot in self.plots if getattr(plot, "alt_text", ""))

    def note_update(self):
        """Call after updating the plots: a plot that changed its static parts (its
        ``background_changed`` flag) makes the next render a full one."""
        if any(getattr(plot, "background_changed", False) for plot in self.plots):
            self.invalidate()

    def invalidate(self):
        """Draw the whole figure again at the next render (after a change to static parts)."""
        self._background = None

    def render(self):
        """Draw the figure (blitting when possible), encode it and show it with its alt text."""
        if self.mode not in self.MODES:
            raise ValueError(f"mode must be one of {self.MODES}, got {self.mode!r}")
        if self.mode == "naive":
            return self._render_naive()
        if self.mode == "full":
            self.canvas.draw()
        else:
            if self._background is None or self._static_fingerprint() != self._fingerprint:
                self._draw_background()
                self._fingerprint = self._static_fingerprint()
            self.canvas.restore_region(self._background)
            for artist in self._dynamic:
                if artist.get_visible():
                    self.figure.draw_artist(artist)
        return self._show(encode_png(self.canvas.buffer_rgba(), self.compress_level))

    def _show(self, png):
        self._png = png
        self.image.value = self._img(png)
        self.render_count += 1
        return png

    def _img(self, png):
        """``<img>`` markup for PNG bytes, with the alt text; ``decoding="sync"`` keeps the old
        picture on screen until the new one is decoded (no flicker while dragging)."""
        width, height = self.canvas.get_width_height()
        data = base64.b64encode(png).decode("ascii")
        return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(self.alt_text)}" '
                f'width="{width}" height="{height}" decoding="sync" '
                'style="max-width:100%;height:auto;display:block">')

    def _render_naive(self):
        if self.factory is None:
            raise ValueError("the naive mode needs a factory that makes the figure afresh")
        figure, plots, _ = self.factory()
        out = io.BytesIO()
        figure.savefig(out, format="png", bbox_inches="tight")
        return self._show(out.getvalue())

    @property
    def shown_alt_text(self):
        """The alt text of the picture on screen (what a screen reader reads)."""
        match = re.search(r'alt="([^"]*)"', self.image.value)
        return html.unescape(match[1]) if match else ""

    def png(self):
        """The PNG bytes on screen (what the learner sees)."""
        return self._png

    def static_html(self):
        """The picture as drawn now, compressed for storing, as ``<img>`` with its alt text
        (the panel's display for viewers without a kernel)."""
        return self._img(encode_png(self.canvas.buffer_rgba(), 9))

    # -- blitting ------------------------------------------------------------------------------

    def _changing_artists(self):
        artists = []
        for plot in self.plots:
            artists.extend(plot.artists)
        artists.extend(self._extra_artists)
        return artists

    def _dynamic_artists(self):
        """The changing artists plus the artists stacked above them that they may overlap.

        Returned in draw order (zorder, then the order of creation). Static artists above the
        changing ones but away from them (a legend or colour bar beside the plot area) stay in
        the background. Positions must be settled (the figure laid out) before this is called.
        """
        changing = self._changing_artists()
        ids = {id(a) for a in changing}
        renderer = self.canvas.get_renderer()
        regions = [_region(artist, renderer) for artist in changing]
        dynamic = list(changing)
        containers = {}
        for artist in changing:
            parent = artist.axes if artist.axes is not None else artist.get_figure()
            lowest = containers.get(id(parent), (parent, artist.get_zorder()))[1]
            containers[id(parent)] = (parent, min(lowest, artist.get_zorder()))
        for parent, lowest in containers.values():
            frame = getattr(parent, "axison", False) and parent.get_frame_on()
            for child in parent.get_children():
                if (id(child) in ids or isinstance(child, Axis) or child is parent.patch
                        or child in self.figure.axes and parent is self.figure
                        or isinstance(child, Spine) and not frame):
                    continue  # ticks, other Axes, hidden frames: as a full draw does
                if child.get_zorder() >= lowest and _overlaps(child, renderer, regions):
                    dynamic.append(child)
                    ids.add(id(child))
        order = {id(a): i for i, a in enumerate(dynamic)}
        return sorted(dynamic, key=lambda a: (a.get_zorder(), order[id(a)]))

    def _draw_background(self):
        """Draw everything except the dynamic artists and keep the picture.

        Which artists are dynamic depends on where everything is, which only a draw settles; so
        the figure is drawn without the artists that were dynamic last time (at first, without
        the changing ones), then the dynamic set is worked out from the settled positions and,
        in the rare case it differs, the figure is drawn again without that set.
        """
        dynamic = self._dynamic or self._changing_artists()
        for _ in range(3):
            self._background = self._draw_without(dynamic)
            settled = self._dynamic_artists()
            if {id(a) for a in settled} == {id(a) for a in dynamic}:
                break
            dynamic = settled
        self._dynamic = settled

    def _draw_without(self, artists):
        """Draw the figure without ``artists`` (marked ``animated``, which a canvas draw skips;
        hiding them instead would move the Axes titles); return the picture."""
        flags = [(a, a.get_animated()) for a in artists]
        try:
            for artist, _ in flags:
                artist.set_animated(True)
            self.canvas.draw()
            return self.canvas.copy_from_bbox(self.figure.bbox)
        finally:
            for artist, was_animated in flags:
                artist.set_animated(was_animated)

    def _static_fingerprint(self):
        """What the background depends on that an update might change: limits, static texts."""
        dynamic = {id(a) for a in self._dynamic}
        parts = [tuple(self.figure.get_size_inches()), self.figure.dpi]
        for ax in self.figure.axes:
            parts.append((ax.get_xlim(), ax.get_ylim(), ax.get_visible()))
            texts = [c for c in ax.get_children() if isinstance(c, Text)]
            texts += [ax.xaxis.label, ax.yaxis.label]
            legend = ax.get_legend()
            if legend is not None:
                texts += legend.get_texts()
            for text in texts:
                if id(text) not in dynamic:
                    parts.append((text.get_text(), text.get_visible()))
        for text in self.figure.texts:
            if id(text) not in dynamic:
                parts.append((text.get_text(), text.get_visible()))
        return tuple(parts)


_SLACK = 4.0  # pixels around a moving artist that count as its area


def _region(artist, renderer):
    """Where a changing artist can paint: its clip box, or its current extent plus slack."""
    clip_box = artist.get_clip_box() if artist.get_clip_on() else None
    if clip_box is not None:
        return Bbox(clip_box.get_points())
    try:
        extent = artist.get_window_extent(renderer)
    except Exception:  # noqa: BLE001 - unknown extent: assume it may paint anywhere
        return None
    if not np.all(np.isfinite(extent.get_points())) and isinstance(artist, Collection) \
            and artist.axes is not None:
        # An unclipped collection drawn in data coordinates reports no window extent; its
        # data limits, in pixels, plus room for its markers, say where it paints.
        transform = artist.axes.transData
        return artist.get_datalim(transform).transformed(transform).padded(2 * _SLACK)
    return extent.padded(_SLACK)


def _overlaps(artist, renderer, regions):
    """Whether ``artist`` may overlap any of the regions (None = anywhere)."""
    if any(region is None for region in regions):
        return True
    try:
        extent = artist.get_window_extent(renderer)
    except Exception:  # noqa: BLE001 - unknown extent: redraw it to be safe
        return True
    if not (np.all(np.isfinite(extent.get_points()))):
        return True
    return any(extent.overlaps(region) for region in regions)
