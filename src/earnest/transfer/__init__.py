"""Bringing data in and out: CRM CSV files, calendars, email, whole-workspace backups."""
