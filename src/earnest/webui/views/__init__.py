"""One module per page. Each view fetches through `permissions`, calls a service or selector, renders."""
