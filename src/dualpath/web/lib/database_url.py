"""Turn a ``DATABASE_URL`` into Django's ``DATABASES["default"]``.

Small on purpose (two schemes) so it needs no extra dependency: ``sqlite:////absolute/path``
(four slashes; three for a relative path or ``sqlite:///:memory:``) and ``postgres://`` / ``postgresql://user:password@host:port/name``
with ``?host=/socket/dir`` and other query parameters passed to psycopg as options.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["DatabaseUrlError", "parse_database_url"]


class DatabaseUrlError(ValueError):
    """The URL has a scheme or shape dualpath does not understand."""


_POSTGRES = ("postgres", "postgresql", "pgsql")


def parse_database_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:////abs/path.db (absolute), sqlite:///rel/path.db (relative), sqlite:///:memory:
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            raise DatabaseUrlError(
                "a SQLite URL needs three slashes, then the path: sqlite:////var/dualpath.db"
            )
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path[1:]}
    if scheme in _POSTGRES:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise DatabaseUrlError("a PostgreSQL URL needs a database name: postgresql://host/name")
        options = dict(parse_qsl(parts.query, keep_blank_values=False))
        host = options.pop("host", None) or unquote(parts.hostname or "")
        port = options.pop("port", None) or (str(parts.port) if parts.port else "")
        config: dict[str, Any] = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": host,
            "PORT": port,
            "CONN_MAX_AGE": int(options.pop("conn_max_age", "0")),
        }
        if options:
            config["OPTIONS"] = options
        return config
    raise DatabaseUrlError(
        f"unsupported database URL scheme {scheme!r}: use sqlite:/// or postgresql://"
    )
