"""Any failure in a user's words: its kind, the words for the whole screen, for one section
(accounts, policies, an invitation), for a command; the key that retries is the caller's."""

from __future__ import annotations

import pytest

from cftui.core.credentials.keystore import KeyringTimeoutError
from cftui.core.errors import (
    AccountTokenError,
    ApiError,
    AuthError,
    CftuiError,
    ConfigError,
    ExitCode,
    KeyringUnavailableError,
    MalformedResponseError,
    NetworkError,
    NoCredentialsError,
    RateLimitedError,
    ServerError,
    UsageError,
)
from cftui.core.problems import (
    ENV_HINT,
    READ_PERMISSION,
    WRITE_PERMISSION,
    ProblemKind,
    error_words,
    in_section_words,
    kind_of,
    reworded,
    section_problem,
)


def refused(code: int, status: int = 403) -> AuthError:
    return AuthError("refused", status=status, codes=(code,))


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (AuthError("no"), "auth"),
        (ApiError("no"), "auth"),
        (AccountTokenError("account token"), "account_token"),
        (NetworkError("down"), "network"),
        (ServerError("502"), "network"),
        (RateLimitedError("slow", retry_after=3), "rate_limited"),
        (MalformedResponseError("bad", path="result.id"), "malformed"),
        (KeyringUnavailableError("locked"), "keyring"),
        (NoCredentialsError("who"), "no_credentials"),
        (ConfigError("corrupt"), "config"),
        (UsageError("bad url"), "usage"),
        (CftuiError("odd"), "internal"),
        (KeyError("odd"), "internal"),
    ],
)
def test_every_error_has_one_kind(error: BaseException, kind: ProblemKind) -> None:
    assert kind_of(error) == kind


def test_the_screen_words_keep_the_errors_own_and_add_what_it_lacks() -> None:
    words = error_words(AuthError("Refused.", hint="Log in again."), retry_key="r")
    assert (words.title, words.message, words.hint) == (
        "Credentials rejected",
        "Refused.",
        "Log in again.",
    )
    assert words.exit_code == ExitCode.AUTH_REJECTED and words.retry_after is None
    assert error_words(KeyringUnavailableError("locked"), retry_key="r").hint == ENV_HINT
    assert error_words(RateLimitedError("slow", retry_after=-2), retry_key="r").retry_after == 0.0
    bad = error_words(MalformedResponseError("Bad body.", path="result.id"), retry_key="r")
    assert bad.message == "Bad body. (at result.id)"


def test_an_unexpected_error_names_the_key_that_retries_and_nothing_of_its_text() -> None:
    words = error_words(KeyError("secret-ish"), retry_key="f5")
    assert words.message == "Something unexpected went wrong inside cftui (KeyError)."
    assert words.hint is not None and words.hint.startswith("Press f5 to try again.")
    assert "secret-ish" not in f"{words.message} {words.hint}"


def test_a_section_names_the_key_it_is_given_or_says_to_run_the_command_again() -> None:
    slow = RateLimitedError("Slow.", retry_after=7.0)
    assert section_problem(slow, "accounts", retry_key="f5").hint == "Wait 7 s, then press f5."
    assert section_problem(slow, "accounts", retry_key=None).hint == "Wait 7 s, then try again."
    down = NetworkError("Timed out.")
    assert section_problem(down, "policies", retry_key="f5").hint == "Press f5 to retry."
    assert section_problem(down, "policies", retry_key=None).hint == (
        "Run the command again to retry."
    )


def test_a_command_gets_a_reworded_copy_and_the_caught_error_is_left_alone() -> None:
    caught = refused(9109)
    worded = in_section_words(caught, "invitation")
    assert worded is not caught and type(worded) is AuthError
    assert (caught.message, caught.hint) == ("refused", None)
    assert "refused to answer the invitation (code 9109)" in worded.message
    assert str(worded.args[0]) == worded.message
    assert (
        worded.hint
        == "With Memberships Write (User → Memberships → Edit) cftui can answer invitations."
    )
    assert (worded.codes, worded.status, worded.exit_code) == ((9109,), 403, caught.exit_code)
    network = NetworkError("down")
    assert in_section_words(network, "accounts") is network  # not a refusal: said as it is


