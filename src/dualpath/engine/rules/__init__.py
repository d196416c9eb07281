"""Clinical rule data files (``*.yaml``): crisis lines, safety, level of care, plans, progress.

Each file has a ``version`` and each rule an ``id`` and a ``source``; the engine's Python
modules evaluate them. See ``docs/assessment.md`` for the format.
"""
