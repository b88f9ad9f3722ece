"""`python -m assistant` is the same as `baocao` (DESIGN.md contract)."""

import sys

from cli.main import main

sys.exit(main())
