"""``cftui tokens``'s text stays within 80 columns whatever the API sends: long names, many
permission groups, resource keys with no space to break at."""

from __future__ import annotations

from cftui.commands.tokens_output import format_list
from cftui.core.models.user_token import parse_token_details
from cftui.core.tokens.inventory import rows
from tests.support.fake.token_bodies import OFFICE, policy, token
from tests.support.fixed_clock import FIXED_NOW


def test_every_line_fits_80_columns() -> None:
    groups = [f"Group number {n} with a long name" for n in range(30)]
    key = "com.cloudflare.edge.r2.bucket." + "x" * 300
    body = token(
        1,
        "N" * 200,
        FIXED_NOW,
        policies=[policy(n, groups, {key: "*"}) for n in range(8)],
        ip={"in": [f"192.0.2.{n}/32" for n in range(40)], "not_in": OFFICE["not_in"]},
    )
    listed = rows([parse_token_details(body)], FIXED_NOW, current_id=body["id"])
    text = format_list(listed, marked=True)
    assert max(len(line) for line in text.splitlines()) <= 80
    head = text.splitlines()[2]
    assert head.startswith("* NNN") and head.endswith("…  [active]  (in use)")


def test_no_tokens_says_so() -> None:
    assert format_list([], marked=True) == "No API tokens."
