"""Reading a deployment's licensed item wording from its own file, for every shell.

The command line (``--wording FILE``) and the web app (``DUALPATH_WORDING_FILE``) call
:func:`load_wording_file` once at start-up; the engine checks the content and lays it over
the shipped definitions (:func:`dualpath.engine.use_local_wording`). The file stays with the
deployment: dualpath never ships or copies it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from dualpath.engine import DefinitionError, use_local_wording

__all__ = ["ENV_VAR", "WordingFileError", "load_wording_file"]

ENV_VAR = "DUALPATH_WORDING_FILE"


class WordingFileError(ValueError):
    """The wording file cannot be read or does not fit the definitions (message says why)."""


def load_wording_file(path: Path) -> tuple[str, ...]:
    """Read ``path`` (YAML or JSON) and use its wording; return the instrument ids it covers."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise WordingFileError(f"{path}: cannot read it: {reason}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise WordingFileError(f"{path}: not valid YAML or JSON: {exc}") from None
    try:
        return use_local_wording(data, str(path))
    except DefinitionError as exc:
        raise WordingFileError(str(exc)) from None
