"""The demo workspace carries segments and two experiments: one validated, one running."""

from datetime import timedelta

from earnest.ledger import models as m
from earnest.ledger.reads.experiments import experiments_judged
from earnest.ledger.services.demo import demo_load
from earnest.ledger.services.experiments import experiment_revise


def test_the_demo_has_a_validated_and_a_running_experiment(workspace, today):
    demo_load(workspace=workspace, today=today)
    statuses = {v.plan.name: (v.result.status.value, int(v.result.count)) for v in experiments_judged(workspace, today)}
    assert statuses == {
        "Ops leads share real data": ("validated", 2),
        "Small firms trial on their own data": ("running", 1),
    }
    assert m.ProspectTag.objects.filter(workspace=workspace, name="operations").count() == 3


def test_a_reset_replaces_the_demo_experiments_even_revised_ones(workspace, today):
    demo_load(workspace=workspace, today=today)
    experiment_revise(
        experiment=m.Experiment.objects.get(workspace=workspace, name="Ops leads share real data"),
        on=today,
        deadline=today + timedelta(days=90),
    )
    demo_load(workspace=workspace, today=today, reset=True)
    assert m.Experiment.objects.filter(workspace=workspace).count() == 2


def test_deleting_a_workspace_takes_its_experiment_versions_with_it(workspace, today):
    demo_load(workspace=workspace, today=today)
    experiment_revise(
        experiment=m.Experiment.objects.filter(workspace=workspace).first(), on=today, hypothesis="A sharper hypothesis"
    )
    workspace.delete()
    assert not m.Experiment.objects.exists()
