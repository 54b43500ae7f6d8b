from django.urls import path

from . import views

app_name = "transfer"
urlpatterns = [
    path("feeds/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
