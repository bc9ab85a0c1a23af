"""The one fake Cloudflare API: one router, two front ends, the bodies they send.

    router.py       request (scenario, method, route, query, body, headers) -> the answer
    server.py       front end: a real HTTP server on 127.0.0.1, scenario by path prefix
                    (``FakeApi``; the session fixture ``fake_api``; ``python -m
                    tests.support.fake --scenario ok``)
    transport.py    front end: the same router behind ``httpx.MockTransport``, in process
                    (``WorldApi``: an app's or a client's transport, pages held on demand)
    canned.py       ``Canned`` answers and the ``/user`` scenarios (``CANNED``)
    routes.py       what scenarios answer beyond ``/user`` (``ROUTED``, ``DEFAULT_ROUTES``)
    worlds.py       ``/memberships`` per scenario (``World``, ``WORLDS``)
    accounts.py     body builders: refusals, token verify, ``/accounts``, real-shaped users
    memberships.py  body builders: membership pages, policies, the answer to an invitation
    asked.py        ``Asked`` (one request as the router sees it) and ``Reply``
    fleet.py        ``fleet``: one persona per credential sent, for ``cftui status``
    tokens.py       ``tokens*``: a stateful world of user API tokens where a roll works
    token_bodies.py body builders: user API tokens with every flag, policies
    gate.py         ``Gate``: a scenario's answers held until N requests are in (they left together)
    request_log.py  ``python -m tests.support.fake.request_log -- whoami``: one command's requests

Raw-socket servers for what no HTTP library sends are another tool:
``tests.support.raw_socket_servers``.

Adding a scenario (each is served by both front ends, and listed by ``--list``):
- it differs in what ``/user`` answers: one ``Canned`` in ``canned.CANNED``;
- it differs on other routes (``user/tokens/verify``, ``accounts``, ...): one entry
  ``name: {route: Canned}`` in ``routes.ROUTED``;
- it is a ``/memberships`` world: one ``name: lambda: World(...)`` in ``worlds.WORLDS``;
- it answers from the whole request (which credential asked, the query, a body): a module
  of its own with ``answer(asked: Asked) -> Reply``, and one line ``"name": module.answer``
  in ``router.HANDLED``;
- a new family of routes every scenario answers (a list with pages, say): a module of its
  own, and one line in ``router.FAMILIES`` by the route's first segment;
- one test's own body: ``fake_api.add(name, canned, routes=..., world=...)`` on the server,
  ``WorldApi(world)`` in process.
"""
