"""Forms check the shape of what was typed; the services check the rules and their errors land here too."""

from __future__ import annotations

from django import forms

from earnest.domain.history import AskAnswer, Channel, Classification, CloseReason, Criterion, Role, StepOwner
from earnest.domain.ladders import Ladder
from earnest.ledger.debrief import DebriefInput


def _choices(enum_cls, blank: str | None = None) -> list[tuple[str, str]]:
    items = [(m.value, m.value.replace("_", " ").capitalize()) for m in enum_cls]
    return [("", blank), *items] if blank is not None else items


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProspectForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="The company (or person) you are selling to.")
    ladder = forms.ChoiceField(help_text="The commitment ladder this lead climbs.")
    domain = forms.CharField(max_length=253, required=False, help_text="e.g. acme.example")
    owner = forms.CharField(max_length=150, required=False, label="Owner on our side")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, ladders: dict[str, Ladder], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ladder"].choices = [(k, f"{ladder.name} ({k})") for k, ladder in ladders.items()]


class ContactForm(forms.Form):
    name = forms.CharField(max_length=200)
    role = forms.ChoiceField(choices=_choices(Role), initial=Role.OTHER.value)
    title = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)


class StepForm(forms.Form):
    description = forms.CharField(max_length=2000, label="Next step")
    owner = forms.ChoiceField(choices=_choices(StepOwner), initial=StepOwner.BOTH.value, label="Who acts")
    due = forms.DateField(required=False, widget=DateInput())


class EvidenceForm(forms.Form):
    criterion = forms.ChoiceField(choices=_choices(Criterion))
    note = forms.CharField(max_length=5000, required=False)


class VersionedForm(forms.Form):
    """A form that edits an existing record names the version it was based on; a stale one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ProspectEditForm(ProspectForm, VersionedForm):
    pass


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(choices=_choices(CloseReason))
    note = forms.CharField(max_length=5000, help_text="What would have to change? Your future self will ask.")


class ParkForm(VersionedForm):
    reason = forms.CharField(max_length=5000)
    until = forms.DateField(widget=DateInput())


class ClassifyForm(VersionedForm):
    classification = forms.ChoiceField(choices=_choices(Classification))


class LadderForm(forms.Form):
    source = forms.CharField(label="Ladder (TOML)", widget=forms.Textarea(
        attrs={"rows": 24, "spellcheck": "false", "class": "code"}), max_length=200_000, strip=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


ANSWERS = [("", "No concrete ask was made"), *_choices(AskAnswer)]


class DebriefForm(forms.Form):
    on = forms.DateField(label="Date of the meeting", widget=DateInput())
    channel = forms.ChoiceField(choices=_choices(Channel), initial=Channel.MEETING.value)
    contacts = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                         label="Who was there")
    notes = forms.CharField(required=False, max_length=1_000_000, strip=False, widget=forms.Textarea(
        attrs={"rows": 10, "placeholder": "Paste your notes, an email or a transcript…"}))
    ask_text = forms.CharField(required=False, max_length=2000, label="What you asked for",
                               widget=forms.Textarea(attrs={"rows": 2}))
    ask_rung = forms.ChoiceField(required=False, label="Rung it aims at")
    ask_currencies = forms.MultipleChoiceField(
        required=False, label="What it costs them", widget=forms.CheckboxSelectMultiple,
        choices=[("time", "Time"), ("reputation", "Reputation"), ("money", "Money")],
        help_text="Only needed when the ask is not on a rung.")
    answer = forms.ChoiceField(required=False, choices=ANSWERS, label="Their answer")
    ask_due = forms.DateField(required=False, widget=DateInput(), label="They will do it by")
    amount = forms.DecimalField(required=False, min_value=0, max_digits=14, decimal_places=2,
                                label="Amount (money asks)")
    complimented = forms.BooleanField(required=False, label="They praised the idea or made hypothetical promises")
    hedged = forms.BooleanField(required=False, label="They stalled or gave a soft no")
    rejected = forms.BooleanField(required=False, label="They said a clear no")
    step_description = forms.CharField(required=False, max_length=2000, label="Next step")
    step_owner = forms.ChoiceField(choices=_choices(StepOwner), initial=StepOwner.BOTH.value, label="Who acts")
    step_due = forms.DateField(required=False, widget=DateInput(), label="Date")
    accepted = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, contacts=(), ladder: Ladder, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contacts"].choices = [(str(c.pk), f"{c.name} ({c.get_role_display()})") for c in contacts]
        self.fields["ask_rung"].choices = [("", "Not on the ladder")] + [(r.key, r.label) for r in ladder.rungs]
        # Findings come from re-reading the notes on the server; any key is accepted here.
        self.fields["accepted"].valid_value = lambda value: True  # type: ignore[method-assign]

    def debrief_input(self) -> DebriefInput:
        d = self.cleaned_data
        return DebriefInput(
            on=d["on"], channel=d["channel"], notes=d["notes"] or "",
            contact_ids=tuple(int(c) for c in d["contacts"]), answer=d["answer"] or "",
            ask_text=d["ask_text"] or "", ask_rung=d["ask_rung"] or "",
            ask_currencies=tuple(d["ask_currencies"]), ask_due=d["ask_due"],
            amount=str(d["amount"]) if d["amount"] is not None else "",
            complimented=d["complimented"], hedged=d["hedged"], rejected=d["rejected"],
            step_description=d["step_description"] or "", step_owner=d["step_owner"], step_due=d["step_due"],
            accepted=tuple(d["accepted"]),
        )
