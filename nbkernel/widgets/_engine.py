"""The rendering engine: one matplotlib figure shown as PNG bytes in an ``ipywidgets.Image``.

A :class:`FigureView` draws its figure with Agg and assigns the encoded PNG to ``image.value``.
Redraws are cheap because only what moves is drawn again (blitting):

1. the first render, and any render after :meth:`FigureView.invalidate`, draws the figure
   without the *dynamic* artists and keeps that picture (the background) with
   ``canvas.copy_from_bbox``;
2. every later render restores the background and draws just the dynamic artists on top
   (``restore_region`` + ``draw_artist``), then encodes the canvas buffer as PNG at a low
   compression level (fast, and the images are small anyway), deflating again only the bands
   of rows that changed since the last frame (``nbkernel.plotting.png.FrameEncoder``).

The dynamic artists are those the plots list in ``plot.artists``, the ones the panel adds with
:meth:`FigureView.add_artists`, and every other artist of the same Axes that lies above them
(higher zorder) where they may overlap, so the stacking order is exactly that of a full draw.

If anything drawn in the background changed (an Axes' limits or a static text), the view notices
and draws a fresh background; callers that change other static parts call ``invalidate()``.

Text is most of what a frame draws (values on bars, nodes, edges), and matplotlib 3.11's Agg
renderer lays every string out and rasterises every glyph again on every draw. Each view's
renderer therefore remembers the layout of the strings, the boxes of the changing texts and the
bitmaps of the glyphs it has drawn (:class:`TextLayoutCache`), placing them exactly where
matplotlib would, so the pixels are the same.
"""

import html
import io
import math
import re

import ipywidgets as widgets
import numpy as np
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, get_hinting_flag
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import RenderMode
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ..plotting.png import FrameEncoder

PNG_COMPRESS_LEVEL = 1  # zlib level 1: the fastest, and plots stay small (10-35 KiB)


