"""``python -m critmin.bench``: the same as ``critmin bench``."""

import sys

from critmin.cli.app import cli

cli.main(["bench", *sys.argv[1:]])
