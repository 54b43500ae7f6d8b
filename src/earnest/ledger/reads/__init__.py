"""Reads: what the pages, the CLI and the API show, built set-based from the ledger's rows."""
