from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("login/<str:secret>", views.login_link, name="login_link"),
    path("logout/", views.logout_view, name="logout"),
]
