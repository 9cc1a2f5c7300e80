"""Entry point of the frozen app: the same `glossapp` command as the venv's console script."""

import multiprocessing
import sys

from glossapp.cli import main

if __name__ == "__main__":
    # Index builds of large libraries spawn worker processes; in a frozen app each worker
    # re-runs this executable, and freeze_support() turns it into a worker, not a window.
    multiprocessing.freeze_support()
    sys.exit(main())
