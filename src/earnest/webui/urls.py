from django.urls import include, path

from .views import actions, dashboard, debrief, home, ladders, pipeline, prep, prospects, today

app_name = "webui"

workspace_urls = [
    path("", today.today_page, name="today"),
    path("pipeline/", pipeline.pipeline_page, name="pipeline"),
    path("prospects/new/", prospects.prospect_new, name="prospect_new"),
    path("prospects/<int:pk>/", prospects.prospect_page, name="prospect"),
    path("prospects/<int:pk>/contacts/", prospects.prospect_write, {"action": "contact"}, name="contact_add"),
    path("prospects/<int:pk>/steps/", prospects.prospect_write, {"action": "step"}, name="step_add"),
    path("prospects/<int:pk>/evidence/", prospects.prospect_write, {"action": "evidence"}, name="evidence_add"),
    path("prospects/<int:pk>/close/", prospects.prospect_write, {"action": "close"}, name="prospect_close"),
    path("prospects/<int:pk>/park/", prospects.prospect_write, {"action": "park"}, name="prospect_park"),
    path("prospects/<int:pk>/classify/", prospects.prospect_write, {"action": "classify"},
         name="prospect_classify"),
    path("prospects/<int:pk>/reopen/", actions.prospect_wake, name="prospect_reopen"),
    path("prospects/<int:pk>/prep/", prep.prep_page, name="prep"),
    path("prospects/<int:pk>/debrief/", debrief.debrief_page, name="debrief"),
    path("prospects/<int:pk>/debrief/analyze/", debrief.debrief_analyze, name="debrief_analyze"),
    path("prospects/<int:pk>/debrief/preview/", debrief.debrief_preview_view, name="debrief_preview"),
    path("conversations/<int:pk>/", debrief.conversation_page, name="conversation"),
    path("steps/<int:pk>/done/", actions.step_done, name="step_done"),
    path("commitments/<int:pk>/status/", actions.commitment_status, name="commitment_status"),
    path("dashboard/", dashboard.dashboard_page, name="dashboard"),
    path("ladders/", ladders.ladder_list, name="ladders"),
    path("ladders/new/", ladders.ladder_new, name="ladder_new"),
    path("ladders/<str:key>/", ladders.ladder_show, name="ladder"),
    path("ladders/<str:key>/edit/", ladders.ladder_edit, name="ladder_edit"),
    path("ladders/<str:key>/delete/", ladders.ladder_remove, name="ladder_delete"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("w/<slug:slug>/", include(workspace_urls)),
]
