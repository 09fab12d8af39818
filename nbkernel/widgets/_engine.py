"""The rendering engine: one matplotlib figure shown as a PNG ``<img alt>`` in a widget.

A :class:`FigureView` draws its figure with Agg and shows the encoded PNG as ``<img>`` in ``image``.
Redraws are cheap because only what changes is drawn again (blitting, as in matplotlib's
blitting tutorial):

1. The *base* is the figure drawn without any artist an update may change (the plots'
   ``artists`` and those the panel adds with :meth:`FigureView.add_artists`), nor any artist
   painted over one of them; it is kept with ``canvas.copy_from_bbox``. It is drawn at the first
   render and again when something in it changed: an Axes' limits or a static text (the view
   notices), or anything a caller marks with :meth:`FigureView.invalidate`.
2. The *background* is the base with the artists that do not change now drawn back over it. A
   plot that knows which of its ``artists`` an update changed lists them in
   ``plot.changed_artists`` (the network diagram does: moving one weight changes one edge and a
   few labels, not all fourteen); for a plot that does not, all its ``artists`` change. The
   background is made again when a different set of artists changes (the learner moved another
   slider), so a plot lists the same artists for every move of one control.
3. Every render restores the background (``restore_region``), draws the *dynamic* artists on top
   (``draw_artist``), then encodes the canvas buffer as PNG at a low compression level. The
   dynamic artists are the changing ones plus every artist a full draw paints over one of them
   where they may overlap, so the picture is exactly that of a full draw.
"""

