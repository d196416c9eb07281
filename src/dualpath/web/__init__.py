"""The Django project: settings, URLs and small apps by area (selfcheck, api, lib, …)."""
