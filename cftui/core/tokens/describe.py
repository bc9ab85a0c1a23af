"""A token's policies in words: one line for a list, and every policy for a closer look.

The summary reads like ``DNS Write on 3 zones · Account Settings Read on all accounts``: per
policy its permission groups by name and what they cover, a deny policy said as one. The
description keeps every permission group and resource, named where the caller knows the
names (accounts and zones it listed), with the token's IP condition. Pure: the words depend
on the token alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cftui.core.models.user_token import IpCondition, TokenDetails, TokenPolicy
from cftui.core.tokens.resources import read_resources, resource_words, where_words

GROUPS_IN_SUMMARY = 3
"""Permission groups named per policy in the one-line summary; the rest are counted."""
UNNAMED_GROUP = "(unnamed permission group)"


def _group_names(policy: TokenPolicy) -> list[str]:
    return [g.name or g.id or UNNAMED_GROUP for g in policy.permission_groups]


def _is_deny(policy: TokenPolicy) -> bool:
    return (policy.effect or "").casefold() == "deny"


def policy_summary(policy: TokenPolicy) -> str:
    """``DNS Write, Zone Read on 3 zones``; ``deny Billing Read on 1 account``."""
    names = _group_names(policy) or ["no permission groups"]
    shown = ", ".join(names[:GROUPS_IN_SUMMARY])
    if len(names) > GROUPS_IN_SUMMARY:
        shown += f" and {len(names) - GROUPS_IN_SUMMARY:,} more"
    said = f"{shown} on {where_words(read_resources(policy.resources))}"
    return f"deny {said}" if _is_deny(policy) else said


def scope_summary(token: TokenDetails) -> str:
    """Every policy's summary, ``·`` between them; ``no policies`` for a token without any."""
    if not token.policies:
        return "no policies"
    return " · ".join(policy_summary(p) for p in token.policies)


def ip_words(ip: IpCondition | None) -> str:
    """``only from 192.0.2.0/24; not from 198.51.100.7/32``, or ``from any IP address``."""
    if ip is None or not (ip.allowed or ip.denied):
        return "from any IP address"
    parts = []
    if ip.allowed:
        parts.append("only from " + ", ".join(ip.allowed))
    if ip.denied:
        parts.append("not from " + ", ".join(ip.denied))
    return "; ".join(parts)


def ip_restricted(ip: IpCondition | None) -> bool:
    return ip is not None and bool(ip.allowed or ip.denied)


@dataclass(frozen=True, slots=True)
class PolicyWords:
    """One policy for a closer look: whether it allows or denies, the permission groups by
    name, and each resource in words."""

    effect: str  # "allow", "deny", or the API's word as sent ("unknown" when absent)
    groups: tuple[str, ...]
    resources: tuple[str, ...]
    summary: str

    def lines(self) -> list[str]:
        """``Allow: DNS Write, Zone Read`` then ``  on zone example.com (id)``, one a line."""
        head = f"{self.effect.capitalize()}: {', '.join(self.groups) or 'no permission groups'}"
        return [head, *(f"  on {r}" for r in self.resources or ("nothing",))]


@dataclass(frozen=True, slots=True)
class TokenWords:
    """A token's policies and IP condition in words."""

    policies: tuple[PolicyWords, ...]
    ip: str
    summary: str

    def lines(self) -> list[str]:
        out = [line for p in self.policies for line in p.lines()] or ["No policies."]
        return [*out, f"Usable {self.ip}."]


def describe_policy(policy: TokenPolicy, names: Mapping[str, str] | None = None) -> PolicyWords:
    resources = read_resources(policy.resources)
    return PolicyWords(
        effect=(policy.effect or "unknown").casefold(),
        groups=tuple(_group_names(policy)),
        resources=tuple(resource_words(r, names) for r in resources),
        summary=policy_summary(policy),
    )


def describe_token(token: TokenDetails, names: Mapping[str, str] | None = None) -> TokenWords:
    """Every policy of ``token`` in words; ``names`` maps account and zone ids to names."""
    return TokenWords(
        policies=tuple(describe_policy(p, names) for p in token.policies),
        ip=ip_words(token.ip),
        summary=scope_summary(token),
    )
