"""Writes. Each service is one transaction, takes keyword arguments and calls the domain for rules."""
