"""The one-question form, built from a :class:`~dualpath.web.selfcheck.questions.Question`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dualpath.web.selfcheck.questions import SKIPPED_ANSWER, Question


class AnswerForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one answer to go on.")},
    )

    def __init__(self, question: Question, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["step"].initial = question.step.key
        field = self.fields["answer"]
        if not isinstance(field, forms.ChoiceField):
            raise TypeError("the answer field must be a ChoiceField")
        field.choices = list(question.choices)
        field.label = question.legend
        field.required = not question.optional

    def clean_answer(self) -> str:
        value: str = self.cleaned_data.get("answer") or ""
        return value or SKIPPED_ANSWER
