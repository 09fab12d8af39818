"""PNG encoding of pixel arrays (an Agg canvas' buffer), with Pillow's standard encoder."""

import io

import numpy as np
from PIL import Image


def encode_png(pixels, compress_level=1):
    """Encode an RGB(A) pixel array as an 8-bit RGB PNG (alpha dropped).

    Plots are flat colours and thin lines, so zlib level 1 (the fastest) already makes them small;
    level 9 suits images that notebooks store.

    Parameters
    ----------
    pixels : array_like of uint8, shape (height, width, 3 or 4)
        E.g. an Agg canvas' ``buffer_rgba()``.
    compress_level : int
        zlib level 0-9.

    Returns
    -------
    bytes

    Examples
    --------
    >>> png = encode_png(np.zeros((2, 3, 4), dtype=np.uint8))
    >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png[16:24] == bytes([0, 0, 0, 3, 0, 0, 0, 2])
    (True, True)
    """
    pixels = np.asarray(pixels)
    if pixels.dtype != np.uint8 or pixels.ndim != 3 or pixels.shape[2] not in (3, 4):
        raise ValueError(f"pixels must be uint8 with shape (height, width, 3 or 4), got "
                         f"{pixels.dtype} {pixels.shape}")
    if not 0 <= compress_level <= 9:
        raise ValueError(f"compress_level must be 0-9, got {compress_level!r}")
    out = io.BytesIO()
    Image.fromarray(pixels).convert("RGB").save(out, "PNG", compress_level=compress_level)
    return out.getvalue()
