from __future__ import annotations

import pytest

from dualpath.web.lib.database_url import DatabaseUrlError, parse_database_url


def test_it_reads_a_postgresql_url_with_credentials_host_and_port() -> None:
    config = parse_database_url("postgresql://ann:p%40ss@db.example:5433/dualpath")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"]) == ("ann", "p@ss")
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", "5433", "dualpath")


def test_it_takes_a_socket_directory_from_the_host_parameter() -> None:
    config = parse_database_url("postgresql://dualpath@/postgres?host=/run/dualpath-pg")
    assert config["HOST"] == "/run/dualpath-pg"
    assert config["NAME"] == "postgres"
    assert "OPTIONS" not in config


def test_it_passes_other_query_parameters_as_options() -> None:
    config = parse_database_url("postgres://u@h/db?sslmode=require&conn_max_age=60")
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert config["CONN_MAX_AGE"] == 60


def test_it_reads_a_sqlite_url_with_an_absolute_path() -> None:
    assert parse_database_url("sqlite:////var/lib/dualpath/db.sqlite3") == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/var/lib/dualpath/db.sqlite3",
    }


def test_it_refuses_a_relative_sqlite_path() -> None:
    with pytest.raises(DatabaseUrlError, match="three slashes"):
        parse_database_url("sqlite://relative.db")


def test_it_refuses_an_unknown_scheme() -> None:
    with pytest.raises(DatabaseUrlError, match="unsupported database URL scheme 'mysql'"):
        parse_database_url("mysql://u@h/db")


def test_it_refuses_a_postgresql_url_without_a_database_name() -> None:
    with pytest.raises(DatabaseUrlError, match="needs a database name"):
        parse_database_url("postgresql://u@h")


def test_it_reads_a_relative_sqlite_path_after_three_slashes() -> None:
    assert parse_database_url("sqlite:///var/db.sqlite3")["NAME"] == "var/db.sqlite3"
