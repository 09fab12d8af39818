"""Controls and layout pieces shared by the panels: sliders, menus, headings, rows, tables."""

import html

import ipywidgets as widgets

from ._slider import Slider

SLIDER_STYLE = {"description_width": "3.2em"}
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def float_slider(description, value, low, high, step, readout_format=".2f", tooltip=None,
                 name=None, description_width="3.2em", width="280px"):
    """The course's :class:`Slider`, its range widened, if needed, to include ``value``.

    ``description`` is the short visible label ("x₁"); ``name`` is what a screen reader says
    the slider sets ("input x₁"; ``description`` when not given).

    Examples
    --------
    >>> s = float_slider("w₁", 5.0, -2.0, 2.0, 0.1, name="weight w₁")
    >>> s.max, s.accessible_name
    (5.0, 'weight w₁')
    """
    value = float(value)
    return Slider(value=value, min=min(float(low), value), max=max(float(high), value),
                  step=step, description=description, accessible_name=name or description,
                  readout_format=readout_format, description_width=description_width,
                  tooltip=tooltip, layout=widgets.Layout(width=width))


def dropdown(description, options, value, width="280px", description_width=None):
    """A Dropdown with the panel's label style (``description_width="auto"`` fits the label)."""
    style = dict(SLIDER_STYLE, **({"description_width": description_width}
                                  if description_width else {}))
    return widgets.Dropdown(options=options, value=value, description=description,
                            style=style, layout=widgets.Layout(width=width))


_CELL = "padding:2px 10px;text-align:{align};white-space:nowrap"


def table_html(header, rows, left=(0,), highlight=()):
    """A small HTML table of text (escaped here): padded cells, numbers right-aligned.

    Parameters
    ----------
    header : sequence of str
    rows : sequence of sequences of str
    left : columns aligned left (the others are aligned right, for numbers)
    highlight : indices of rows shown bold on a light orange background

    Examples
    --------
    >>> table_html(["a", "b"], [["x", "1"]]).count("<td")
    2
    """
    def cells(tag, values):
        return "".join(f'<{tag} style="{_CELL.format(align="left" if i in left else "right")}">'
                       f"{html.escape(str(v))}</{tag}>" for i, v in enumerate(values))
    body = "".join(
        f'<tr style="{"background:#FFF1D6;font-weight:bold" if n in highlight else ""}">'
        f'{cells("td", row)}</tr>' for n, row in enumerate(rows))
    return ('<table class="nbkernel-table" style="border-collapse:collapse;'
            'font-variant-numeric:tabular-nums">'
            f'<thead style="border-bottom:1px solid #999"><tr>{cells("th", header)}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def heading(text):
    """A small bold label that groups controls."""
    return widgets.HTML(f"<b>{text}</b>", layout=widgets.Layout(margin="6px 0 0 0"))


def row(children, gap="12px", **layout):
    """An HBox that wraps on narrow screens, with ``gap`` between its children."""
    children = list(children)
    for child in children[:-1]:
        if not child.layout.margin:
            child.layout.margin = f"0 {gap} 0 0"
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap", **layout))


def subscript(number):
    """A whole number in subscript digits, for slider labels: ``subscript(12) == "₁₂"``."""
    return str(number).translate(_SUBSCRIPTS)
