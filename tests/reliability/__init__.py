"""Bad days: faults, leaks, injection, hostile input, memory."""
