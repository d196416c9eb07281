"""The public self-check: a private, adaptive questionnaire anyone can take on a cheap phone."""
