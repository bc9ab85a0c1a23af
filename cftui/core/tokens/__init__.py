"""The user's API tokens: what each may do in words, what needs attention, and rolling one.

Pure where it can be (``resources``, ``describe``, ``hygiene``: functions of a token and
``now``); the listing (``inventory``), finding which credential holds a token (``holders``)
and rolling it into the keyring (``roll``) take a client and a profile store from the caller.
"""
