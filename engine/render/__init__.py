"""Everything shown to a person, laid out: explanations and what-ifs in words (``text``),
tables, diffs, trees and plots. The words themselves come from :mod:`critmin.words`."""

from critmin.render.dispatch import text

__all__ = ["text"]
