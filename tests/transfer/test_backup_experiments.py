"""A backup keeps segments and every version of an experiment, parents linked."""

from earnest.ledger import models as m
from earnest.ledger.services.experiments import CriterionInput, experiment_add, experiment_revise
from earnest.ledger.services.prospects import workspace_ensure
from earnest.ledger.services.tags import prospect_tag
from earnest.transfer.backup import workspace_export, workspace_export_json, workspace_import


def test_tags_and_experiment_versions_survive_a_backup_and_restore(workspace, prospect, days):
    prospect_tag(prospect=prospect, tags=["logistics"])
    first = experiment_add(
        workspace=workspace,
        name="trial",
        hypothesis="They trial it",
        segment="logistics",
        criterion=CriterionInput(money=True, at_least=1),
        deadline=days(30),
        started_on=days(-5),
    )
    experiment_revise(experiment=first, on=days(0), criterion=CriterionInput(money=True, at_least=2))
    document = workspace_export(workspace)
    assert len(document["tables"]["experiments"]) == 2 and len(document["tables"]["tags"]) == 1
    target = workspace_ensure(slug="restored")
    workspace_import(workspace=target, data=workspace_export_json(workspace).encode(), name="b.json")
    restored = {e.number: e for e in m.Experiment.objects.filter(workspace=target)}
    assert restored[2].parent_id == restored[1].pk and restored[1].revised_on == days(0)
    assert list(m.ProspectTag.objects.filter(workspace=target).values_list("name", flat=True)) == ["logistics"]
    assert {k: v for k, v in workspace_export(target).items() if k != "workspace"} == {
        k: v for k, v in document.items() if k != "workspace"
    }