import base64
import html
import io
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.axis import Axis
from matplotlib.collections import Collection
from matplotlib.lines import Line2D
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
        Plot objects (from ``nbkernel.plotting``) drawn in this figure; the ``artists`` an
        update changed (all of them, or those in ``changed_artists``) are redrawn, and their
        ``alt_text`` is the picture's alt text.
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
        self._base = None  # the figure without the artists that may change, nor what is above
        self._base_dynamic = []  # the artists the base leaves out, in draw order
        self._background_for = []  # the changed artists the background was made for
        self._dynamic = []  # those and the artists a full draw paints over them, in draw order
        self._pending = None  # the artists changed since the last render (None: not noted)

    def add_artists(self, *artists):
        """Mark further artists (made by the panel, e.g. a highlight) as changing on update."""
        self._extra_artists.extend(artists)
        self.invalidate()

    @property
    def alt_text(self):
        """The plots' one-sentence descriptions, joined."""
        return " ".join(plot.alt_text for plot in self.plots if getattr(plot, "alt_text", ""))

    def note_update(self):
        """Call after updating the plots: it notes which artists changed (a plot's
        ``changed_artists``, or all its ``artists``), and a plot that changed its static parts
        (its ``background_changed`` flag) makes the next render a full one."""
        if self._pending is None:
            self._pending = {}
        for plot in self.plots:
            changed = getattr(plot, "changed_artists", None)
            self._pending.update((id(a), a) for a in (plot.artists if changed is None
                                                      else changed))
        if any(getattr(plot, "background_changed", False) for plot in self.plots):
            self.invalidate()

    def invalidate(self):
        """Draw the whole figure again at the next render (after a change to static parts)."""
        self._background = None

    def render(self):
        """Draw the figure (blitting when possible), encode it and show it with its alt text."""
        if self.mode not in self.MODES:
            raise ValueError(f"mode must be one of {self.MODES}, got {self.mode!r}")
        changed = self._take_pending()
        if self.mode == "naive":
            return self._render_naive()
        if self.mode == "full":
            self.canvas.draw()
        else:
            if self._background is None or self._static_fingerprint() != self._fingerprint:
                self._draw_base()
                self._fingerprint = self._static_fingerprint()
                self._layer_background(changed or self._may_change())
            elif changed and _ids(changed) != _ids(self._background_for):
                self._layer_background(changed)  # another slider moved
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

    def _may_change(self):
        """Every artist an update may change: the plots' ``artists`` and the extra ones."""
        artists = []
        for plot in self.plots:
            artists.extend(plot.artists)
        return artists + self._extra_artists

    def _take_pending(self):
        """The artists changed since the last render, with the extra ones (all that may change
        when no update was noted); then start noting afresh."""
        pending, self._pending = self._pending, None
        may_change = self._may_change()
        if pending is None:
            return may_change
        current = _ids(may_change)  # not artists a plot has since removed
        return [a for a in pending.values() if id(a) in current] + self._extra_artists

    def _dynamic_artists(self, changing):
        """The changing artists plus every artist a full draw paints over one of them.

        An Axes paints its children in order of zorder (then of creation); an artist painted
        after a dynamic one, where it may overlap it, is dynamic too (so a label on a redrawn
        node is redrawn). Static artists away from them (a legend or colour bar beside the plot
        area) stay in the background. Returned in draw order, Axes by Axes. Positions must be
        settled (the figure laid out) before this is called.
        """
        renderer = self.canvas.get_renderer()
        by_parent = {}
        for artist in changing:
            parent = artist.axes if artist.axes is not None else artist.get_figure()
            by_parent.setdefault(id(parent), (parent, []))[1].append(artist)
        dynamic = []
        for parent, mine in sorted(by_parent.values(), key=lambda item: self._draw_rank(item[0])):
            ids = _ids(mine)
            frame = getattr(parent, "axison", False) and parent.get_frame_on()
            children = parent.get_children()
            inside = _ids(children)
            # changing artists drawn inside another child (a legend's texts) count from the start
            regions = [_region(a, renderer) for a in mine if id(a) not in inside]
            found = []
            for child in sorted(children, key=lambda a: a.get_zorder()):
                if (isinstance(child, Axis) or child is parent.patch
                        or child in self.figure.axes and parent is self.figure
                        or isinstance(child, Spine) and not frame):
                    continue  # ticks, other Axes, hidden frames: as a full draw does
                if id(child) in ids or regions and _overlaps(child, renderer, regions):
                    found.append(child)
                    regions.append(_region(child, renderer))
            seen = _ids(found)
            dynamic += found + [a for a in mine if id(a) not in seen]  # e.g. a legend's texts
        return dynamic

    def _draw_rank(self, parent):
        """Where a full draw paints an Axes (or the figure's own artists, last) among the rest."""
        axes = self.figure.axes
        return (0, parent.get_zorder(), axes.index(parent)) if parent in axes else (1, 0, 0)

    def _draw_base(self):
        """Draw everything no update changes (the figure without the dynamic artists of all the
        artists that may change) and keep the picture: the base of every background.

        Which artists are dynamic depends on where everything is, which only a draw settles; so
        the figure is drawn without the dynamic set worked out from the last draw's positions
        (at first, without the artists that may change), then the set is worked out again from
        the settled positions and, in the rare case it differs, the figure is drawn again.
        """
        everything = self._may_change()
        dynamic = self._dynamic_artists(everything) if self._base_dynamic else everything
        for _ in range(3):  # once when positions hold; again when the draw moved something
            left_out = dynamic
            self._base = self._draw_without(left_out)
            dynamic = self._dynamic_artists(everything)
            if _ids(dynamic) == _ids(left_out):
                break
        self._base_dynamic = dynamic if _ids(dynamic) == _ids(left_out) else left_out

    def _layer_background(self, changed):
        """Make the background for these changed artists without a full draw: the base, with
        the artists it left out that are not dynamic now drawn over it in draw order."""
        if _ids(changed) == _ids(self._may_change()):
            dynamic = self._base_dynamic  # all may change: what the base leaves out, as worked out
        else:
            dynamic = self._dynamic_artists(changed)
        if not _ids(dynamic) <= _ids(self._base_dynamic):
            self._draw_base()  # an artist grew over one the base holds since it was drawn
            dynamic = self._dynamic_artists(changed)
        now = _ids(dynamic)
        self.canvas.restore_region(self._base)
        for artist in self._base_dynamic:
            if id(artist) not in now and artist.get_visible():
                self.figure.draw_artist(artist)
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._background_for, self._dynamic = list(changed), dynamic

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
        """What the background depends on that an update might change without saying so: limits,
        and the texts that are not among the plots' ``artists``."""
        dynamic = _ids(self._may_change())
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
_NO_MARKER = ("None", "none", "", " ", None)
_WIDEST_LINE_PT = 6.0  # the widest line the course's plots draw (plotting.weight_style's edges)


def _ids(artists):
    return {id(a) for a in artists}


def _region(artist, renderer):
    """Where a changing artist can paint: its clip box, a plain line's path (with the half
    width and slack that an artist's extent must come within), or its extent plus slack."""
    clip_box = artist.get_clip_box() if artist.get_clip_on() else None
    if clip_box is not None:
        return Bbox(clip_box.get_points())
    try:
        extent = artist.get_window_extent(renderer)
    except Exception:  # noqa: BLE001 - unknown extent: assume it may paint anywhere
        return None
    if isinstance(artist, Line2D) and artist.get_marker() in _NO_MARKER:
        # A plain line (a network's edge) paints along its path, not over its whole bounding box,
        # which for a diagonal edge covers the labels of every other edge; as wide as it may
        # grow while it is dragged.
        path = artist.get_transform().transform_path(artist.get_path())
        width = renderer.points_to_pixels(max(artist.get_linewidth(), _WIDEST_LINE_PT))
        return path, width / 2 + _SLACK
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
    return any(extent.overlaps(region) if isinstance(region, Bbox)
               else region[0].intersects_bbox(extent.padded(region[1]), filled=False)
               for region in regions)
