"""Accessibility of the course's content, checked with axe-core in a real browser.

Every course notebook (``tools.navigation.course_notebooks``) is opened in a private JupyterLab
(127.0.0.1, free port, random token) in headless Debian Chromium and all its cells are run; then
axe-core, pinned in ``a11y/package-lock.json`` and injected from ``a11y/node_modules`` (no network),
checks the page. Each violation's element is sorted by where it is:

- **content**: inside a cell's outputs or rendered markdown (``.jp-OutputArea``,
  ``.jp-RenderedMarkdown``), i.e. what the course put there; split further into ``widgets``
  (inside an ipywidgets view: the slider panels of ``nbkernel.widgets``), ``markdown`` and
  ``output`` (static figures, tables, text);
- **chrome**: everything else, JupyterLab's own interface: reported, not counted.

The counts per notebook, rule and impact are written to ``build/a11y/axe-report.json`` and
printed. The course's content, the panels' widgets included, must have no critical or serious
violation.

Chromium is never downloaded; without it, or without ``make a11y`` (npm), the tests skip, except
under ``CI=true`` (they fail).
"""

from __future__ import annotations

import collections
import json
import os
import re
import sys
from pathlib import Path

import pytest

try:                                   # tests/ as a package or as a plain directory on sys.path
    from . import browser_support as bs
    from .test_browser import require_browser
except ImportError:
    import browser_support as bs
    from test_browser import require_browser

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
from navigation import course_notebooks  # noqa: E402

AXE = ROOT / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
REPORT = ROOT / "build" / "a11y" / "axe-report.json"
COUNTED = ("critical", "serious")

# Runs axe on the page and describes each violation's elements: where they are (content or
# chrome, and within content widgets, markdown or output), the cell, and a bit of the markup.
AXE_JS = r"""
async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  const cells = Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'));
  const found = [];
  for (const v of result.violations) {
    for (const node of v.nodes) {
      let sel = node.target[node.target.length - 1];
      if (Array.isArray(sel)) sel = sel[sel.length - 1];
      let el = null;
      try { el = document.querySelector(sel); } catch (e) { el = null; }
      const content = el && el.closest('.jp-OutputArea, .jp-RenderedMarkdown');
      let origin = 'chrome';
      if (content) {
        if (el.closest('.jupyter-widgets')) origin = 'widgets';
        else if (el.closest('.jp-OutputArea')) origin = 'output';
        else origin = 'markdown';
      }
      const cell = el ? el.closest('.jp-Cell') : null;
      found.push({rule: v.id, impact: node.impact || v.impact, origin,
                  where: origin === 'chrome' ? 'chrome' : 'content',
                  cell: cell ? cells.indexOf(cell) : null, target: String(sel).slice(0, 200),
                  html: (node.html || '').slice(0, 240)});
    }
  }
  return {violations: found, axe: axe.version};
}
"""


def require_axe():
    require_browser()
    if AXE.exists():
        return
    message = (f"axe-core is not installed ({AXE} missing): run `make a11y` "
               "(npm ci in a11y/, the version pinned in a11y/package-lock.json)")
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + " (CI=true: the accessibility test must run)", pytrace=False)
    pytest.skip(message)


def audit(notebooks) -> dict:
    """{notebook name: [violation node, ...]} after running all cells of each notebook."""
    results = {}
    with bs.JupyterLab(notebooks) as lab, bs.chromium_page(height=1000) as page:
        for number, path in enumerate(notebooks):
            nb = bs.LabNotebook(page, lab, path.name, workspace=f"a11y{number}")
            with nb.report_failure(f"test_a11y-{path.stem}-failure"):
                nb.open()
                nb.run_all(timeout=300)
                nb.assert_no_errors()
                page.add_script_tag(path=str(AXE))
                found = page.evaluate(AXE_JS)
            results[path.name] = found["violations"]
            for kernel in lab.api("GET", "/api/kernels") or []:    # one kernel at a time
                lab.api("DELETE", f"/api/kernels/{kernel['id']}")
    return results


