"""Entry point of the windowed executable (no console on Windows)."""

import sys

from counter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
