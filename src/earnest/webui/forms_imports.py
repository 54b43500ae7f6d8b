"""Forms of the import and export pages: they check an upload's shape and size; the importers do the rest."""

from __future__ import annotations

from django import forms

from earnest.domain.ladders import Ladder
from earnest.transfer.crm_presets import FIELDS, KINDS, PRESETS
from earnest.transfer.files import MAX_BYTES

from .forms import choice_field

ENCODINGS = [
    ("utf-8", "UTF-8 (most exports)"),
    ("cp1252", "Windows-1252 (old Excel)"),
    ("latin-1", "Latin-1 (ISO 8859-1)"),
    ("utf-16", "UTF-16"),
]
KIND_CHOICES = [("", "Tell from the columns"), *[(k, k.capitalize()) for k in KINDS]]
PRESET_LABELS = {
    "hubspot": "HubSpot",
    "pipedrive": "Pipedrive",
    "salesforce": "Salesforce",
    "generic": "Generic (earnest's own column names)",
}


def too_big(size: int, name: str) -> str | None:
    """The message for an upload over the importers' limit, or None when it fits."""
    if size <= MAX_BYTES:
        return None
    return (
        f"{name} is {size / 1_048_576:.1f} MB; files are limited to {MAX_BYTES // 1_048_576} MB. "
        "Export a shorter period or split the file."
    )


class UploadForm(forms.Form):
    """One file and whether to take the analyzer's suggestions (calendars and mail)."""

    file = forms.FileField(label="File", allow_empty_file=False)
    accept_suggestions = forms.BooleanField(
        required=False, label="Also record what the analyzer finds: commitments, next steps, new contacts and evidence"
    )
    max_bytes = MAX_BYTES
    max_megabytes = MAX_BYTES // 1_048_576

    def __init__(self, *args, accept: str = "", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"accept": accept, "data-max-bytes": str(MAX_BYTES)})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if message := too_big(upload.size, upload.name):
            raise forms.ValidationError(message)
        return upload

    def data_bytes(self) -> tuple[bytes, str]:
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read(), upload.name


class BackupForm(UploadForm):
    accept_suggestions = None  # type: ignore[assignment]


class CsvImportForm(UploadForm):
    source = forms.ChoiceField(label="Exported from", help_text="A CRM preset, or a mapping you saved.")
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, label="What the file holds")
    encoding = forms.ChoiceField(choices=ENCODINGS, initial="utf-8", label="Text encoding")
    ladder = forms.ChoiceField(label="Ladder for new prospects")

    field_order = ["file", "source", "kind", "encoding", "ladder", "accept_suggestions"]

    def __init__(self, *args, mappings=(), ladders: dict[str, Ladder], **kwargs) -> None:
        super().__init__(*args, accept=".csv,.txt,text/csv", **kwargs)
        presets = [(f"preset:{p}", PRESET_LABELS.get(p, p)) for p in PRESETS]
        saved = [(f"mapping:{row.name}", f"{row.name} ({row.kind})") for row in mappings]
        groups = [("CRM presets", presets), *([("Your mappings", saved)] if saved else [])]
        choice_field(self, "source").choices = groups
        choice_field(self, "ladder").choices = [(k, f"{ladder.name} ({k})") for k, ladder in ladders.items()]
        self.fields["ladder"].initial = "discovery"


class FeedForm(forms.Form):
    name = forms.CharField(max_length=100, label="Name", help_text="Where you will subscribe, e.g. “My phone”.")


class MappingForm(forms.Form):
    """A saved CSV mapping: a name, a kind, and for each field the CSV columns that may hold it."""

    name = forms.CharField(max_length=64, help_text="Letters, digits, - and _.")
    kind = forms.ChoiceField(choices=[(k, k.capitalize()) for k in KINDS], label="The file holds")

    def __init__(self, *args, kind: str = "contacts", columns: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind_key = kind if kind in KINDS else "contacts"
        columns = columns if columns is not None else PRESETS["generic"][self.kind_key]
        for field in FIELDS[self.kind_key]:
            self.fields[f"col_{field}"] = forms.CharField(
                required=False,
                max_length=1000,
                label=field.replace("_", " ").capitalize(),
                initial=", ".join(columns.get(field, ())),
            )

    def column_fields(self):
        return [self[f"col_{field}"] for field in FIELDS[self.kind_key]]

    def mapping_data(self) -> dict[str, object]:
        d = self.cleaned_data
        columns = {}
        for field in FIELDS[self.kind_key]:
            names = [n.strip() for n in d.get(f"col_{field}", "").split(",") if n.strip()]
            if names:
                columns[field] = names
        return {"kind": self.kind_key, "columns": columns}
