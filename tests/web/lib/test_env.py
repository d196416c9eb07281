from __future__ import annotations

from pathlib import Path

import pytest

from dualpath.web.lib.env import EnvError, env_bool, env_choice, env_int, env_list, env_str


@pytest.mark.parametrize("word", ["1", "true", "TRUE", "yes", "On"])
def test_it_reads_true_words_as_true(word: str) -> None:
    assert env_bool("X", False, environ={"X": word}) is True


@pytest.mark.parametrize("word", ["0", "false", "No", "off", ""])
def test_it_reads_false_words_as_false(word: str) -> None:
    assert env_bool("X", True, environ={"X": word}) is False


def test_it_refuses_a_boolean_typo_instead_of_guessing() -> None:
    with pytest.raises(EnvError, match="X='ture' is not a boolean"):
        env_bool("X", False, environ={"X": "ture"})


def test_it_uses_the_default_when_the_variable_is_absent() -> None:
    assert env_bool("X", True, environ={}) is True
    assert env_str("X", "fallback", environ={}) == "fallback"
    assert env_int("X", 7, environ={}) == 7
    assert env_list("X", ["a"], environ={}) == ["a"]


def test_it_reads_a_secret_from_the_file_named_by_name_file(tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("s3cret\n", encoding="utf-8")
    assert env_str("KEY", environ={"KEY_FILE": str(secret)}) == "s3cret"


def test_it_refuses_both_a_value_and_a_file() -> None:
    with pytest.raises(EnvError, match="either KEY or KEY_FILE"):
        env_str("KEY", environ={"KEY": "a", "KEY_FILE": "/nonexistent"})


def test_it_names_the_file_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(EnvError, match="KEY_FILE: cannot read"):
        env_str("KEY", environ={"KEY_FILE": str(missing)})


def test_it_refuses_a_number_that_is_not_whole_or_too_small() -> None:
    with pytest.raises(EnvError, match="not a whole number"):
        env_int("N", 1, environ={"N": "1.5"})
    with pytest.raises(EnvError, match="below the minimum of 1"):
        env_int("N", 1, minimum=1, environ={"N": "0"})


def test_it_splits_a_list_on_commas_and_drops_blanks() -> None:
    assert env_list("L", [], environ={"L": " a.example, ,b.example "}) == [
        "a.example",
        "b.example",
    ]


def test_a_choice_is_one_of_its_words_in_any_case_or_an_error_naming_them() -> None:
    choices = ("local", "database")
    assert env_choice("C", "local", choices, environ={}) == "local"
    assert env_choice("C", "local", choices, environ={"C": " Database "}) == "database"
    with pytest.raises(EnvError, match="C='db' is not one of: local, database"):
        env_choice("C", "local", choices, environ={"C": "db"})
