"""`python -m fairplanner` is the `fairplanner` command."""

import sys

from fairplanner.cli import main

sys.exit(main())
