"""PNG encoding of pixel arrays (an Agg canvas' buffer) with the standard library's zlib.

A PNG is a signature and three chunks: IHDR (size and colour type), IDAT (the rows, each led by
a filter byte, deflated) and IEND. Every row here uses filter 0 ("none"): plots are flat colours
and thin lines, which deflate well unfiltered, and skipping the per-row filter search that
Pillow's encoder makes is what keeps a panel frame's encoding near 1 ms (benchmarks/README.md).
"""

import struct
import zlib

import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGB = 2  # PNG colour type: 8-bit red, green, blue


def encode_png(pixels, compress_level=1):
    """Encode an RGB(A) pixel array as an 8-bit RGB PNG (alpha dropped).

    Parameters
    ----------
    pixels : array_like of uint8, shape (height, width, 3 or 4)
        E.g. an Agg canvas' ``buffer_rgba()``.
    compress_level : int
        zlib level 0-9: 1 (the fastest) for live frames, 9 for images that notebooks store.

    Returns
    -------
    bytes

    Examples
    --------
    >>> png = encode_png(np.zeros((2, 3, 4), dtype=np.uint8))
    >>> png[:8] == SIGNATURE, png[16:24] == bytes([0, 0, 0, 3, 0, 0, 0, 2])
    (True, True)
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"pixels must be uint8 with shape (height, width, 3 or 4), got "
                         f"{pixels.dtype} {pixels.shape}")
    if not 0 <= compress_level <= 9:
        raise ValueError(f"compress_level must be 0-9, got {compress_level!r}")
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # column 0: filter byte 0
    rows[:, 1:] = pixels[:, :, :3].reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, RGB, 0, 0, 0)
    return b"".join([SIGNATURE, _chunk(b"IHDR", header),
                     _chunk(b"IDAT", zlib.compress(rows.tobytes(), compress_level)),
                     _chunk(b"IEND", b"")])


def _chunk(kind, data):
    """One PNG chunk: length, type, data, CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
