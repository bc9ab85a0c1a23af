"""One exchange on the wire: base URL, proxy and certificates, one deadline, capped decoding.

Below the clients and above nothing else in ``api``: it knows bytes, statuses and headers, not
envelopes or endpoints, so the clients and ``doctor``'s reachability probe share it.
"""
