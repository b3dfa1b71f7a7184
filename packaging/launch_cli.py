"""Entry point of the console executable (counter-app-cli): the same commands, with a console."""

import sys

from cli.main import main

if __name__ == "__main__":
    sys.exit(main())
