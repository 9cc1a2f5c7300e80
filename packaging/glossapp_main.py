"""Entry point of the frozen app: the same `glossapp` command as the venv's console script."""

import sys

from glossapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
