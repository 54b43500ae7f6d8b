"""The browser app: server-rendered pages with HTMX for in-page updates. Views are thin."""
