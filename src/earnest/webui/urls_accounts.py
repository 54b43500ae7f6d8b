"""The sign-in, password, invitation, member and token pages, named `accounts:...` as before they moved here."""

from django.urls import path

from .views import signin, team

app_name = "accounts"
urlpatterns = [
    path("login/", signin.login_page, name="login"),
    path("login/<str:secret>", signin.login_link, name="login_link"),
    path("logout/", signin.logout_view, name="logout"),
    path("account/password/", signin.password_change, name="password_change"),
    path("password-reset/", signin.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent/", signin.password_reset_sent, name="password_reset_sent"),
    path("password-reset/done/", signin.password_reset_complete, name="password_reset_complete"),
    path("password-reset/<uidb64>/<token>/", signin.PasswordResetConfirm.as_view(), name="password_reset_confirm"),
    path("invite/<str:secret>", team.invitation_page, name="invitation"),
    path("w/<slug:slug>/members/", team.members_page, name="members"),
    path("w/<slug:slug>/members/invite/", team.invitation_new, name="invitation_new"),
    path(
        "w/<slug:slug>/members/invitations/<int:pk>/revoke/",
        team.invitation_cancel,
        name="invitation_revoke",
    ),
    path("w/<slug:slug>/members/<int:pk>/role/", team.member_role, name="member_role"),
    path("w/<slug:slug>/members/<int:pk>/remove/", team.member_remove, name="member_remove"),
    path("w/<slug:slug>/tokens/", team.tokens_page, name="tokens"),
    path("w/<slug:slug>/tokens/<int:pk>/revoke/", team.token_remove, name="token_revoke"),
]
