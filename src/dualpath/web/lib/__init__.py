"""Small pure helpers for the web project, each with its tests in tests/web/lib/."""
