"""`cftui doctor`: its checks, the run that makes them, and the report."""
