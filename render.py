"""Main job: render ``data/places.csv`` as the story map ``maps/trotsky.html``.

``python render.py --help`` lists the options; this is the same as
``python -m geo render``. All logic lives in :mod:`geo`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from geo.cli import main as _cli_main


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``geo render`` with ``argv`` (default: the command line); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    return _cli_main(["render", *args])


if __name__ == "__main__":
    sys.exit(main())
