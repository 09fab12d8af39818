"""One notation for the series: every symbol used in a notebook's maths is in 00's notation table.

The table under "## Notation" in 00-contents.ipynb is the single source: its first column holds the
symbols as LaTeX. A symbol is a letter as the maths writes it: plain (x), bold (\\mathbf{x}), with a
hat (\\hat{y}) or Greek (\\sigma); sub- and superscripts are read as symbols of their own (x_i uses
x and i), words in \\text{...} are not symbols, and the names of functions written as commands
(\\max, \\log, \\tanh) are not letters.
"""

import re

import nbformat
import pytest

from course_files import COURSE

CONTENTS = COURSE[0]
MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
WORDS = re.compile(r"\\(?:text|textbf|textit|mathrm|operatorname|begin|end)\s*\{[^{}]*\}")
GREEK = ("alpha beta gamma delta epsilon varepsilon zeta eta theta iota kappa lambda mu nu xi "
         "pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
         "Phi Psi Omega ell").split()
DECORATED = re.compile(r"\\(mathbf|boldsymbol|hat|tilde|bar)\s*"
                       r"(?:\{\s*(\\?[A-Za-z]+)\s*\}|\s+([A-Za-z]))")
#: Greek capitals used as operators, not symbols of the course: Σ for "add up".
OPERATORS = {r"\Sigma"}


def symbols(latex):
    """The set of symbols in a piece of LaTeX maths.

    >>> sorted(symbols(r"z = \\mathbf{x}\\cdot\\mathbf{w} + b_{\\text{out}}, \\ \\hat{y} = \\sigma(z)"))
    ['\\\\hat{y}', '\\\\mathbf{w}', '\\\\mathbf{x}', '\\\\sigma', 'b', 'z']
    """
    found = set()

    def keep(match):
        found.add(f"\\{match[1]}{{{match[2] or match[3]}}}")
        return " "

    rest = DECORATED.sub(keep, WORDS.sub(" ", latex))
    found |= {"\\" + c for c in re.findall(r"\\([A-Za-z]+)", rest) if c in GREEK}
    found |= set(re.findall(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", " ", rest)))
    return found - OPERATORS


def math_in(cell_source):
    return [a or b for a, b in MATH.findall(cell_source)]


def notation_table():
    """The symbols listed in the first column of 00's notation table."""
    nb = nbformat.read(CONTENTS, as_version=4)
    table = [c.source for c in nb.cells if c.cell_type == "markdown"
             and c.source.lstrip().startswith("## Notation")]
    assert table, "00-contents.ipynb has a '## Notation' cell"
    listed = set()
    for line in table[0].splitlines():
        if line.startswith("|") and not set(line) <= set("|-: "):
            first = line.split("|")[1]
            for latex in math_in(first):
                listed |= symbols(latex)
    return listed


def test_the_notation_table_lists_symbols():
    assert {"x", r"\mathbf{x}", "W", r"\sigma", r"\eta"} <= notation_table()


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_every_symbol_is_in_the_notation_table(path):
    listed = notation_table()
    missing = {}
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells):
        if cell.cell_type != "markdown":
            continue
        for latex in math_in(cell.source):
            for symbol in symbols(latex) - listed:
                missing.setdefault(symbol, number)
    assert not missing, ("symbols used but not in 00's notation table (symbol: first cell): "
                         + ", ".join(f"{s}: {n}" for s, n in sorted(missing.items())))
