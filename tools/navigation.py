"""Write the navigation cells of every course notebook and the table of contents in 00.

Usage (from the repository root)::

    python tools/navigation.py            # rewrite what is out of date, list the files changed
    python tools/navigation.py --check    # change nothing; exit 1 if a file is out of date
    python tools/navigation.py notebooks/02-the-neuron.ipynb   # write only the given notebooks

What it does, for every ``notebooks/NN-*.ipynb`` in name order:

* makes cell 0 and the last cell markdown navigation cells (``previous | contents | next``,
  markdown links), marked with the metadata ``{"nbkernel": {"role": "navigation"}}``. A marked
  cell is rewritten in place; a notebook without one gets a new cell inserted;
* in ``00-contents.ipynb``, rewrites the markdown cell marked ``{"nbkernel": {"role":
  "contents"}}`` (inserted after the learning goals, or after the title, if it is missing) with
  one line per notebook: its link, its title, its learning goals and the minutes it takes.

The minutes are an estimate for a first-year learner, computed from the notebook's content by
one rule (:func:`minutes`): its prose read at 100 words a minute (careful reading of technical
text; formulas count by their words and symbols), 2 minutes per code cell (run it, read what it
prints), 5 per exercise cell and 5 per cell that shows a slider panel, the total rounded up to
the next 5 minutes. Solution cells (the exercise's 5 minutes cover them), instructor notes and
the navigation cells are left out. So the column follows the notebooks as they change.

Titles and goals are read from the notebooks themselves: the title is the first markdown line
``# Title``; the goals are the bullet items of the markdown cell that starts ``## Learning goals``.

Idempotent: a notebook is written only when its content changes, so a second run writes nothing.
Only markdown cells are touched, so stored outputs stay valid. Needs only ``nbformat``.
"""

import argparse
import math
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CONTENTS = "00-contents.ipynb"
NAME_PATTERN = re.compile(r"^\d\d-[a-z0-9-]+\.ipynb$")
NAV_ROLE = "navigation"
CONTENTS_ROLE = "contents"
#: The rule behind the contents table's minutes (see the module docstring).
WORDS_PER_MINUTE = 100
MINUTES_PER_CODE_CELL = 2
MINUTES_PER_EXERCISE = 5
MINUTES_PER_PANEL = 5
ROUND_TO_MINUTES = 5
#: A code cell that calls a ``*_panel(...)`` function shows a slider panel.
PANEL_CALL = re.compile(r"\b\w+_panel\(")


def course_notebooks(folder=NOTEBOOKS):
    """The course notebooks ``NN-name.ipynb`` in ``folder``, sorted by name."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NAME_PATTERN.match(p.name))


def role(cell):
    """The ``nbkernel.role`` metadata of a cell, or None."""
    return cell.get("metadata", {}).get("nbkernel", {}).get("role")


def read_title(nb, path):
    """The text of the first ``# Title`` line of a markdown cell."""
    for cell in nb.cells:
        if cell.cell_type != "markdown" or role(cell) is not None:
            continue
        for line in cell.source.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    raise ValueError(f"{path.name}: no markdown cell with a '# Title' line; add one as cell 1")


def read_goals(nb):
    """The bullet items of the markdown cell starting with ``## Learning goals`` (may be empty)."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        lines = cell.source.strip().splitlines()
        if lines and lines[0].strip().lower().startswith("## learning goals"):
            goals = []
            for line in lines[1:]:
                match = re.match(r"^\s*[-*]\s+(.*)$", line)
                if match:
                    goals.append(match.group(1).strip())
                elif goals and line.strip() and line.startswith("  "):
                    goals[-1] += " " + line.strip()  # a wrapped bullet
            return goals
    return []


def label(path, title):
    """Link text for a notebook: ``02 · The neuron``; the contents notebook is ``Contents``."""
    return "Contents" if path.name == CONTENTS else f"{path.name[:2]} · {title}"


def navigation_source(paths, titles, index):
    """Markdown of the navigation line for notebook ``index``: previous | contents | next.

    The contents link is left out where it would repeat the previous link or point to itself.
    """
    parts = []
    if index > 0:
        prev = paths[index - 1]
        parts.append(f"[← {label(prev, titles[prev])}]({prev.name})")
    if CONTENTS not in (paths[index].name, paths[index - 1].name if index > 0 else None):
        parts.append(f"[Contents]({CONTENTS})")
    if index + 1 < len(paths):
        nxt = paths[index + 1]
        parts.append(f"[{label(nxt, titles[nxt])} →]({nxt.name})")
    return " | ".join(parts)


def minutes(nb):
    """Minutes a first-year learner needs for notebook ``nb``, by the rule of the module docstring.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook()
    >>> nb.cells = [nbformat.v4.new_markdown_cell("word " * 250),
    ...             nbformat.v4.new_code_cell("panel = neuron_panel()")]
    >>> minutes(nb)   # 2.5 minutes of reading + 5 for the panel, rounded up
    10
    """
    words = code_cells = exercises = panels = 0
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        slide = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        if role(cell) is not None or "instructor" in tags or slide == "notes":
            continue
        if cell.cell_type == "markdown":
            words += len(cell.source.split())
        elif cell.cell_type == "code" and "solution" not in tags:
            if "exercise" in tags:
                exercises += 1
            elif PANEL_CALL.search(cell.source):
                panels += 1
            else:
                code_cells += 1
    total = (words / WORDS_PER_MINUTE + MINUTES_PER_CODE_CELL * code_cells
             + MINUTES_PER_EXERCISE * exercises + MINUTES_PER_PANEL * panels)
    return ROUND_TO_MINUTES * math.ceil(total / ROUND_TO_MINUTES)


def contents_source(paths, titles, goals, notebooks=None):
    """Markdown of the table of contents: one line per notebook with its goals and minutes.

    ``notebooks`` maps each path to its notebook, for the minutes; without it the column is
    left empty.
    """
    lines = ["| Notebook | What you will be able to do | Minutes |", "|---|---|---|"]
    for path in paths:
        if path.name == CONTENTS:
            continue
        items = [g.rstrip(".;") for g in goals[path]]
        items = items[:1] + [g[0].lower() + g[1:] if g[1:2].islower() else g for g in items[1:]]
        text = "; ".join(items).replace("|", "\\|")
        goals_text = text + "." if text else "—"
        time = minutes(notebooks[path]) if notebooks else ""
        lines.append(f"| [{label(path, titles[path])}]({path.name}) | {goals_text} | {time} |")
    return "\n".join(lines)


def marked_cell(role_name, source, cell_id, slide_type):
    """A new markdown cell carrying the nbkernel role and slide metadata."""
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    cell.metadata = {"nbkernel": {"role": role_name}, "slideshow": {"slide_type": slide_type}}
    return cell


def set_source(cell, source, slide_type="skip"):
    """Rewrite a marked cell's text; give it slide metadata if it has none."""
    cell.source = source
    cell.metadata.setdefault("slideshow", {"slide_type": slide_type})


