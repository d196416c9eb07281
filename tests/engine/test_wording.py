"""A deployment's licensed wording: checked strictly, laid over the definitions, scores kept."""

from __future__ import annotations

from typing import Any

import pytest

from dualpath.engine import (
    DefinitionError,
    get_instrument,
    list_instruments,
    score,
    use_local_wording,
)

LICENCE = "SHAPS used under licence, agreement 2026-14 (example)"


def shaps_wording(**changes: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "licence": LICENCE,
        "items": {str(n): f"[licensed SHAPS item {n}]" for n in range(1, 15)},
    }
    entry.update(changes)
    return {"SHAPS": entry}


def test_the_wording_is_laid_over_the_definition_and_the_score_is_unchanged() -> None:
    answers = {str(n): 4 for n in range(1, 15)}
    before = score("shaps", answers)
    assert use_local_wording(shaps_wording()) == ("shaps",)
    inst = get_instrument("shaps")
    assert inst.item("3").text == "[licensed SHAPS item 3]"
    assert inst.local_wording == LICENCE
    assert next(i for i in list_instruments() if i.id == "shaps").local_wording == LICENCE
    assert score("shaps", answers) == before
    use_local_wording(None)
    assert get_instrument("shaps").item("3").text is None


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "expected a mapping"),
        ({"nope": {}}, "nope: unknown instrument; known: asq"),
        ({"shaps": {"items": {}}}, "shaps: licence: Field required"),
        (shaps_wording(licence="  "), "licence must say"),
        (shaps_wording(extra=1), "extra: Extra inputs are not permitted"),
        (shaps_wording(items={"1": "x"}), "no wording for item(s) 2, 3"),
        (shaps_wording(items={"99": "x"}), "no item(s) 99; items are 1, 2"),
        (
            shaps_wording(items={str(n): "" if n == 2 else "x" for n in range(1, 15)}),
            "empty wording for item(s) 2",
        ),
        (
            {"phq9": {"licence": "mine", "items": {"1": "Little interest"}}},
            "phq9: dualpath ships the wording of item(s) 1 from the published form",
        ),
    ],
)
def test_a_document_that_does_not_fit_is_refused_and_changes_nothing(
    document: object, message: str
) -> None:
    use_local_wording(shaps_wording())
    with pytest.raises(DefinitionError) as caught:
        use_local_wording(document, "site.yaml")
    assert str(caught.value).startswith("site.yaml")
    assert message in str(caught.value)
    assert get_instrument("shaps").local_wording == LICENCE  # the earlier wording stays


def test_instrument_ids_are_matched_like_everywhere_else() -> None:
    document = shaps_wording()
    document["c-ssrs"] = {
        "licence": "C-SSRS electronic use licensed (example)",
        "items": {i.id: f"[licensed C-SSRS {i.id}]" for i in get_instrument("cssrs").items},
    }
    assert use_local_wording(document) == ("shaps", "cssrs")
    assert all(item.text for item in get_instrument("cssrs").items)
