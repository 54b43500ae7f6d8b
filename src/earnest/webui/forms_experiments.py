"""Forms for segments and experiments. They only shape input; the ledger services judge it."""

from __future__ import annotations

from django import forms

from earnest.domain.experiments import CriterionKind

from .forms import choice_field

CRITERIA = [
    (CriterionKind.REACHED.value, "At least N prospects reach a rung (or higher)"),
    (CriterionKind.PAYING.value, "At least N prospects give money"),
    (CriterionKind.AMOUNT.value, "The money committed reaches an amount"),
    (CriterionKind.RATE.value, "At least P% of asks are agreed, over at least M asks"),
]


class DateBox(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CriterionForm(forms.Form):
    criterion = forms.ChoiceField(choices=CRITERIA, label="Success means")
    rung = forms.ChoiceField(required=False, label="Rung", help_text="For a rung, or the asks a rate counts.")
    at_least = forms.IntegerField(required=False, min_value=1, max_value=1_000_000, label="N (prospects)")
    amount = forms.CharField(required=False, max_length=40, label="Amount", help_text="e.g. 10000 or 10k")
    rate = forms.IntegerField(required=False, min_value=1, max_value=100, label="P (%)")
    min_asks = forms.IntegerField(required=False, min_value=1, max_value=1_000_000, label="M (asks)")
    deadline = forms.DateField(widget=DateBox(), label="Deadline")

    def __init__(self, *args, rungs: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "rung").choices = [("", "—"), *rungs]

    def criterion_input(self):
        from earnest.ledger.services.experiments import CriterionInput

        d = self.cleaned_data
        kind = d["criterion"]
        # Only the fields of the chosen criterion count: the others may hold leftovers from another choice.
        return CriterionInput(
            rung=d["rung"] if kind in (CriterionKind.REACHED.value, CriterionKind.RATE.value) else "",
            at_least=d["at_least"] if kind in (CriterionKind.REACHED.value, CriterionKind.PAYING.value) else None,
            money=kind == CriterionKind.PAYING.value,
            amount=d["amount"] if kind == CriterionKind.AMOUNT.value else None,
            rate=d["rate"] if kind == CriterionKind.RATE.value else None,
            min_asks=d["min_asks"] if kind == CriterionKind.RATE.value else None,
        )


class ExperimentForm(CriterionForm):
    name = forms.CharField(max_length=200)
    hypothesis = forms.CharField(
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In your words: the customer, the problem, the ask that tests it.",
    )
    segment = forms.CharField(max_length=50, label="Segment (tag)")

    field_order = [
        "name",
        "hypothesis",
        "segment",
        "criterion",
        "rung",
        "at_least",
        "amount",
        "rate",
        "min_asks",
        "deadline",
    ]


class ReviseForm(ExperimentForm):
    """A pivot: everything may change but the name."""

    name = None  # type: ignore[assignment]


class TagsForm(forms.Form):
    tags = forms.CharField(required=False, max_length=1_000, help_text="Separated by commas.")
