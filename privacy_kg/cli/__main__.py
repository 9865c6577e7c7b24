"""`python -m privacy_kg.cli`: the same as the `privacy-kg` command."""

import sys

from .app import main

sys.exit(main())
