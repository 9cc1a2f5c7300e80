import sys

from glossapp.cli import main

sys.exit(main())