class TextLayoutCache:
    """Wraps a RendererAgg's ``draw_text`` so text costs little more than copying pixels.

    Each (string, font, dpi) is laid out only once, and each glyph is rasterised only once per
    (font, size, angle, sub-pixel position): FreeType draws a glyph moved by whole pixels as the
    same bitmap moved by those pixels, so the cached bitmap is placed where matplotlib's own
    ``RendererAgg._draw_text_glyphs_and_boxes`` would have drawn it, with the same pixels.

    Uses matplotlib 3.11's ``RendererAgg._prepare_font``, ``FT2Font._layout``,
    ``FT2Font._set_transform``, ``FT2Font._render_glyph`` and ``Text._get_layout``;
    :meth:`install` leaves a renderer untouched when the first four are missing (another
    matplotlib).
    """

    MAX_ENTRIES = 4096

    def __init__(self, renderer):
        self.renderer = renderer
        self.draw_text_uncached = renderer.draw_text
        self.layouts = {}
        self.glyphs = {}
        self.text_boxes = {}

    @classmethod
    def install(cls, renderer):
        """Wrap ``renderer.draw_text`` (once); return the cache, or None if not possible."""
        cache = getattr(renderer, "_nbkernel_text_cache", None)
        if cache is not None:
            return cache
        needed = ("_prepare_font", "_renderer", "height", "dpi")
        if not all(hasattr(renderer, name) for name in needed):
            return None
        font = renderer._prepare_font(FontProperties())
        if not all(hasattr(font, name) for name in ("_layout", "_set_transform",
                                                    "_render_glyph")):
            return None
        cache = cls(renderer)
        renderer._nbkernel_text_cache = cache
        renderer.draw_text = cache.draw_text
        return cache

    def text_box(self, text, uncached):
        """``text._get_layout(self.renderer)``, worked out once per :func:`_box_key`."""
        key = _box_key(text)
        layout = self.text_boxes.get(key)
        if layout is None:
            if len(self.text_boxes) >= self.MAX_ENTRIES:
                self.text_boxes.clear()
            layout = self.text_boxes[key] = uncached(self.renderer)
        bbox, lines, box = layout
        return bbox.frozen(), lines, box

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return self.draw_text_uncached(gc, x, y, s, prop, angle, ismath, mtext)
        features = mtext.get_fontfeatures() if mtext is not None else None
        language = mtext.get_language() if mtext is not None else None
        renderer = self.renderer
        key = (s, prop, renderer.dpi, features, language)
        items = self.layouts.get(key)
        if items is None:
            if len(self.layouts) >= self.MAX_ENTRIES:
                self.layouts.clear()
            font = renderer._prepare_font(prop)
            items = self.layouts[key] = [
                (item.ft_object, item.glyph_index, item.x, item.y)
                for item in font._layout(s, flags=get_hinting_flag(), features=features,
                                         language=language)]
        self._draw_glyphs(gc, x, y, angle, items, prop.get_size_in_points())
        return None

    def _draw_glyphs(self, gc, x, y, angle, items, size):
        """Draw laid-out glyphs as ``RendererAgg._draw_text_glyphs_and_boxes`` does (``y`` is
        downwards, glyph offsets upwards), each bitmap rendered once."""
        renderer = self.renderer
        cos, sin = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        height = renderer.height
        antialiased = gc.get_antialiased()
        if len(self.glyphs) >= self.MAX_ENTRIES:
            self.glyphs.clear()
        for font, glyph_index, dx, dy in items:
            # the pen position in FreeType's 1/64 pixels, y upwards, as matplotlib computes it
            pen_x = round(0x40 * (x + dx * cos - dy * sin))
            pen_y = round(0x40 * (height - y + dx * sin + dy * cos))
            key = (font, size, renderer.dpi, glyph_index, angle, pen_x & 0x3F, pen_y & 0x3F,
                   antialiased)
            glyph = self.glyphs.get(key)
            if glyph is None:
                glyph = self.glyphs[key] = _render_glyph(
                    font, size, renderer.dpi, glyph_index, cos, sin,
                    (pen_x & 0x3F, pen_y & 0x3F), antialiased)
            bitmap, left, top = glyph
            renderer._renderer.draw_text_image(
                bitmap, left + (pen_x >> 6),
                int(height) - (top + (pen_y >> 6)) + bitmap.shape[0], 0, gc)


def reuse_text_boxes(text):
    """Make ``text`` (a matplotlib ``Text``) reuse its box layout when a renderer with a
    :class:`TextLayoutCache` draws it.

    matplotlib 3.11 works out a text's box (``Text._get_layout``: font metrics, line sizes,
    alignment, all relative to the anchor point) on every draw, twice with a frame around the
    text. That layout depends only on the string and the properties in :func:`_box_key`, so the
    cache keeps it per key. Other renderers (e.g. a ``savefig``) get matplotlib's own method.
    """
    if "_get_layout" in vars(text):
        return
    uncached = text._get_layout

    def get_layout(renderer):
        cache = getattr(renderer, "_nbkernel_text_cache", None)
        if cache is None or text.get_wrap() or text.get_usetex():
            return uncached(renderer)
        return cache.text_box(text, uncached)

    text._get_layout = get_layout


