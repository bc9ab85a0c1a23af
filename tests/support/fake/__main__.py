"""``python -m tests.support.fake --scenario ok``: the loopback server until Ctrl-C."""

import sys

from tests.support.fake.server import main

sys.exit(main())
