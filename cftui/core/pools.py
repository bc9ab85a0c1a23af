"""Thread pools for requests that may hang: waited for when the work ends, abandoned when it is
interrupted.

``with ThreadPoolExecutor()`` waits for every running thread on the way out, also when Ctrl-C
or SIGTERM is what is leaving: a command then ended only when its slowest request had timed
out (18 s for a ``whoami`` against a slow API). Interrupted, the pool here stops taking work
and leaves the threads behind; the command line then ends the process without joining them
(``cftui.cli.main``).
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

THREAD_PREFIX = "cftui-"


@contextmanager
def thread_pool(workers: int, name: str) -> Iterator[ThreadPoolExecutor]:
    pool = ThreadPoolExecutor(max(workers, 1), thread_name_prefix=THREAD_PREFIX + name)
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
