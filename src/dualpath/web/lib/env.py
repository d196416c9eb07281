"""Read settings from the environment, strictly.

Every setting of the web app comes from an environment variable (documented in
docs/settings.md). A typo such as ``DUALPATH_DEBUG=ture`` must fail loudly at start-up rather
than silently meaning "off", so booleans accept only a short list of words. Secrets may be given
as ``NAME_FILE`` (a path whose content is the value), the convention of Docker and systemd
credentials, so they never have to sit in the process environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

__all__ = ["EnvError", "env_bool", "env_choice", "env_int", "env_list", "env_str"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


class EnvError(ValueError):
    """An environment variable holds a value that cannot mean anything sensible."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    env = os.environ if environ is None else environ
    file_name = env.get(f"{name}_FILE")
    if file_name:
        if name in env:
            raise EnvError(f"set either {name} or {name}_FILE, not both")
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise EnvError(f"{name}_FILE: cannot read {file_name!r}: {exc.strerror}") from exc
    return env.get(name)


def env_str(name: str, default: str = "", *, environ: Mapping[str, str] | None = None) -> str:
    """The value of ``name`` (or the content of the file named by ``name_FILE``)."""
    value = _raw(name, environ)
    return default if value is None else value


def env_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] | None = None
) -> str:
    """One of ``choices`` (any case); anything else is an error naming them."""
    value = _raw(name, environ)
    if value is None or not value.strip():
        return default
    word = value.strip().lower()
    if word not in choices:
        raise EnvError(f"{name}={value!r} is not one of: {', '.join(choices)}")
    return word


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """``1/true/yes/on`` or ``0/false/no/off`` (any case); anything else is an error."""
    value = _raw(name, environ)
    if value is None:
        return default
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise EnvError(
        f"{name}={value!r} is not a boolean: use one of 1, true, yes, on, 0, false, no, off"
    )


def env_int(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """A whole number, optionally at least ``minimum``."""
    value = _raw(name, environ)
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise EnvError(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise EnvError(f"{name}={number} is below the minimum of {minimum}")
    return number


def env_list(
    name: str, default: list[str], *, environ: Mapping[str, str] | None = None
) -> list[str]:
    """A comma-separated list; blanks around items are dropped, empty items ignored."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [part.strip() for part in value.split(",") if part.strip()]
