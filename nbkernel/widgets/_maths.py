"""The panels' live maths as plain HTML: italic symbols, sub/superscripts, CSS fractions and
matrices, with the current numbers substituted.

The maths is an ``ipywidgets.HTML`` (not ``HTMLMath``), so no typesetter runs when it changes:
the browser only swaps some text, and the page stays as fast after a thousand slider moves as
after ten. Every piece carries its own ``style`` attribute (the constants below), so the markup
needs no stylesheet and looks the same in JupyterLab, Notebook 7, VS Code and Colab. The LaTeX
derivations stay in the notebooks' markdown cells.

Numbers go through ``nbkernel.format_number`` (the notebooks' tables use it too), so what a panel
writes is exactly what nbkernel computes, rounded for reading, with a true minus sign (−).
A negative number inside a sum or product is put in parentheses: ``0.5 · (−0.3)``.
"""

import ipywidgets as widgets
import numpy as np

from .. import activations
from ..neuron import weighted_sum as _weighted_sum
from ..tables import format_number

MINUS = "\u2212"
#: The spaces TeX writes as ``\,`` and ``\qquad``.
THIN = "\u2009"
QUAD = "\u2003\u2003"

#: The shared CSS, as inline styles. A line of maths: a serif font a little larger than the text.
LINE = ("margin:4px 0;font-family:'STIX Two Text','Latin Modern Roman','Cambria',"
        "'Times New Roman','DejaVu Serif',serif;font-size:118%;line-height:1.9;"
        "white-space:normal")
#: A fraction: numerator over denominator in a column, its bar on the numerator's bottom edge,
#: centred on the line's middle as TeX centres it on the maths axis.
FRACTION = ("display:inline-flex;flex-direction:column;align-items:center;"
            "vertical-align:middle;margin:0 .15em;line-height:1.25")
NUMERATOR = "border-bottom:1px solid;padding:0 .2em"
DENOMINATOR = "padding:0 .2em"
#: A matrix: a grid of numbers between two brackets drawn as borders, so they stretch with it.
MATRIX = "display:inline-flex;align-items:stretch;vertical-align:middle;margin:0 .2em"
GRID = ("display:inline-grid;grid-template-columns:repeat({columns},auto);column-gap:.9em;"
        "justify-items:center;padding:0 .3em;line-height:1.35")
LEFT_BRACKET = "border:1.5px solid;border-right:0;width:.25em"
RIGHT_BRACKET = "border:1.5px solid;border-left:0;width:.25em"
#: Parentheses that stretch around a tall group: arcs drawn as rounded borders.
GROUP = "display:inline-flex;align-items:center;vertical-align:middle"
LEFT_PAREN = "align-self:stretch;width:.3em;border-left:1.5px solid;border-radius:50% 0 0 50%"
RIGHT_PAREN = "align-self:stretch;width:.3em;border-right:1.5px solid;border-radius:0 50% 50% 0"
#: A symbol with a note under it (TeX's ``\underbrace``): a thin brace, then the note, small.
UNDER = "display:inline-flex;flex-direction:column;align-items:center;line-height:1.1"
BRACE = "align-self:stretch;height:.3em;border:1px solid;border-top:0;border-radius:0 0 3px 3px"
NOTE = "font-size:68%"
#: A big operator (∑) with its limits above and below.
OPERATOR = ("display:inline-flex;flex-direction:column;align-items:center;vertical-align:middle;"
            "line-height:1;margin:0 .15em")
LIMIT = "font-size:68%"
BIG = "font-size:150%"


def widget(margin="0"):
    """An empty ``ipywidgets.HTML`` for a panel's maths, with the class the browser tests find.

    Examples
    --------
    >>> widget().value
    ''
    """
    math = widgets.HTML(layout=widgets.Layout(margin=margin))
    math.add_class("nbkernel-math")
    return math


