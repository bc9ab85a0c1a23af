"""The encrypted-file backend's install line works where cftui runs: it names the Python that
runs this cftui (``pip`` on PATH may be the system's, and cftui's distribution is not on the
package index) and the requirement the ``cryptfile`` extra names."""

from __future__ import annotations

import shlex
import sys
import tomllib

from cftui.core.credentials.keyring_backend import CRYPTFILE_REQUIREMENT, cryptfile_install_line
from tests.support.fixed_clock import REPO


def test_the_requirement_is_the_extra_s() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["optional-dependencies"]["cryptfile"] == [CRYPTFILE_REQUIREMENT]


def test_the_line_runs_this_python_s_pip() -> None:
    assert shlex.split(cryptfile_install_line()) == [
        sys.executable,
        "-m",
        "pip",
        "install",
        CRYPTFILE_REQUIREMENT,
    ]
