"""Entry point of ``python -m lib``."""

import sys

from lib.cli import main

if __name__ == "__main__":
    sys.exit(main())
