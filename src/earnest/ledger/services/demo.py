"""A demo workspace that shows every verdict, dated relative to today so it never goes stale."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from .. import models as m
from .commitments import commitment_ask, commitment_set_status
from .conversations import AskInput, StepInput, conversation_log
from .prospects import (
    contact_add,
    evidence_add,
    prospect_classify,
    prospect_close,
    prospect_create,
    prospect_park,
)
from .steps import next_step_add, next_step_complete


@transaction.atomic
def demo_load(*, workspace: m.Workspace, today: date, reset: bool = False, keep: bool = False) -> int:
    """Fill the workspace with twelve prospects; refuses to mix demo data into real data.

    With `keep`, a workspace that already has prospects is left as it is (and 0 returned), so
    starting the demo again never deletes what someone entered since.
    """
    existing = m.Prospect.objects.filter(workspace=workspace)
    if existing.exists():
        if keep and not reset:
            return 0
        if not reset:
            from earnest.domain.errors import DomainError

            raise DomainError(
                f"workspace {workspace.slug!r} already has prospects; use another workspace, or --reset to replace them"
            )
        existing.delete()

    def d(days: int) -> date:
        return today + timedelta(days=days)

    def prospect(name: str, ladder: str, age: int, domain: str, owner: str = "Sam"):
        return prospect_create(
            workspace=workspace, name=name, ladder=ladder, created_on=d(-age), domain=domain, owner=owner
        )

    # Real: climbing the B2B ladder, two people involved, an evaluation under way.
    p = prospect("Northwind Freight", "b2b", 70, "northwind.example")
    ana = contact_add(
        prospect=p, name="Ana Silva", role="champion", email="ana@northwind.example", title="Head of Operations"
    )
    contact_add(prospect=p, name="Marcus Lee", role="decision_maker", email="marcus@northwind.example", title="COO")
    conv, _ = conversation_log(
        prospect=p,
        on=d(-60),
        channel="video",
        contacts=[ana],
        notes="Ana walked us through how dispatch reconciles carrier invoices by hand. Two people spend Mondays on it.",
        ask=AskInput(answer="agreed", rung="shares_needs"),
        next_step=StepInput("Ana sends last quarter's disputed invoices", "prospect", d(-52)),
    )
    next_step_complete(step=conv.next_steps.get(), result="yes", on=d(-53))
    conv, _ = conversation_log(
        prospect=p,
        on=d(-45),
        channel="meeting",
        contacts=[ana],
        notes="Reviewed their disputed invoices. Ana agreed to share one full project export for a demo.",
        ask=AskInput(answer="agreed", rung="shares_project_data", due=d(-38)),
    )
    commitment_set_status(commitment=conv.commitments.get(), to="fulfilled", on=d(-39))
    conversation_log(
        prospect=p,
        on=d(-20),
        channel="video",
        contacts=[ana],
        notes="Demo on their own data. Ana will put one analyst on a two-week evaluation.",
        ask=AskInput(answer="agreed", rung="evaluation_effort", due=d(10)),
        next_step=StepInput("Evaluation review with Ana and Marcus", "both", d(10)),
    )
    for criterion, note in [
        ("has_problem", "Two people lose every Monday to invoice disputes"),
        ("knows_problem", "Ana raised it before we did"),
        ("makeshift_solution", "A shared spreadsheet with macros to match invoices"),
        ("has_budget", "Ops tooling budget approved for this year"),
        ("urgency", "Carrier contracts renew next quarter"),
    ]:
        evidence_add(prospect=p, criterion=criterion, on=d(-45), note=note)

    # Zombie: friendly meetings, praise, and a soft no when asked.
    p = prospect("Bluebird Clinics", "discovery", 50, "bluebird.example", "Jo")
    tom = contact_add(prospect=p, name="Tom Reyes", role="user", email="tom@bluebird.example")
    conversation_log(
        prospect=p,
        on=d(-45),
        contacts=[tom],
        complimented=True,
        notes="Tom loved the idea. 'This would be amazing, we'd totally use it.'",
    )
    conversation_log(
        prospect=p,
        on=d(-30),
        contacts=[tom],
        complimented=True,
        notes="Showed the sketches. Lots of enthusiasm, no questions about price.",
        ask=AskInput(answer="hedged", rung="mockup_review"),
    )
    conversation_log(
        prospect=p,
        on=d(-12),
        channel="email",
        contacts=[tom],
        notes="Asked for a trial with real data. Reply: 'Send me an email and keep me posted.'",
        ask=AskInput(answer="hedged", rung="trial_real_data"),
    )

    # Stalled: an introduction two months ago, nothing since.
    p = prospect("Cobalt Analytics", "discovery", 90, "cobalt.example")
    li = contact_add(prospect=p, name="Li Wei", role="champion", email="li@cobalt.example")
    conv, _ = conversation_log(
        prospect=p,
        on=d(-75),
        contacts=[li],
        notes="Li asked us to meet her data team lead.",
        ask=AskInput(answer="agreed", rung="intro_colleague", due=d(-68)),
    )
    commitment_set_status(commitment=conv.commitments.get(), to="fulfilled", on=d(-66))

    # Unasked: a pleasant first chat and no concrete ask.
    p = prospect("Dunmore Dental", "discovery", 10, "dunmore.example", "Jo")
    conversation_log(
        prospect=p, on=d(-8), channel="call", notes="Intro call with the practice manager about appointment no-shows."
    )

    # Rejected: a clear no to a paid pilot, which is useful.
    p = prospect("Everline Legal", "b2b", 40, "everline.example")
    conversation_log(
        prospect=p,
        on=d(-30),
        ask=AskInput(answer="agreed", rung="shares_needs"),
        notes="Partner explained how they track billable hours today.",
    )
    conversation_log(
        prospect=p,
        on=d(-10),
        rejected=True,
        notes="Asked for a limited paid pilot. They said no: they are locked into their "
        "practice-management suite for three years.",
        ask=AskInput(answer="declined", rung="limited_paid_pilot"),
    )

    # Not a prospect: qualified out on the short call.
    p = prospect("Fairway Retail", "micro", 25, "fairway.example", "Jo")
    conversation_log(
        prospect=p,
        on=d(-20),
        channel="call",
        ask=AskInput(answer="agreed", rung="short_call"),
        notes="Ten-minute call. They outsource the whole process; no one in-house owns it.",
    )
    prospect_classify(prospect=p, classification="not_a_prospect", on=d(-20))

    # Nurture: no opportunity now, but happy to hear from us.
    p = prospect("Greystone Insurance", "micro", 35, "greystone.example")
    conversation_log(
        prospect=p,
        on=d(-28),
        channel="call",
        ask=AskInput(answer="agreed", rung="short_call"),
        notes="Problem is real but they just signed a two-year contract elsewhere.",
    )
    prospect_classify(prospect=p, classification="no_current_opportunity", on=d(-28))
    conversation_log(
        prospect=p,
        on=d(-28),
        channel="email",
        ask=AskInput(answer="agreed", rung="receives_information"),
        notes="Agreed to a monthly note on the topic.",
    )

    # Customer: bought the annual license; we asked to be a reference.
    p = prospect("Harbor Robotics", "b2b", 150, "harbor.example", "Sam")
    kim = contact_add(prospect=p, name="Kim Osei", role="budget_owner", email="kim@harbor.example")
    contact_add(prospect=p, name="Raj Patel", role="champion", email="raj@harbor.example")
    conv, _ = conversation_log(
        prospect=p,
        on=d(-90),
        contacts=[kim],
        ask=AskInput(answer="agreed", rung="limited_paid_pilot", due=d(-35), amount="4800"),
        notes="Kim approved a three-month pilot for five seats at $4,800.",
        next_step=StepInput("Pilot kickoff", "both", d(-85)),
    )
    commitment_set_status(commitment=conv.commitments.get(), to="fulfilled", on=d(-36))
    conv, _ = conversation_log(
        prospect=p,
        on=d(-33),
        contacts=[kim],
        ask=AskInput(answer="agreed", rung="annual_license", amount="24000", due=d(-25)),
        notes="Signed the annual license.",
    )
    commitment_set_status(commitment=conv.commitments.get(), to="fulfilled", on=d(-26))
    commitment_ask(prospect=p, on=d(-5), rung="reference_calls")

    # Parked: budget freeze with a known end.
    p = prospect("Ironleaf Foods", "discovery", 60, "ironleaf.example", "Jo")
    conversation_log(
        prospect=p,
        on=d(-40),
        ask=AskInput(answer="agreed", rung="follow_up_agenda"),
        notes="Good follow-up. Then a company-wide spending freeze was announced.",
    )
    prospect_park(prospect=p, reason="Spending freeze until their new fiscal year", until=d(45), on=d(-15), today=today)

    # Lost: chose a competitor.
    p = prospect("Juniper Schools", "discovery", 80, "juniper.example")
    conversation_log(
        prospect=p,
        on=d(-60),
        ask=AskInput(answer="agreed", rung="mockup_review"),
        notes="Walked through the mockup with two teachers.",
    )
    prospect_close(
        prospect=p, reason="competitor", note="The district bought a suite that includes this.", on=d(-21), today=today
    )

    # A broken promise and a ghost: agreed to a trial, then silence.
    p = prospect("Kestrel Energy", "discovery", 45, "kestrel.example", "Sam")
    conversation_log(
        prospect=p,
        on=d(-30),
        complimented=True,
        notes="Very keen. Agreed to trial it on one site's meter data within two weeks.",
        ask=AskInput(answer="agreed", rung="trial_real_data", due=d(-16)),
    )
    conversation_log(prospect=p, on=d(-12), channel="email", outreach_unanswered=True, notes="Checked in on the trial.")
    conversation_log(
        prospect=p, on=d(-5), channel="email", outreach_unanswered=True, notes="Second nudge about the trial."
    )

    # Current opportunity on the micro ladder, with a step due today.
    p = prospect("Lumen Architects", "micro", 20, "lumen.example", "Jo")
    eva = contact_add(prospect=p, name="Eva Novak", role="decision_maker", email="eva@lumen.example")
    conversation_log(
        prospect=p,
        on=d(-15),
        channel="call",
        contacts=[eva],
        ask=AskInput(answer="agreed", rung="short_call"),
        notes="Eva admitted that project handovers lose drawings weekly.",
    )
    prospect_classify(prospect=p, classification="current_opportunity", on=d(-15))
    conversation_log(
        prospect=p,
        on=d(-6),
        channel="video",
        contacts=[eva],
        ask=AskInput(answer="agreed", rung="explores_solutions", due=d(0)),
        next_step=StepInput("Working session on their handover process", "both", d(0)),
    )
    step = next_step_add(prospect=p, description="Send Eva the agenda", owner="us", on=d(-6), due=d(-2))
    next_step_complete(step=step, result="yes", on=d(-3))
    _demo_experiments(workspace, d)
    return m.Prospect.objects.filter(workspace=workspace).count()


def _demo_experiments(workspace: m.Workspace, d) -> None:
    """Two segments and an experiment about each: one already validated by the ledger, one running."""
    from .experiments import CriterionInput, experiment_add
    from .tags import prospect_tag

    # A reset replaces the experiments too, the latest versions first since each one keeps its parent.
    for row in m.Experiment.objects.filter(workspace=workspace).order_by("-number"):
        row.delete()
    segments = {
        "operations": ("Northwind Freight", "Everline Legal", "Harbor Robotics"),
        "smb": (
            "Bluebird Clinics",
            "Cobalt Analytics",
            "Dunmore Dental",
            "Ironleaf Foods",
            "Juniper Schools",
            "Kestrel Energy",
        ),
    }
    for tag, names in segments.items():
        for p in m.Prospect.objects.filter(workspace=workspace, name__in=names):
            prospect_tag(prospect=p, tags=[tag])
    # Northwind shared a real project and Harbor went as far as a license: validated.
    experiment_add(
        workspace=workspace,
        name="Ops leads share real data",
        hypothesis="Heads of operations at mid-size firms lose days to manual reconciliation; "
        "they will hand over a real project to see it fixed.",
        segment="operations",
        criterion=CriterionInput(rung="shares_project_data", at_least=2),
        deadline=d(30),
        started_on=d(-60),
    )
    # Only Cobalt went past a trial; Kestrel agreed and then broke it: running, two to go.
    experiment_add(
        workspace=workspace,
        name="Small firms trial on their own data",
        hypothesis="Small firms will try it on their own data when the first step is a short trial.",
        segment="smb",
        criterion=CriterionInput(rung="trial_real_data", at_least=3),
        deadline=d(21),
        started_on=d(-45),
    )
