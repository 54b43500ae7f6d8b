"""The REST API (django-ninja) under /api/v1/: a thin adapter over ledger services and selectors."""
