"""Self-check views, one module per page."""
