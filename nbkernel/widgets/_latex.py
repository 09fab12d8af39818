r"""LaTeX snippets with the current numbers substituted, for the panels' live maths.

Numbers go through ``nbkernel.format_number`` (the notebooks' tables use it too), so what a panel
writes is exactly what nbkernel computes, rounded for reading. A negative number inside a sum or
product is put in parentheses: ``0.5\cdot (-0.3)``; after a comma it is put in braces,
``\max(0,\,{-4.13})``, so MathJax sets a unary minus (after ``\ `` or a space it would set a
binary minus with a wide gap: "max(0,  − 4.13)").
"""

import numpy as np

from .. import activations
from ..neuron import weighted_sum as _weighted_sum
from ..tables import format_number

#: How each activation is named in formulas.
NAMES = {
    "relu": r"\mathrm{ReLU}",
    "sigmoid": r"\sigma",
    "tanh": r"\tanh",
    "gelu": r"\mathrm{GELU}",
    "gelu_tanh": r"\mathrm{GELU}_{\tanh}",
    "identity": r"\mathrm{id}",
    "linear": r"\mathrm{id}",
}


def num(value, digits=4):
    r"""A number as text (``format_number``).

    Examples
    --------
    >>> num(0.6799999999), num(-4.5398e-05)
    ('0.68', '-4.54\\cdot 10^{-5}')
    """
    text = format_number(value, digits)
    if "e" in text:  # 4.54e-05 -> 4.54\cdot 10^{-5}
        mantissa, exponent = text.split("e")
        text = f"{mantissa}\\cdot 10^{{{int(exponent)}}}"
    return text


def term(value, digits=4):
    """A number ready to stand in a sum or product: negatives in parentheses.

    Examples
    --------
    >>> term(-0.3), term(0.3)
    ('(-0.3)', '0.3')
    """
    text = num(value, digits)
    return f"({text})" if text.startswith("-") else text


def weighted_sum(x, w, b, name="z"):
    r"""``z = x_1 w_1 + ... + b`` with numbers: the products, then the terms, then z.

    Examples
    --------
    >>> weighted_sum([0.5, 0.3], [0.6, -0.4], 0.1)
    'z = 0.5\\cdot 0.6 + 0.3\\cdot (-0.4) + 0.1 = 0.3 + (-0.12) + 0.1 = 0.28'
    """
    x, w, b = np.asarray(x, float), np.asarray(w, float), float(b)
    products = " + ".join(f"{term(xi)}\\cdot {term(wi)}" for xi, wi in zip(x, w))
    terms = " + ".join(term(v) for v in np.append(x * w, b))
    z = _weighted_sum(x, w, b)
    return f"{name} = {products} + {term(b)} = {terms} = {num(z)}"


def linear(coefficient, symbol, constant):
    r"""``coefficient·symbol + constant`` written as by hand: no 1 or -1 in front of the symbol,
    a negative constant subtracted, a zero part left out.

    Examples
    --------
    >>> linear(-1.0, "x_1", 1.25), linear(1.0, "x_1", -1.25), linear(4.0, "x_1", 0.0)
    ('-x_1 + 1.25', 'x_1 - 1.25', '4\\,x_1')
    >>> linear(-0.5, "x_1", -2.0), linear(0.0, "x_1", -2.0)
    ('-0.5\\,x_1 - 2', '-2')
    """
    a, c = num(coefficient), num(constant)
    if a == "0":
        return c
    text = {"1": "", "-1": "-"}.get(a, a + r"\,") + symbol
    if c == "0":
        return text
    return f"{text} - {num(-constant)}" if c.startswith("-") else f"{text} + {c}"


def evaluate(name, z):
    r"""The activation ``name`` at ``z`` written out: the definition with z, then the value.

    Returns the right-hand side after ``f(z) =``, e.g. ``\max(0,\,{0.68}) = 0.68``.

    Examples
    --------
    >>> evaluate("relu", -0.5)
    '\\max(0,\\,{-0.5}) = 0'
    >>> evaluate("sigmoid", 0.0)
    '\\frac{1}{1 + e^{-0}} = 0.5'
    """
    f = activations.activation(name)
    y = num(f.function(z))
    if f.name == "relu":
        return rf"\max(0,\,{{{num(z)}}}) = {y}"
    if f.name == "sigmoid":
        return rf"\frac{{1}}{{1 + e^{{-{term(z)}}}}} = {y}"
    if f.name == "gelu":
        phi = num(activations.normal_cdf(z))
        return rf"{term(z)}\,\Phi({num(z)}) = {term(z)}\cdot {phi} = {y}"
    if f.name == "gelu_tanh":
        return (rf"\tfrac{{1}}{{2}}\cdot {term(z)}\left(1 + \tanh\left(\sqrt{{2/\pi}}\,"
                rf"\left({term(z)} + 0.044715\cdot {term(z)}^{{3}}\right)\right)\right) = {y}")
    return y  # tanh and identity: the value itself


def apply(name, z, output="y"):
    r"""``y = f(z) = <definition with z> = value`` for the activation ``name``.

    Examples
    --------
    >>> apply("relu", 0.68)
    'y = \\mathrm{ReLU}(0.68) = \\max(0,\\,{0.68}) = 0.68'
    """
    f = activations.activation(name)
    return f"{output} = {NAMES[f.name]}({num(z)}) = {evaluate(f.name, z)}"


def derivative(name, z):
    r"""``f'(z) = value`` for the activation ``name``, with its formula.

    Examples
    --------
    >>> derivative("sigmoid", 0.0)
    "\\sigma'(0) = \\sigma(0)\\,(1 - \\sigma(0)) = 0.25"
    """
    f = activations.activation(name)
    value = num(f.derivative(z))
    z_text = num(z)
    formulas = {
        "sigmoid": rf"\sigma({z_text})\,(1 - \sigma({z_text}))",
        "tanh": rf"1 - \tanh^{{2}}({z_text})",
        "gelu": rf"\Phi({z_text}) + {term(z)}\,\varphi({z_text})",
        "relu": "1" if z > 0 else "0",
    }
    middle = formulas.get(f.name)
    middle = "" if middle is None or middle == value else f" = {middle}"
    return f"{NAMES[f.name]}'({z_text}){middle} = {value}"


def matrix(values, digits=4):
    r"""A bmatrix of numbers (a vector becomes one row).

    Examples
    --------
    >>> matrix([[1, 2], [3, 4]])
    '\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}'
    """
    values = np.asarray(values, float)
    if values.ndim < 2:
        values = values.reshape(1, -1)
    rows = [" & ".join(num(v, digits) for v in row) for row in values]
    return r"\begin{bmatrix} " + r" \\ ".join(rows) + r" \end{bmatrix}"


def block(*lines):
    r"""Lines of maths in display style, left-aligned, one per row (HTMLMath renders them).

    Examples
    --------
    >>> "$\\displaystyle z = 1$</div>" in block("z = 1")
    True
    """
    return "".join(f'<div class="nbkernel-math-line" style="margin:3px 0;font-size:112%">'
                   f"$\\displaystyle {line}$</div>" for line in lines)
