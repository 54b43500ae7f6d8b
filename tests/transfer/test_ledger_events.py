"""transfer follows the ledger's events (earnest.ledger.signals) without the ledger importing transfer."""

from django.contrib.auth import get_user_model

from earnest.ledger import models as m
from earnest.ledger import signals
from earnest.ledger.services.merges import prospect_merge
from earnest.ledger.services.prospects import prospect_create
from earnest.transfer.csv_import import import_csv
from earnest.transfer.models import ExternalRecord
from earnest.transfer.services import feed_create


def _import_deals(workspace, today, fixture_bytes):
    for name in ("hubspot-companies.csv", "hubspot-deals.csv"):
        import_csv(workspace=workspace, data=fixture_bytes(name), name=name, today=today, preset="hubspot")


def test_a_merge_moves_the_absorbed_prospects_import_keys_to_the_kept_one(workspace, today, fixture_bytes):
    _import_deals(workspace, today, fixture_bytes)
    key = ExternalRecord.objects.filter(workspace=workspace, entity="prospect").first()
    assert key is not None
    absorbed = m.Prospect.objects.get(pk=key.entity_id)
    kept = prospect_create(workspace=workspace, name="Entered by hand", created_on=today, ladder=absorbed.ladder)
    keys = ExternalRecord.objects.filter(workspace=workspace, entity="prospect", entity_id=absorbed.pk).count()

    prospect_merge(keep=kept, absorb=absorbed)

    assert ExternalRecord.objects.filter(workspace=workspace, entity="prospect", entity_id=kept.pk).count() == keys
    assert not ExternalRecord.objects.filter(entity="prospect", entity_id=absorbed.pk).exists()
    # A re-import recognises the deals it made before: no new prospect, no new key.
    prospects, records = m.Prospect.objects.count(), ExternalRecord.objects.count()
    _import_deals(workspace, today, fixture_bytes)
    assert (m.Prospect.objects.count(), ExternalRecord.objects.count()) == (prospects, records)


def test_a_member_whose_write_access_ends_loses_the_feeds_they_made_there(workspace, other_workspace):
    user = get_user_model().objects.create_user(username="mona")
    here, _ = feed_create(workspace=workspace, name="phone", created_by=user)
    there, _ = feed_create(workspace=other_workspace, name="phone", created_by=user)

    signals.write_access_ended.send(__name__, user=user, workspace=workspace)
    here.refresh_from_db(), there.refresh_from_db()
    assert here.revoked_at is not None and there.revoked_at is None

    signals.write_access_ended.send(__name__, user=user, workspace=None)
    there.refresh_from_db()
    assert there.revoked_at is not None
