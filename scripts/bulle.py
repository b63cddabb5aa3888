#!/usr/bin/env python3
"""Bulle's command line, runnable from a checkout: `python scripts/bulle.py check`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # works without `pip install -e .`

from bulle.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
