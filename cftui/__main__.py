"""Allow ``python -m cftui``."""

from cftui.cli import main

raise SystemExit(main())
