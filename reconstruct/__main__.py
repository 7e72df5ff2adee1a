"""Entry point for `python -m reconstruct`."""

import sys

from reconstruct.cli import main

sys.exit(main())
