"""PNG encoding for figures and slider panels: plain and fast, and incremental between frames.

A PNG's pixels are one zlib stream of its rows. :func:`encode_png` deflates all of them;
:class:`FrameEncoder` keeps each band of rows deflated on its own and, for the next frame of the
same picture, deflates again only the bands whose pixels changed. A slider move changes a tenth
to a quarter of the rows of the neuron, network and activation panels' figures, so most of
their encoding is saved.
"""

import struct
import zlib

import numpy as np

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZLIB_HEADER = b"\x78\x01"  # deflate with a 32 KiB window; (0x78 * 256 + 0x01) % 31 == 0
_LAST_EMPTY_BLOCK = b"\x03\x00"  # a final, empty deflate block (fixed codes): ends the stream
_ADLER_BASE = 65521


def encode_png(pixels, compress_level=1):
    """Encode an RGB(A) pixel array as an 8-bit RGB PNG (alpha dropped).

    Rows are stored unfiltered and deflated with the standard library's zlib: for plots (flat
    colours, thin lines) that is about twice as fast as Pillow's encoder at the same level and
    no larger. Level 1 is the fastest; 6 is zlib's usual trade-off.

    Parameters
    ----------
    pixels : array_like of uint8, shape (height, width, 3 or 4)
        E.g. an Agg canvas' ``buffer_rgba()``.
    compress_level : int
        zlib level 0-9.

    Examples
    --------
    >>> png = encode_png(np.zeros((2, 3, 4), dtype=np.uint8))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png[16:24] == bytes([0, 0, 0, 3, 0, 0, 0, 2])
    (True, True)
    """
    pixels = _checked(pixels)
    rows = _png_rows(*pixels.shape[:2])
    _copy_rgb(pixels, rows, slice(None))
    return _png(pixels.shape[:2], zlib.compress(rows.data, compress_level))


class FrameEncoder:
    """Encodes successive frames of one picture (a panel's figure) as PNG, deflating again only
    the bands of rows that changed since the previous frame.

    Each band of ``band_rows`` rows is deflated on its own, ending with a full flush (byte
    aligned, no reference to earlier bands), so the stored bands of unchanged rows are reused
    as they are; the stream's Adler-32 checksum is combined from the bands' own. The PNG decodes
    to exactly the pixels given, like :func:`encode_png`'s, and is a few percent larger. A frame
    in which more than half the bands changed (a moving colour surface) is deflated whole, as
    :func:`encode_png` does: as quick then, and smaller.

    Parameters
    ----------
    compress_level : int
        zlib level 0-9 (1, the fastest, by default).
    band_rows : int
        Rows per band: 16 is the fastest for the panels' figures (8 and 32 are slower).

    Attributes
    ----------
    deflated_bands : int
        How many bands the last frame deflated (the rest were reused).

    Examples
    --------
    >>> frames = FrameEncoder()
    >>> picture = np.full((40, 10, 4), 255, dtype=np.uint8)
    >>> first = frames.encode(picture); frames.deflated_bands  # deflated whole: 3 bands of rows
    3
    >>> picture[20, 5] = (0, 114, 178, 255)  # one pixel in the second band
    >>> second = frames.encode(picture); frames.deflated_bands  # each band on its own, kept
    3
    >>> picture[0, 0] = (0, 0, 0, 255)  # one pixel in the first band
    >>> third = frames.encode(picture); frames.deflated_bands
    1
    """

    def __init__(self, compress_level=1, band_rows=16):
        self.compress_level = compress_level
        self.band_rows = band_rows
        self.deflated_bands = 0
        self._previous = None  # the last frame's pixels
        self._rows = None  # the PNG rows (filter byte + RGB) of the last frame
        self._slices = []  # each band's rows
        self._starts = None  # each band's first row
        self._bands = []  # per band: (deflated bytes, Adler-32 of its rows, length of its rows)

    def encode(self, pixels):
        """The PNG of ``pixels`` (uint8, shape (height, width, 3 or 4); alpha dropped)."""
        pixels = _checked(pixels)
        height, width = pixels.shape[:2]
        if self._previous is None or self._previous.shape != pixels.shape:
            self._previous = pixels.copy()
            self._rows = _png_rows(height, width)
            self._starts = np.arange(0, height, self.band_rows)
            self._slices = [slice(start, start + self.band_rows) for start in self._starts]
            return self._encode_whole(pixels)
        changed = _changed_rows(pixels, self._previous)
        self._previous[...] = pixels
        dirty = np.logical_or.reduceat(changed, self._starts)  # per band: any row changed
        if np.count_nonzero(dirty) > len(dirty) // 2:
            return self._encode_whole(pixels)
        self.deflated_bands = 0
        for index, band in enumerate(self._slices):
            if self._bands[index] is not None and not dirty[index]:
                continue
            _copy_rgb(pixels, self._rows, band)
            raw = self._rows[band].data
            deflater = zlib.compressobj(self.compress_level, zlib.DEFLATED, -15)  # raw deflate
            self._bands[index] = (deflater.compress(raw) + deflater.flush(zlib.Z_FULL_FLUSH),
                                  zlib.adler32(raw), raw.nbytes)
            self.deflated_bands += 1
        checksum = 1  # the Adler-32 of nothing
        for _, adler, length in self._bands:
            checksum = adler32_combine(checksum, adler, length)
        stream = (_ZLIB_HEADER + b"".join(deflated for deflated, _, _ in self._bands)
                  + _LAST_EMPTY_BLOCK + struct.pack(">I", checksum))
        return _png((height, width), stream)

    def _encode_whole(self, pixels):
        """Deflate every row as one stream (as :func:`encode_png` does): for a first frame, or
        when most bands changed, that is as quick and smaller. The next frame that changes fewer
        bands deflates them all again, each on its own."""
        _copy_rgb(pixels, self._rows, slice(None))
        self._bands = [None] * len(self._slices)
        self.deflated_bands = len(self._slices)
        return _png(pixels.shape[:2], zlib.compress(self._rows.data, self.compress_level))


