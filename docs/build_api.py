"""Build the API reference (HTML) from the docstrings with pdoc: ``python docs/build_api.py [OUT]``.

Needs the ``docs`` extra (``pip install -e '.[docs]'``); writes docs/api/ by default (not kept
in the repository). Every module of ``critmin`` is documented, the public facade first; the
examples in the docstrings are run by tests/test_api_docs.py.
"""

from __future__ import annotations

import pkgutil
import sys
from pathlib import Path

import pdoc
import pdoc.render

import critmin
import critmin.assistant

DEFAULT_OUT = Path(__file__).resolve().parent / "api"


def module_names() -> list[str]:
    """``critmin`` and every package under it (pdoc documents each package's modules; the
    facade's ``__all__`` would otherwise hide them)."""
    names = ["critmin"]
    for package in (critmin, critmin.assistant):
        prefix = package.__name__ + "."
        names += [package.__name__] if package is not critmin else []
        names += [info.name for info in pkgutil.walk_packages(package.__path__, prefix)
                  if info.ispkg and ".shipped" not in info.name]
    return list(dict.fromkeys(names))


def build(out: Path = DEFAULT_OUT) -> list[Path]:
    """Write the HTML reference into ``out``; the pages written."""
    for name in critmin.__all__:  # the facade loads two names on first use: load them for pdoc
        getattr(critmin, name)
    pdoc.render.configure(docformat="restructuredtext", show_source=False, search=True,
                          footer_text=f"critmin {critmin.__dict__.get('__version__', '')}".strip())
    pdoc.pdoc(*module_names(), output_directory=out)
    return sorted(out.rglob("*.html"))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    pages = build(target)
    print(f"wrote {len(pages)} pages to {target}")
