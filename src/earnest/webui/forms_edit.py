"""Forms that correct a record already in the ledger: a conversation, a commitment, a step, a contact."""

from __future__ import annotations

from django import forms

from earnest.domain.history import Channel

from .forms import ContactForm, DayField, StepForm, Text, VersionedForm, _choices


class ConversationEditForm(VersionedForm):
    on = DayField(label="Date")
    channel = forms.ChoiceField(choices=_choices(Channel))
    notes = Text(max_length=1_000_000, required=False, widget=forms.Textarea(attrs={"rows": 8}))
    complimented = forms.BooleanField(required=False, label="They praised the idea or made hypothetical promises")
    hedged = forms.BooleanField(required=False, label="They stalled or gave a soft no")
    rejected = forms.BooleanField(required=False, label="They said a clear no")


class CommitmentEditForm(VersionedForm):
    description = Text(max_length=2000, label="What they promised")
    due = DayField(required=False, label="By when")
    amount = Text(max_length=40, required=False, help_text="Money involved, if any: 12000, 12k, $12,000.")


class StepEditForm(StepForm, VersionedForm):
    pass


class ContactEditForm(ContactForm, VersionedForm):
    pass
