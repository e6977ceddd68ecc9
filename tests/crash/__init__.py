"""Crash tests: the real server killed with SIGKILL while it writes, then audited."""
