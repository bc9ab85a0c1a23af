"""``cftui whoami`` against its peers: wall time and peak RSS, same request, same server.

Two legs, each interleaved on its own: loopback (the fake API answers at once), and every
answer held ``latency`` ms, as from a distant server. At loopback the cost of starting is
what shows; under latency, whether whoami's requests overlap: ``/user``, the token check and
the first page of memberships travel together, so whoami with all its sections should take
little more than the one-liner's single ``/user``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.benchmarks import summary
from tests.benchmarks.candidates import BARE, IN_VENV, SDK, Candidate, whoami_candidates
from tests.benchmarks.procs import ProcResult
from tests.benchmarks.report import Target, mib, ms, table
from tests.benchmarks.rounds import run_candidates
from tests.benchmarks.stats import Summary, ratio

MIB_25 = 25 * 1024
FLOOR = "import httpx, httpcore"
"""What any program on httpx's blocking transport imports before its first request."""
WHOAMI = "cftui whoami"
SDK_TARGET = "whoami ≤ 0.4× cloudflare SDK (loopback)"


def _summaries(
    results: Mapping[str, list[ProcResult]],
) -> tuple[dict[str, Summary], dict[str, Summary]]:
    wall = {n: Summary.of([r.seconds for r in rs]) for n, rs in results.items()}
    rss = {n: Summary.of([float(r.max_rss_kib) for r in rs]) for n, rs in results.items()}
    return wall, rss


def _loopback(
    url: str,
    expect_id: str,
    sdk_python: Path | None,
    httpx_python: Path,
    env: Mapping[str, str],
    runs: int,
    baseline: Path | None,
) -> tuple[list[str], dict[str, object], dict[str, Summary]]:
    candidates = whoami_candidates(url, expect_id, sdk_python, httpx_python, baseline)
    floor = Candidate(FLOOR, (str(httpx_python), "-c", FLOOR), "")
    results = run_candidates([*candidates, floor], env, runs, label="whoami")
    wall, rss = _summaries(results)
    summary.begin("`cftui whoami`: wall time")
    targets = [Target(WHOAMI, BARE, 0.85, "whoami ≤ 0.85× httpx one-liner (loopback)")]
    if SDK in wall:
        targets.append(Target(WHOAMI, SDK, 0.4, SDK_TARGET))
    wall_lines = table(wall, ms, targets)
    if SDK not in wall:
        summary.record(SDK_TARGET, "not measured", False)
        summary.explain(SDK_TARGET, "the SDK's venv could not be built here (see the header).")
    summary.begin("`cftui whoami`: peak RSS")
    rss_lines = table(rss, mib, [Target(WHOAMI, None, MIB_25, "whoami peak RSS ≤ 25 MiB")])
    _explain_loopback(wall, rss)
    lines = [
        "## `cftui whoami`: wall time",
        "",
        f"Against `{url.split('/client')[0]}/…` on loopback; every run must print the user id. "
        "`python -c pass` is the interpreter's own floor; "
        f"`{FLOOR}` (in the venv with httpx alone) is the floor of any program that fetches "
        "with httpx's blocking client, before its first request. "
        f"`{BARE}` runs in a venv with httpx alone; `{IN_VENV}` is the same line in cftui's "
        "venv, where the test tools bring click and with it httpx's own command-line tool "
        "(click, rich, pygments) into every `import httpx`.",
        "",
        *wall_lines,
        "",
        f"For reference: `cftui whoami` is {ratio(wall[WHOAMI], wall[IN_VENV]):.2f}× "
        f"`{IN_VENV}`; `cftui whoami --json` is "
        f"{ratio(wall['cftui whoami --json'], wall[BARE]):.2f}× `{BARE}`.",
        "",
        "## `cftui whoami`: peak RSS",
        "",
        "`ru_maxrss` of the command itself, taken by GNU `time` (see `procs.py`).",
        "",
        *rss_lines,
        "",
    ]
    raw: dict[str, object] = {
        n: [(r.seconds, r.max_rss_kib) for r in rs] for n, rs in results.items()
    }
    return lines, raw, wall