def _box_key(text):
    """Everything ``Text._get_layout`` (matplotlib 3.11) reads besides the renderer."""
    prop = text.get_fontproperties()
    font = (tuple(prop.get_family()), prop.get_slant(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size(), prop.get_file(), prop.get_math_fontfamily())
    return (text.get_text(), font, text.get_figure(root=True).dpi, text.get_parse_math(),
            text.get_linespacing(), text._get_multialignment(), text.get_rotation(),
            text.get_rotation_mode(), text.get_horizontalalignment(),
            text.get_verticalalignment())


def _render_glyph(font, size, dpi, glyph_index, cos, sin, subpixel, antialiased):
    """One glyph's coverage bitmap drawn at a sub-pixel pen position (1/64 px, within one
    pixel), with its left and top edges in pixels from that position."""
    font.set_size(size, dpi)
    font._set_transform((0x10000 * np.array([[cos, -sin], [sin, cos]])).round().astype(int),
                        list(subpixel))
    bitmap = font._render_glyph(glyph_index, get_hinting_flag(),
                                RenderMode.NORMAL if antialiased else RenderMode.MONO)
    pixels = np.array(bitmap.buffer)  # a copy: FreeType reuses its glyph slot
    if not antialiased:
        pixels *= 0xFF
    return pixels, bitmap.left, bitmap.top


class FigureView:
    """A figure, the plots drawn in it and the ``ipywidgets.Image`` that shows it.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        Not registered with pyplot; it gets an Agg canvas if it has none.
    plots : sequence
        Plot objects (from ``nbkernel.plotting``) drawn in this figure; their ``artists`` are
        redrawn on every render and their ``alt_text`` goes in the image's caption.
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
    image : ipywidgets.Image
    encoder : nbkernel.plotting.png.FrameEncoder
        Encodes each frame, reusing the deflated rows that did not change.
    caption : ipywidgets.HTML
        The plots' alt text, for screen readers only (1 pixel, clipped).
    widget : ipywidgets.Box
        The image and its caption: what a panel puts in its layout.
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
        self.encoder = FrameEncoder(compress_level)
        self.image = widgets.Image(format="png")
        self.image.add_class("nbkernel-figure")
        # The alt text, for screen readers: Image widgets have no alt attribute, and a tooltip on
        # an Image breaks its view in ipywidgets 8.1 (the front end reads a description it lacks).
        self.caption = widgets.HTML(layout=widgets.Layout(width="1px", height="1px", margin="0",
                                                          overflow="hidden"))
        self.widget = widgets.Box([self.image, self.caption],
                                  layout=widgets.Layout(align_items="flex-start"))
        self.render_count = 0
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
        """Draw the figure (blitting when possible), encode it and assign it to ``image``
        (the caption is left to the caller: see :attr:`caption_html`)."""
        if self.mode not in self.MODES:
            raise ValueError(f"mode must be one of {self.MODES}, got {self.mode!r}")
        if self.mode == "naive":
            return self._render_naive()
        TextLayoutCache.install(self.canvas.get_renderer())
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
        png = self.encoder.encode(self.canvas.buffer_rgba())
        self.image.value = png
        self.render_count += 1
        return png

    def _render_naive(self):
        if self.factory is None:
            raise ValueError("the naive mode needs a factory that makes the figure afresh")
        figure, plots, _ = self.factory()
        out = io.BytesIO()
        figure.savefig(out, format="png", bbox_inches="tight")
        png = out.getvalue()
        self.image.value = png
        self.render_count += 1
        return png

    @property
    def caption_html(self):
        """The caption's markup for the current alt text (the panel assigns it to ``caption``
        after the images, with the maths)."""
        return (f'<span role="note" class="nbkernel-alt" style="position:absolute;width:1px;'
                f'height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap">'
                f'{html.escape(self.alt_text)}</span>')

    @property
    def shown_alt_text(self):
        """The alt text currently in the caption (what a screen reader gets)."""
        return html.unescape(re.sub(r"<[^>]+>", "", self.caption.value))

    def png(self):
        """The bytes currently shown (what the learner sees)."""
        return bytes(self.image.value)

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
            titles = [getattr(parent, name, None)
                      for name in ("title", "_left_title", "_right_title")]
            frame = getattr(parent, "axison", False) and parent.get_frame_on()
            for child in parent.get_children():
                if (id(child) in ids or isinstance(child, Axis) or child is parent.patch
                        or any(child is title for title in titles)
                        or child in self.figure.axes and parent is self.figure
                        or isinstance(child, Spine) and not frame):
                    continue  # ticks, titles, other Axes, hidden frames: as a full draw does
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
        for artist in settled:
            if isinstance(artist, Text):
                reuse_text_boxes(artist)

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
