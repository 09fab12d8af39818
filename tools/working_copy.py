"""Give the learner a working copy of the course that is theirs to edit (`make lab`).

``make lab`` serves ``my-notebooks/``, not ``notebooks/``: answering an exercise or trying a
change then neither shows up in ``git status`` nor breaks ``make test``, which validates the
stored ``notebooks/`` with nbval. git and pytest both ignore ``my-notebooks/`` (``.gitignore``,
``norecursedirs`` in ``pyproject.toml``).

The working copy is created from ``notebooks/`` the first time, and afterwards only files that are
missing from it are copied: a notebook added to the course later arrives, and one the learner has
deleted comes back fresh, but a file that is already there is never overwritten. Editor
checkpoints (``.ipynb_checkpoints``) and caches are not copied.

Usage
-----
    python tools/working_copy.py                          # notebooks/ -> my-notebooks/
    python tools/working_copy.py --source notebooks --out /tmp/mine
"""

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "notebooks"
WORKING_COPY = ROOT / "my-notebooks"


def update_working_copy(source=SOURCE, out=WORKING_COPY):
    """Copy every file of ``source`` that ``out`` does not have yet; never overwrite one.

    Parameters
    ----------
    source : path-like
        The course's notebooks (default ``notebooks/``).
    out : path-like
        The learner's working copy (default ``my-notebooks/``); created if missing.

    Returns
    -------
    list of pathlib.Path
        The files copied into ``out`` (empty when it was already complete).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "notebooks").mkdir()
    >>> _ = (folder / "notebooks" / "01-a.ipynb").write_text("{}")
    >>> [p.name for p in update_working_copy(folder / "notebooks", folder / "mine")]
    ['01-a.ipynb']
    >>> update_working_copy(folder / "notebooks", folder / "mine")
    []
    """
    source, out = Path(source), Path(out)
    if not source.is_dir():
        raise FileNotFoundError(f"source folder {source} does not exist")
    if out.resolve() == source.resolve() or source.resolve() in out.resolve().parents:
        raise ValueError(f"out ({out}) must not be the source folder or inside it")
    copied = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or any(part.startswith(".") or part == "__pycache__"
                                for part in relative.parts):
            continue  # folders are made as needed; checkpoints and caches are not the course
        target = out / relative
        if target.exists():
            continue  # the learner's file, perhaps edited: leave it alone
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
        copied.append(target)
    return copied


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE,
                        help="the course's notebooks (default: notebooks/)")
    parser.add_argument("--out", type=Path, default=WORKING_COPY,
                        help="the learner's working copy (default: my-notebooks/)")
    args = parser.parse_args(argv)
    copied = update_working_copy(args.source, args.out)
    if copied:
        print(f"Copied {len(copied)} files from {args.source} into your working copy {args.out}.")
    print(f"Your working copy is {args.out}: edit it freely. To start a notebook afresh, delete "
          "it there and run make lab again.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
