"""``cftui help [TOPIC]``: what no single command's ``--help`` holds. One topic for now,
``environment``: every variable cftui reads, so that a setting found in a script or a CI
file can be looked up without reading the source.

The topics' text is printed as written (already within 80 columns), not re-flowed.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cftui.cli.options import epilog, examples, exit_codes

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands

ENVIRONMENT = """\
Environment variables cftui reads (none is needed: a saved profile is enough).

Credentials, in order: --profile NAME, CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL +
CLOUDFLARE_API_KEY, the default profile (a token wins over a key).

  CLOUDFLARE_API_TOKEN       an API token, used instead of the default profile
  CLOUDFLARE_EMAIL           with CLOUDFLARE_API_KEY: a legacy Global API key
  CLOUDFLARE_API_KEY         the Global API key that goes with CLOUDFLARE_EMAIL
  CLOUDFLARE_BASE_URL        the API base URL (default: Cloudflare's; http://
                             only for loopback addresses)
  CFTUI_CONFIG_DIR           the directory of the profile index (config.json)
  PYTHON_KEYRING_BACKEND     the keyring backend, as a Python class path
                             (default: the OS keyring found)
  KEYRING_CRYPTFILE_PASSWORD the passphrase of a keyrings.cryptfile keyring
                             (asked on the terminal when unset)
  DBUS_SESSION_BUS_ADDRESS   the session bus of the Secret Service keyring
  HTTPS_PROXY, HTTP_PROXY    the proxy to the API (lower case too; never for
                             loopback)
  ALL_PROXY                  the proxy when no per-scheme one is set
  NO_PROXY                   hosts reached without the proxy
  SSL_CERT_FILE              a CA bundle trusted instead of the system's
  SSL_CERT_DIR               a directory of CA certificates, the same way
  TMUX, STY, TERM            the app: how copying an id reaches the clipboard
  PATH                       the app: where the tmux command is found
  COLUMNS                    the width help is wrapped to (at most 80)

A malformed setting (a refused base URL, a missing SSL_CERT_FILE, a proxy cftui
cannot use) is a usage error, exit 2, before any request."""

TOPICS = {"environment": (ENVIRONMENT, "every environment variable cftui reads")}


def grammar(commands: Commands) -> None:
    parser = commands.add_parser(
        "help",
        help="help on a topic: environment",
        description="Help that belongs to no single command. `cftui help` lists the topics; "
        "`cftui COMMAND --help` is each command's own.",
        epilog=epilog(
            examples("cftui help", "cftui help environment", "cftui help environment | grep PROXY"),
            exit_codes(0, 1, 2, signals=False, c2="usage (an unknown topic)"),
        ),
    )
    parser.add_argument("topic", nargs="?", choices=tuple(TOPICS), help="the topic to show")


def run(args: argparse.Namespace, context: Context) -> int:
    topic: str | None = args.topic
    if topic is not None:
        print(TOPICS[topic][0])
        return 0
    print("Help topics, shown by `cftui help TOPIC`:")
    for name, (_text, summary) in TOPICS.items():
        print(f"  {name:<12} {summary}")
    print("Each command's own: `cftui COMMAND --help`.")
    return 0
