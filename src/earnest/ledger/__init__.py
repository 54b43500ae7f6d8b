"""The Django adapter of the commitment ledger: models, services (writes) and selectors (reads)."""
