"""Forms check the shape of what was typed; the services check the rules and their errors land here too."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict

from earnest.domain.errors import DomainError
from earnest.domain.history import AskAnswer, Channel, Classification, CloseReason, Criterion, Role, StepOwner
from earnest.domain.ladders import Ladder
from earnest.ledger import clock
from earnest.ledger.services._validation import date_example, parse_day
from earnest.ledger.services.conversations import NOT_ASKED
from earnest.ledger.services.debrief import DebriefInput

# How the workspace being worked in reads 12/04/2026; set with the workspace for each request.
DATE_ORDER: ContextVar[str] = ContextVar("date_order", default="mdy")


def _choices(enum_cls, blank: str | None = None) -> list[tuple[str, str]]:
    items = [(m.value, m.value.replace("_", " ").capitalize()) for m in enum_cls]
    return [("", blank), *items] if blank is not None else items


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """One of the form's choice fields, to set its choices per request (`form.fields` holds plain Fields)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def form_values(form: forms.BaseForm) -> MultiValueDict[str, Any]:
    """The form's data: what was posted (a QueryDict) or, unbound, an empty MultiValueDict.

    The stubs type `form.data` as any Mapping; the views copy it and set lists on it."""
    if not isinstance(form.data, MultiValueDict):
        raise TypeError(f"{type(form).__name__} holds {type(form.data).__name__}, not posted data")
    return form.data


class DateInput(forms.DateInput):
    """A text box, not the browser's date control: that one cannot take 'next friday', and it
    silently bends a typed 31/02/2026 into another date."""

    input_type = "text"

    def __init__(self, **kwargs) -> None:
        attrs = {"autocomplete": "off", "spellcheck": "false", **kwargs.pop("attrs", {})}
        super().__init__(format="%Y-%m-%d", attrs=attrs, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].setdefault("placeholder", f"e.g. {date_example(DATE_ORDER.get())}")
        return context


class DayField(forms.DateField):
    """A date typed in any form `parse_day` reads, in the workspace's day/month order; any other
    text is refused in place with an example, never guessed at."""

    widget = DateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_day(str(value), "", today=clock.today(), order=DATE_ORDER.get())
        except DomainError as exc:
            message = str(exc)
            raise ValidationError(message[:1].upper() + message[1:], code="invalid") from None


class Untruncated:
    """No HTML maxlength: the browser would cut a long paste short without a word. The limit is
    checked on the server instead, and the error says it."""

    max_length: int | None
    error_messages: dict
    validators: list

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.error_messages["max_length"] = (
                f"At most {self.max_length:,} characters, please: this has %(show_value)s."
            )
            for validator in self.validators:
                if getattr(validator, "code", "") == "max_length":
                    validator.message = self.error_messages["max_length"]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)  # type: ignore[misc]
        attrs.pop("maxlength", None)
        return attrs


class Text(Untruncated, forms.CharField):
    pass


class Email(Untruncated, forms.EmailField):
    pass


class ProspectForm(forms.Form):
    name = Text(max_length=200, help_text="The company (or person) you are selling to.")
    ladder = forms.ChoiceField(help_text="The commitment ladder this lead climbs.")
    domain = Text(max_length=253, required=False, help_text="e.g. acme.example")
    owner = Text(max_length=150, required=False, label="Owner on our side")
    notes = Text(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, ladders: dict[str, Ladder], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "ladder").choices = [(k, f"{ladder.name} ({k})") for k, ladder in ladders.items()]


class ContactForm(forms.Form):
    name = Text(max_length=200)
    role = forms.ChoiceField(choices=_choices(Role), initial=Role.OTHER.value)
    title = Text(max_length=200, required=False)
    email = Email(required=False)


class StepForm(forms.Form):
    description = Text(max_length=2000, label="Next step")
    owner = forms.ChoiceField(choices=_choices(StepOwner), initial=StepOwner.BOTH.value, label="Who acts")
    due = DayField(required=False)


class EvidenceForm(forms.Form):
    criterion = forms.ChoiceField(choices=_choices(Criterion))
    note = Text(max_length=5000, required=False)


