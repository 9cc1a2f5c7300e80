import sys

from glossapp.cli import main

# The guard matters: index builds spawn worker processes, which import this module again.
if __name__ == "__main__":
    sys.exit(main())