def summary(results: dict) -> dict:
    """Counts per (where, origin, rule, impact), over all notebooks and per notebook."""
    total = collections.Counter()
    per_notebook = {}
    for name, nodes in results.items():
        counts = collections.Counter((n["where"], n["origin"], n["rule"], n["impact"])
                                     for n in nodes)
        per_notebook[name] = {" ".join(k): v for k, v in sorted(counts.items())}
        total.update(counts)
    return {"total": {" ".join(k): v for k, v in sorted(total.items())},
            "per_notebook": per_notebook}


@pytest.fixture(scope="module")
def course_audit():
    require_axe()
    notebooks = course_notebooks(ROOT / "notebooks")
    assert notebooks, "no course notebooks found"
    results = audit(notebooks)
    report = {"summary": summary(results), "violations": results}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\naxe-core violations (where origin rule impact: count):")
    for key, count in report["summary"]["total"].items():
        print(f"  {key}: {count}")
    return results


def _counted(results, origins):
    return [f"{name} cell {n['cell']}: {n['rule']} ({n['impact']}) {n['html'][:160]}"
            for name, nodes in results.items() for n in nodes
            if n["where"] == "content" and n["origin"] in origins and n["impact"] in COUNTED]


@pytest.mark.timeout(1200)
def test_course_markdown_and_static_outputs_have_no_critical_or_serious_violation(course_audit):
    found = _counted(course_audit, ("markdown", "output"))
    assert not found, ("critical or serious axe-core violations in the course's markdown and "
                       "static outputs:\n" + "\n".join(found))


@pytest.mark.timeout(1200)
def test_course_panels_have_no_critical_or_serious_violation(course_audit):
    found = _counted(course_audit, ("widgets",))
    assert not found, ("critical or serious axe-core violations in the panels (nbkernel/widgets):"
                       "\n" + "\n".join(found))


# --- without a browser: the stored notebooks and their static HTML export ------------------

def _table_headers(markdown: str) -> list[list[str]]:
    """The header cells of each markdown table (the row above a ``|---|`` line)."""
    lines = markdown.splitlines()
    found = []
    for above, line in zip(lines, lines[1:]):
        if re.fullmatch(r"\s*\|?(\s*:?-{3,}:?\s*\|)+\s*:?-{0,}:?\s*\|?\s*", line) and "|" in above:
            found.append([cell.strip() for cell in above.strip().strip("|").split("|")])
    return found


def _markdown_texts(nb: dict):
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "markdown":
            yield index, "".join(cell["source"])
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text:
                yield index, "".join(text)


def test_every_markdown_table_header_has_words():
    """axe-core's empty-table-header: a header cell must have text a screen reader reads. An
    empty cell has none, and neither has one holding only maths ($w_1$: MathJax's glyphs)."""
    problems = []
    for path in course_notebooks(ROOT / "notebooks"):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for index, text in _markdown_texts(nb):
            for header in _table_headers(text):
                for cell in header:
                    if not re.sub(r"\$[^$]*\$", "", cell).strip():
                        problems.append(f"{path.name} cell {index}: header {header}")
    assert not problems, "table headers without words:\n" + "\n".join(problems)


def test_static_html_export_gives_every_figure_its_alt_text(tmp_path):
    """``jupyter nbconvert --to html`` (what GitHub-like static viewers show): every image
    carries real alt text, never nbconvert's "No description has been provided"."""
    from nbconvert import HTMLExporter
    exporter = HTMLExporter()
    problems = []
    for path in course_notebooks(ROOT / "notebooks"):
        body, _ = exporter.from_filename(str(path))
        for tag in re.findall(r"<img\b[^>]*>", body):
            alt = re.search(r'\balt="([^"]*)"', tag)
            if not alt or not alt.group(1).strip() or "No description has been provided" in alt.group(1):
                problems.append(f"{path.name}: {tag[:60]}... alt={alt.group(1) if alt else None!r}")
    assert not problems, "images without alt text in the HTML export:\n" + "\n".join(problems)
