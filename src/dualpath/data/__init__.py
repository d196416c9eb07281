"""Package data that ships with dualpath (sample exports for the README and tests)."""