def sym(name, sub="", sup=""):
    """A symbol in italics with an optional subscript and superscript (both HTML).

    Examples
    --------
    >>> sym("x", 1), sym("W", sub=2, sup="T")
    ('<i>x</i><sub>1</sub>', '<i>W</i><sub>2</sub><sup>T</sup>')
    """
    text = f"<i>{name}</i>"
    if sub != "":
        text += f"<sub>{sub}</sub>"
    if sup != "":
        text += f"<sup>{sup}</sup>"
    return text


#: How each activation is named in formulas (upright names, Greek letters in italics).
NAMES = {
    "relu": "ReLU",
    "sigmoid": "<i>σ</i>",
    "tanh": "tanh",
    "gelu": "GELU",
    "gelu_tanh": "GELU<sub>tanh</sub>",
    "identity": "id",
    "linear": "id",
}


def num(value, digits=4):
    """A number as ``format_number`` writes it, with a minus sign and a written-out power of 10.

    Examples
    --------
    >>> num(0.6799999999), num(-2.0), num(4.5398e-05)
    ('0.68', '−2', '4.54·10<sup>−5</sup>')
    """
    text = format_number(value, digits)
    if "e" in text:  # 4.54e-05 -> 4.54·10⁻⁵
        mantissa, exponent = text.split("e")
        text = f"{mantissa}·10<sup>{int(exponent)}</sup>"
    return text.replace("-", MINUS)


def term(value, digits=4):
    """A number ready to stand in a sum or product: negatives in parentheses.

    Examples
    --------
    >>> term(-0.3), term(0.3)
    ('(−0.3)', '0.3')
    """
    text = num(value, digits)
    return f"({text})" if text.startswith(MINUS) else text


def frac(numerator, denominator):
    """A fraction: ``numerator`` over ``denominator`` (both HTML), with a bar between.

    Examples
    --------
    >>> "border-bottom" in frac("1", "2")
    True
    """
    return (f'<span style="{FRACTION}"><span style="{NUMERATOR}">{numerator}</span>'
            f'<span style="{DENOMINATOR}">{denominator}</span></span>')


def matrix(values, digits=4):
    """A matrix of numbers in square brackets (a vector becomes one row).

    Examples
    --------
    >>> matrix([[1, -2], [3, 4]]).count("<span>")
    4
    """
    values = np.asarray(values, float)
    if values.ndim < 2:
        values = values.reshape(1, -1)
    cells = "".join(f"<span>{num(v, digits)}</span>" for v in values.ravel())
    return (f'<span style="{MATRIX}"><span style="{LEFT_BRACKET}"></span>'
            f'<span style="{GRID.format(columns=values.shape[1])}">{cells}</span>'
            f'<span style="{RIGHT_BRACKET}"></span></span>')


def group(content):
    """``(content)`` with parentheses that stretch to the content's height (TeX's ``\\left(``).

    Examples
    --------
    >>> group("x").count("border-radius")
    2
    """
    return (f'<span style="{GROUP}"><span style="{LEFT_PAREN}"></span>{content}'
            f'<span style="{RIGHT_PAREN}"></span></span>')


def under(symbol, note):
    """``symbol`` with a brace and a small ``note`` under it (TeX's ``\\underbrace``).

    Examples
    --------
    >>> under("Z", "2×2").endswith('2×2</span></span>')
    True
    """
    return (f'<span style="{UNDER}"><span>{symbol}</span><span style="{BRACE}"></span>'
            f'<span style="{NOTE}">{note}</span></span>')


def total(lower, upper):
    """A summation sign with its limits: ``total("<i>i</i>=1", 2)`` is ∑ from i = 1 to 2.

    Examples
    --------
    >>> "∑" in total("<i>i</i>=1", 2)
    True
    """
    return (f'<span style="{OPERATOR}"><span style="{LIMIT}">{upper}</span>'
            f'<span style="{BIG}">∑</span><span style="{LIMIT}">{lower}</span></span>')


