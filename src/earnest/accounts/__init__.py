"""Signing in: a one-time login link for the local owner, and Django's password login for teams."""
