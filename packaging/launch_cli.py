"""Entry point of the console executable (counter-app-cli): the same commands, with a console."""

import sys

from counter_app.cli import main

if __name__ == "__main__":
    sys.exit(main())
