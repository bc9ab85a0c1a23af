"""Allow ``python -m cftui``."""

from cftui.cli.main import main

raise SystemExit(main())
