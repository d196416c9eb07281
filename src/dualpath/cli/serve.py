"""``dualpath serve``: the web app on SQLite with demo data, ready in one command.

It turns on development mode (a local secret key, plain-HTTP cookies) unless the
environment says otherwise, migrates, loads demo data idempotently, collects static files
and runs Django's threaded server without the auto-reloader. For production use gunicorn
with ``dualpath.web.wsgi:application`` (docs/web.md).
"""

from __future__ import annotations

import os
from pathlib import Path

import click


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-demo", is_flag=True, help="Do not load the demo data.")
def serve(host: str, port: int, no_demo: bool) -> None:
    """Start the web app (SQLite and demo data by default) and print its URL."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dualpath.web.settings")
    os.environ.setdefault("DUALPATH_DEV", "true")
    if "DUALPATH_ALLOWED_HOSTS" not in os.environ and host not in ("127.0.0.1", "localhost", "::1"):
        os.environ["DUALPATH_ALLOWED_HOSTS"] = f"localhost,127.0.0.1,[::1],{host}"
    data_dir = Path(os.environ.get("DUALPATH_DATA_DIR", "var")).resolve()
    (data_dir / "static").mkdir(parents=True, exist_ok=True)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not no_demo:
        call_command("load_demo", verbosity=0)
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
    click.echo(f"dualpath is running at http://{_address(shown, port)}/  (Ctrl+C stops it)")
    call_command("runserver", _address(host, port), use_reloader=False, use_threading=True)
