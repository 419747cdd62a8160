"""``python -m tui``: the same as the ``ritmas`` command."""

import sys

from tui.cli import main

sys.exit(main())