def update_notebook(nb, paths, titles, goals, index, notebooks=None):
    """Apply navigation (and, for 00, contents) to ``nb`` in place.

    ``notebooks`` maps each path to its notebook, for the contents table's minutes.
    """
    nav = navigation_source(paths, titles, index)
    cells = nb.cells
    # top
    if cells and role(cells[0]) == NAV_ROLE and cells[0].cell_type == "markdown":
        set_source(cells[0], nav)
    else:
        cells.insert(0, marked_cell(NAV_ROLE, nav, "nav-top", "skip"))
    # bottom
    if len(cells) > 1 and role(cells[-1]) == NAV_ROLE and cells[-1].cell_type == "markdown":
        set_source(cells[-1], nav)
    else:
        cells.append(marked_cell(NAV_ROLE, nav, "nav-bottom", "skip"))
    # navigation cells anywhere else are stale leftovers
    nb.cells = [cells[0]] + [c for c in cells[1:-1] if role(c) != NAV_ROLE] + [cells[-1]]

    if paths[index].name == CONTENTS:
        toc = contents_source(paths, titles, goals, notebooks)
        for cell in nb.cells:
            if role(cell) == CONTENTS_ROLE:
                set_source(cell, toc, slide_type="")
                break
        else:
            position = 1
            for i, cell in enumerate(nb.cells[1:-1], start=1):
                if cell.cell_type == "markdown" and (
                        cell.source.lstrip().lower().startswith("## learning goals")
                        or cell.source.lstrip().startswith("# ")):
                    position = i + 1
            nb.cells.insert(position, marked_cell(CONTENTS_ROLE, toc, "contents", ""))


def serialise(nb):
    return nbformat.writes(nb) + "\n"


def run(folder=NOTEBOOKS, check=False, out=sys.stdout, only=None):
    """Update every course notebook in ``folder``; return the paths that changed (or would).

    ``only``: names of the notebooks to write (all are still read, for titles and goals).
    """
    paths = course_notebooks(folder)
    if only:
        unknown = set(only) - {p.name for p in paths}
        if unknown:
            raise ValueError(f"not course notebooks in {folder}: {', '.join(sorted(unknown))}")
    notebooks = {p: nbformat.read(p, as_version=4) for p in paths}
    titles = {p: read_title(nb, p) for p, nb in notebooks.items()}
    goals = {p: read_goals(nb) for p, nb in notebooks.items()}
    changed = []
    for index, path in enumerate(paths):
        if only and path.name not in only:
            continue
        before = path.read_text(encoding="utf-8")
        nb = notebooks[path]
        update_notebook(nb, paths, titles, goals, index, notebooks)
        after = serialise(nb)
        if after != before:
            changed.append(path)
            if not check:
                path.write_text(after, encoding="utf-8")
        if not goals[path] and path.name != CONTENTS:
            print(f"warning: {path.name} has no '## Learning goals' bullet list", file=out)
    verb = "out of date" if check else "updated"
    for path in changed:
        print(f"{verb}: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}", file=out)
    if not changed:
        print(f"navigation: all {len(paths)} notebooks up to date", file=out)
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="only write these notebooks (default: all); all are read for titles")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit with status 1 if any notebook is out of date")
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS,
                        help="folder holding the NN-*.ipynb notebooks (default: notebooks/)")
    args = parser.parse_args(argv)
    try:
        changed = run(args.folder, check=args.check, only={p.name for p in args.notebooks})
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