def weighted_sum(x, w, b, name="z"):
    """``z = x₁·w₁ + ... + b`` with numbers: the products, then the terms, then z.

    Examples
    --------
    >>> weighted_sum([0.5, 0.3], [0.6, -0.4], 0.1)
    '<i>z</i> = 0.5 · 0.6 + 0.3 · (−0.4) + 0.1 = 0.3 + (−0.12) + 0.1 = 0.28'
    """
    x, w, b = np.asarray(x, float), np.asarray(w, float), float(b)
    products = " + ".join(f"{term(xi)} · {term(wi)}" for xi, wi in zip(x, w))
    terms = " + ".join(term(v) for v in np.append(x * w, b))
    z = _weighted_sum(x, w, b)
    return f"{sym(name)} = {products} + {term(b)} = {terms} = {num(z)}"


def linear(coefficient, symbol, constant):
    """``coefficient·symbol + constant`` written as by hand: no 1 or −1 in front of the symbol,
    a negative constant subtracted, a zero part left out.

    Examples
    --------
    >>> linear(-1.0, "x", 1.25), linear(1.0, "x", -1.25), linear(4.0, "x", 0.0)
    ('−x + 1.25', 'x − 1.25', '4\u2009x')
    >>> linear(0.0, "x", -2.0)
    '−2'
    """
    a, c = num(coefficient), num(constant)
    if a == "0":
        return c
    text = {"1": "", MINUS + "1": MINUS}.get(a, a + THIN) + symbol
    if c == "0":
        return text
    return f"{text} {MINUS} {num(-constant)}" if c.startswith(MINUS) else f"{text} + {c}"


def evaluate(name, z):
    """The activation ``name`` at ``z`` written out: the definition with z, then the value.

    Returns the right-hand side after ``f(z) =``.

    Examples
    --------
    >>> evaluate("relu", -0.5)
    'max(0, −0.5) = 0'
    """
    f = activations.activation(name)
    y = num(f.function(z))
    t = term(z)
    if f.name == "relu":
        return f"max(0, {num(z)}) = {y}"
    if f.name == "sigmoid":
        power = sym("e", sup=MINUS + t)
        return f"{frac('1', '1 + ' + power)} = {y}"
    if f.name == "gelu":
        phi = num(activations.normal_cdf(z))
        return f"{t}{THIN}Φ({num(z)}) = {t} · {phi} = {y}"
    if f.name == "gelu_tanh":
        inner = f"{t} + 0.044715 · {t}<sup>3</sup>"
        return (f"½ · {t}{THIN}(1 + tanh(√(2/<i>π</i>){THIN}({inner}))) = {y}")
    return y  # tanh and identity: the value itself


def apply(name, z, output=None):
    """``y = f(z) = <definition with z> = value`` for the activation ``name``.

    Examples
    --------
    >>> apply("relu", 0.68)
    '<i>y</i> = ReLU(0.68) = max(0, 0.68) = 0.68'
    """
    f = activations.activation(name)
    output = sym("y") if output is None else output
    return f"{output} = {NAMES[f.name]}({num(z)}) = {evaluate(f.name, z)}"


def derivative(name, z):
    """``f′(z) = value`` for the activation ``name``, with its formula.

    Examples
    --------
    >>> derivative("tanh", 0.0)
    'tanh′(0) = 1 − tanh<sup>2</sup>(0) = 1'
    """
    f = activations.activation(name)
    value = num(f.derivative(z))
    z_text = num(z)
    sigma = NAMES["sigmoid"]
    formulas = {
        "sigmoid": f"{sigma}({z_text}){THIN}(1 {MINUS} {sigma}({z_text}))",
        "tanh": f"1 {MINUS} tanh<sup>2</sup>({z_text})",
        "gelu": f"Φ({z_text}) + {term(z)}{THIN}<i>φ</i>({z_text})",
        "relu": "1" if z > 0 else "0",
    }
    middle = formulas.get(f.name)
    middle = "" if middle is None or middle == value else f" = {middle}"
    return f"{NAMES[f.name]}′({z_text}){middle} = {value}"


def block(*lines):
    """Lines of maths, left-aligned, one per row, in the maths font.

    Examples
    --------
    >>> block("<i>z</i> = 1").endswith("><i>z</i> = 1</div>")
    True
    """
    return "".join(f'<div class="nbkernel-math-line" style="{LINE}">{line}</div>'
                   for line in lines)