def _explain_loopback(wall: Mapping[str, Summary], rss: Mapping[str, Summary]) -> None:
    """What remains of a missed loopback target, from this run's own floors."""
    floor, bare, ours = wall[FLOOR].median, wall[BARE].median, wall[WHOAMI].median
    budget = 0.85 * bare
    if ours > budget:
        room = (
            f"leaves {ms(budget - floor)} for"
            if budget > floor
            else f"is {ms(floor - budget)} below that floor alone, leaving nothing for"
        )
        summary.explain(
            "whoami ≤ 0.85× httpx one-liner (loopback)",
            f"importing httpx and httpcore alone takes {ms(floor)} here "
            f"({floor / bare:.2f}× the one-liner): httpx's floor, paid by any program on its "
            f"blocking client. The target ({ms(budget)}) {room} cftui's own imports, its three "
            f"requests and the output; whoami takes {ms(ours - floor)} over the floor. Whose "
            "imports those are, and what cftui's dataclasses cost, is in *Import time*; "
            "`--profile` writes the pyinstrument profile of one run to `out/`.",
        )
    sdk = wall[SDK].median if SDK in wall else 0.0
    if sdk and ours > 0.4 * sdk:
        where = "below" if 0.4 * sdk < floor else "just above"
        summary.explain(
            SDK_TARGET,
            f"0.4× the SDK is {ms(0.4 * sdk)}, {where} the httpx import floor "
            f"({ms(floor)}); the same remainder as above.",
        )
    if rss[WHOAMI].median > MIB_25:
        summary.explain(
            "whoami peak RSS ≤ 25 MiB",
            f"`{FLOOR}` alone peaks at {mib(rss[FLOOR].median)} (the interpreter: "
            f"{mib(rss['python -c pass'].median)}; `ssl`, which `http.client` imports for "
            "httpx, maps OpenSSL); cftui's modules, threads and answers add "
            f"{mib(rss[WHOAMI].median - rss[FLOOR].median)}.",
        )


def _latency(
    url: str,
    latency_ms: float,
    expect_id: str,
    sdk_python: Path | None,
    httpx_python: Path,
    env: Mapping[str, str],
    runs: int,
    baseline: Path | None,
    loopback: Mapping[str, Summary],
) -> tuple[list[str], dict[str, object]]:
    """``loopback``: the loopback leg's wall times, to tell waiting from start-up."""
    candidates = whoami_candidates(
        url, expect_id, sdk_python, httpx_python, baseline, offline_too=False
    )
    results = run_candidates(candidates, {**env, "CLOUDFLARE_BASE_URL": url}, runs, label="lat")
    wall, _ = _summaries(results)
    label = f"whoami ≤ 1.2× httpx one-liner ({latency_ms:g} ms latency)"
    summary.begin(f"`cftui whoami` at {latency_ms:g} ms latency")
    wall_lines = table(wall, ms, [Target(WHOAMI, BARE, 1.2, label)])
    far = wall[WHOAMI].median - wall[BARE].median
    near = loopback[WHOAMI].median - loopback[BARE].median
    if wall[WHOAMI].median > 1.2 * wall[BARE].median:
        summary.explain(
            label,
            f"whoami is {ms(far)} behind the one-liner here and {ms(near)} at loopback: "
            f"{ms(far - near)} of it is waiting for answers that did not overlap, the rest is "
            "start-up (the loopback rows).",
        )
    lines = [
        f"## `cftui whoami` at {latency_ms:g} ms latency",
        "",
        f"The same peers against the fake API holding every answer {latency_ms:g} ms "
        "(`python -m tests.support.fake --latency`), as a distant server would. The one-liner "
        "fetches `/user` alone; `cftui whoami` also checks the token and lists the accounts, its "
        "requests overlapping.",
        "",
        *wall_lines,
        "",
    ]
    return lines, {n: [r.seconds for r in rs] for n, rs in results.items()}


def run(
    url: str,
    latency_url: str | None,
    latency_ms: float,
    expect_id: str,
    sdk_python: Path | None,
    httpx_python: Path,
    env: Mapping[str, str],
    runs: int,
    baseline: Path | None = None,
) -> tuple[list[str], dict[str, object]]:
    lines, loop_raw, near = _loopback(url, expect_id, sdk_python, httpx_python, env, runs, baseline)
    raw: dict[str, object] = {"loopback": loop_raw}
    if latency_url is not None:
        more, raw["latency"] = _latency(
            latency_url,
            latency_ms,
            expect_id,
            sdk_python,
            httpx_python,
            env,
            runs,
            baseline,
            near,
        )
        lines += more
    return lines, raw