def test_a_reworded_error_is_a_copy_of_its_kind() -> None:
    caught = KeyringTimeoutError("The keyring did not answer.", detail="backend: file")
    hint = reworded(caught, hint="Try again.")
    assert type(hint) is KeyringTimeoutError and hint is not caught
    assert (hint.message, hint.hint, hint.detail) == (caught.message, "Try again.", "backend: file")
    assert caught.hint is None
    said = reworded(caught, message="Said otherwise.")
    assert str(said) == "Said otherwise." and said.hint is None and str(caught) == caught.message


# -- a section's words -----------------------------------------------------------------------------


@pytest.mark.parametrize("code", [9109, 10000])
def test_a_missing_read_permission_is_named(code: int) -> None:
    problem = section_problem(refused(code), "accounts", retry_key="r")
    assert problem.permission == READ_PERMISSION and not problem.retryable
    assert f"(code {code})" in problem.message
    assert problem.hint.startswith("With Memberships Read (User → Memberships → Read) cftui")


def test_an_account_token_is_told_memberships_belong_to_a_user() -> None:
    problem = section_problem(refused(9106, 400), "accounts", retry_key="r")
    assert problem.title == "Accounts need a user token"
    assert "this is an account API token" in problem.message
    assert "user API token with Memberships Read" in problem.hint


def test_a_refused_answer_names_memberships_write() -> None:
    problem = section_problem(refused(9109), "invitation", retry_key="r")
    assert problem.permission == WRITE_PERMISSION
    assert "refused to answer the invitation (code 9109)" in problem.message
    assert "Memberships Write (User → Memberships → Edit)" in problem.hint


@pytest.mark.parametrize(
    ("error", "title", "hint"),
    [
        (RateLimitedError("Slow.", retry_after=7.0), "Rate limited", "Wait 7 s, then press r."),
        (ServerError("HTTP 502.", status=502), "Cloudflare error", "Press r to retry."),
        (NetworkError("Timed out."), "Network error", "Press r to retry."),
        (
            MalformedResponseError("Bad.", path="result[3].roles"),
            "Malformed answer",
            "Press r to retry.",
        ),
    ],
)
def test_passing_trouble_says_what_failed_and_to_retry(
    error: CftuiError, title: str, hint: str
) -> None:
    problem = section_problem(error, "accounts", retry_key="r")
    assert (problem.title, problem.hint) == (title, hint)
    assert problem.permission is None and problem.retryable


def test_a_lost_invitation_answer_is_not_called_unchanged() -> None:
    problem = section_problem(
        NetworkError("The connection was reset."), "invitation", retry_key="r"
    )
    assert "may or may not have been answered" in problem.message
    assert "Refresh (r)" in problem.hint
    failed = section_problem(ServerError("HTTP 500.", status=500), "invitation", retry_key="r")
    assert "may or may not have been answered" in failed.message
    refused_put = section_problem(
        RateLimitedError("Slow down.", status=429), "invitation", retry_key="r"
    )
    assert refused_put.hint == "Wait a minute, then try again."


def test_a_lost_invitation_answer_in_a_command_names_the_command_not_a_key() -> None:
    problem = section_problem(
        NetworkError("The connection was reset."), "invitation", retry_key=None
    )
    assert "may or may not have been answered" in problem.message
    assert problem.hint == "Run `cftui invites` to see where it stands before trying again."


def test_a_missing_permission_has_a_brief_form_for_a_short_panel() -> None:
    problem = section_problem(refused(9109), "accounts", retry_key="r")
    assert problem.brief == "Cloudflare refused to list your memberships (code 9109)."
    assert "IP filter" in problem.message  # the whole story stays where there is room
    other = section_problem(NetworkError("Could not connect."), "accounts", retry_key="r")
    assert other.brief == other.message == "Could not connect."
