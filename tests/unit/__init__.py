"""The core and small UI helpers, in process: no terminal, few subprocesses."""