class VersionedForm(forms.Form):
    """A form that edits an existing record names the version it was based on; a stale one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    # What the view built it with beyond the data, so that stale_form can build it again.
    extra_kwargs: dict[str, Any]


class ProspectEditForm(ProspectForm, VersionedForm):
    pass


class CloseForm(VersionedForm):
    reason = forms.ChoiceField(choices=_choices(CloseReason))
    note = Text(max_length=5000, help_text="What would have to change? Your future self will ask.")


class ParkForm(VersionedForm):
    reason = Text(max_length=5000)
    until = DayField(widget=DateInput())


class ClassifyForm(VersionedForm):
    classification = forms.ChoiceField(choices=_choices(Classification))


class LadderForm(forms.Form):
    source = Text(
        label="Ladder (TOML)",
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
        max_length=200_000,
        strip=False,
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


ANSWERS = [("", "No concrete ask was made"), *_choices(AskAnswer)]
# With a prepared ask, "none" is no answer: the user says how it went, or that it was not made.
PLANNED_ANSWERS = [
    ("", "Choose their answer…"),
    ("agreed", "Agreed"),
    ("hedged", "Hedged: a stall or a soft no"),
    ("declined", "Declined"),
    ("unanswered", "Asked, no answer yet"),
    (NOT_ASKED, "I didn't ask after all"),
]


class DebriefForm(forms.Form):
    on = DayField(label="Date of the meeting")
    channel = forms.ChoiceField(choices=_choices(Channel), initial=Channel.MEETING.value)
    contacts = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple, label="Who was there")
    notes = Text(
        required=False,
        max_length=1_000_000,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "placeholder": "Paste your notes, an email or a transcript…"}),
    )
    ask_text = Text(
        required=False, max_length=2000, label="What you asked for", widget=forms.Textarea(attrs={"rows": 2})
    )
    ask_rung = forms.ChoiceField(required=False, label="Rung it aims at")
    ask_currencies = forms.MultipleChoiceField(
        required=False,
        label="What it costs them",
        widget=forms.CheckboxSelectMultiple,
        choices=[("time", "Time"), ("reputation", "Reputation"), ("money", "Money")],
        help_text="Only needed when the ask is not on a rung.",
    )
    answer = forms.ChoiceField(required=False, choices=ANSWERS, label="Their answer")
    ask_due = DayField(required=False, label="They will do it by")
    amount = forms.DecimalField(
        required=False, min_value=0, max_digits=14, decimal_places=2, label="Amount (money asks)"
    )
    complimented = forms.BooleanField(required=False, label="They praised the idea or made hypothetical promises")
    hedged = forms.BooleanField(required=False, label="They stalled or gave a soft no")
    rejected = forms.BooleanField(required=False, label="They said a clear no")
    step_description = Text(required=False, max_length=2000, label="Next step")
    step_owner = forms.ChoiceField(choices=_choices(StepOwner), initial=StepOwner.BOTH.value, label="Who acts")
    step_due = DayField(required=False, label="Date")
    accepted = forms.MultipleChoiceField(required=False)
    planned_ask_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    step_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    conversation_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    transcript = forms.FileField(
        required=False,
        label="Or a transcript file",
        help_text="WebVTT or SRT from Zoom, Teams or Meet, or “Speaker: text” lines; "
        "Analyze notes reads it into the notes above.",
    )
    me = Text(
        required=False,
        max_length=200,
        label="Your name in the transcript",
        help_text="Your own lines are never read as their commitments.",
    )

    def __init__(self, *args, contacts=(), ladder: Ladder, planned=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.planned = planned
        if planned is not None:
            choice_field(self, "answer").choices = PLANNED_ANSWERS
            self.fields["answer"].label = "Their answer to the ask you prepared"
            # the save needs it (ledger/services/debrief.py says so with PREPARED_ASK_UNANSWERED), while
            # "Analyze notes" may come first: not required by the form, but not labelled optional
            self.fields["answer"].needed = True  # type: ignore[attr-defined]
        choice_field(self, "contacts").choices = [(str(c.pk), f"{c.name} ({c.get_role_display()})") for c in contacts]
        choice_field(self, "ask_rung").choices = [("", "Not on the ladder")] + [(r.key, r.label) for r in ladder.rungs]
        # Findings come from re-reading the notes on the server; any key is accepted here.
        choice_field(self, "accepted").valid_value = lambda value: True  # type: ignore[method-assign]

    def clean_transcript(self):
        from earnest.transfer.transcripts import MAX_TRANSCRIPT_BYTES

        upload = self.cleaned_data.get("transcript")
        if upload and upload.size > MAX_TRANSCRIPT_BYTES:
            raise ValidationError(f"A transcript may be at most {MAX_TRANSCRIPT_BYTES // 1_000_000} MB.")
        return upload

    def debrief_input(self) -> DebriefInput:
        d = self.cleaned_data
        return DebriefInput(
            on=d["on"],
            channel=d["channel"],
            notes=d["notes"] or "",
            contact_ids=tuple(int(c) for c in d["contacts"]),
            answer=d["answer"] or "",
            ask_text=d["ask_text"] or "",
            ask_rung=d["ask_rung"] or "",
            ask_currencies=tuple(d["ask_currencies"]),
            ask_due=d["ask_due"],
            amount=str(d["amount"]) if d["amount"] is not None else "",
            complimented=d["complimented"],
            hedged=d["hedged"],
            rejected=d["rejected"],
            step_description=d["step_description"] or "",
            step_owner=d["step_owner"],
            step_due=d["step_due"],
            accepted=tuple(d["accepted"]),
            planned_ask_id=d.get("planned_ask_id"),
            meeting_step_id=d.get("step_id"),
            imported_conversation_id=d.get("conversation_id"),
        )


class WorkspaceSettingsForm(forms.Form):
    name = Text(max_length=200, help_text="Shown in the top bar; the address keeps the workspace's short name.")
    money_currency = Text(
        max_length=3,
        min_length=3,
        label="Currency of amounts",
        help_text="A three-letter code: USD, EUR, GBP… Every amount is shown with it.",
    )
    date_order = forms.ChoiceField(
        choices=[("mdy", "Month first: 12/04/2026 is 4 Dec 2026"), ("dmy", "Day first: 04/12/2026 is 4 Dec 2026")],
        label="Dates typed with slashes",
        help_text="How a date such as 12/04/2026 is read in this workspace's forms.",
    )
