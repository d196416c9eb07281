"""Small synthetic exports: ``phq9_export.csv`` (NHANES-style PHQ-9, made by
``bench/make_sample_export.py``)."""
