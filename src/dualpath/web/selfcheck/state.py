"""Where an unfinished check lives: the person's signed session cookie, keyed by a random token.

The token in the URL is opaque and random, so a URL says nothing about the answers; the
session holds at most one check, so the cookie stays small and an old check cannot pile up.
"""

from __future__ import annotations

import secrets
from typing import Any, Required, TypedDict

from django.contrib.sessions.backends.base import SessionBase

__all__ = ["CheckState", "forget_checks", "get_check", "new_check", "save_check"]

_KEY = "check"


class SharedInfo(TypedDict):
    code: str
    expires: str


class CheckState(TypedDict, total=False):
    token: Required[str]
    answers: Required[dict[str, dict[str, str]]]
    order: Required[list[str]]
    share_key: Required[str]
    shared: SharedInfo


def new_check(session: SessionBase) -> CheckState:
    state: CheckState = {
        "token": secrets.token_urlsafe(12),
        "answers": {},
        "order": [],
        "share_key": secrets.token_urlsafe(24),
    }
    session[_KEY] = state
    return state


def get_check(session: SessionBase, token: str | None = None) -> CheckState | None:
    """The check in this session, if any (and if ``token`` is given, only when it matches)."""
    state: Any = session.get(_KEY)
    if not isinstance(state, dict) or not isinstance(state.get("token"), str):
        return None
    if token is not None and not secrets.compare_digest(state["token"], token):
        return None
    state.setdefault("answers", {})
    state.setdefault("order", [])
    state.setdefault("share_key", secrets.token_urlsafe(24))
    checked: CheckState = state  # type: ignore[assignment]
    return checked


def save_check(session: SessionBase, state: CheckState) -> None:
    session[_KEY] = state
    session.modified = True


def forget_checks(session: SessionBase) -> None:
    session.pop(_KEY, None)
