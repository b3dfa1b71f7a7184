"""Entry point of the windowed executable (no console on Windows)."""

import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
