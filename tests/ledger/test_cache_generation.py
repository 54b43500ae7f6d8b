"""The read cache's generation moves once per committed transaction, however many writes it holds."""

from earnest.ledger.derived import read_cache
from earnest.ledger.derived.read_cache import change_marker
from earnest.ledger.services.prospects import prospect_create, prospect_update


def test_many_writes_in_one_transaction_renew_the_generation_once(
    workspace, today, monkeypatch, django_capture_on_commit_callbacks
):
    renewed: list[int] = []
    real = read_cache.new_generation
    monkeypatch.setattr(read_cache, "new_generation", lambda ws: (renewed.append(ws), real(ws)))
    marker = change_marker(workspace)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        acme = prospect_create(workspace=workspace, name="Acme", created_on=today)
        for owner in ("Sam", "Dana", "Lee"):
            acme = prospect_update(prospect=acme, owner=owner)
    assert len(callbacks) > 4 and renewed == [workspace.pk]
    assert change_marker(workspace) != marker
    with django_capture_on_commit_callbacks(execute=True):  # the next transaction renews it again
        prospect_update(prospect=acme, owner="Kim")
    assert renewed == [workspace.pk, workspace.pk]


def test_a_rolled_back_write_leaves_the_next_commit_to_renew_it(
    workspace, today, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    renewed: list[int] = []
    monkeypatch.setattr(read_cache, "new_generation", renewed.append)

    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            prospect_create(workspace=workspace, name="Gone", created_on=today)
            raise Undo
    except Undo:
        pass
    with django_capture_on_commit_callbacks(execute=True):
        prospect_create(workspace=workspace, name="Kept", created_on=today)
    assert renewed == [workspace.pk]