def adler32_combine(first, second, second_length):
    """The Adler-32 checksum of two byte strings joined, from theirs (zlib's ``adler32_combine``).

    Examples
    --------
    >>> a, b = b"weights", b" and biases"
    >>> adler32_combine(zlib.adler32(a), zlib.adler32(b), len(b)) == zlib.adler32(a + b)
    True
    """
    remainder = second_length % _ADLER_BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _ADLER_BASE
    high = (remainder * (first & 0xFFFF) + (first >> 16) + (second >> 16) - remainder) \
        % _ADLER_BASE
    return low | high << 16


def _checked(pixels):
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"pixels must be uint8 with shape (height, width, 3 or 4), got "
                         f"{pixels.dtype} {pixels.shape}")
    return pixels


def _changed_rows(new, old):
    """Which rows of two pixel arrays of one shape differ (compared 8 bytes at a time when the
    rows allow it: several times faster than byte by byte)."""
    new, old = (np.ascontiguousarray(a).reshape(len(a), -1) for a in (new, old))
    if new.shape[1] % 8 == 0:
        new, old = new.view(np.uint64), old.view(np.uint64)
    return np.any(new != old, axis=1)


def _png_rows(height, width):
    """PNG rows for 8-bit RGB: each a filter byte (0: none) and the pixels' bytes."""
    return np.zeros((height, 1 + 3 * width), dtype=np.uint8)


def _copy_rgb(pixels, rows, band):
    """Copy the RGB of ``pixels[band]`` into ``rows[band]`` (after the filter bytes)."""
    height, width = pixels.shape[:2]
    rgb = rows[:, 1:].reshape(height, width, 3)  # a view into rows
    for channel in range(3):  # one channel at a time: faster than one strided copy of all three
        rgb[band, :, channel] = pixels[band, :, channel]


def _png(shape, stream):
    """A whole PNG file: 8-bit RGB of ``shape`` (height, width), its zlib ``stream`` of rows."""
    height, width = shape
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8 bits, RGB, no interlace
    return _SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", stream) + _chunk(b"IEND", b"")


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
