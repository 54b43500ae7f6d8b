from django.urls import path

from . import views, workspace_views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_page, name="login"),
    path("login/<str:secret>", views.login_link, name="login_link"),
    path("logout/", views.logout_view, name="logout"),
    path("account/password/", views.password_change, name="password_change"),
    path("password-reset/", views.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(), name="password_reset_confirm"),
    path("invite/<str:secret>", workspace_views.invitation_page, name="invitation"),
    path("w/<slug:slug>/members/", workspace_views.members_page, name="members"),
    path("w/<slug:slug>/members/invite/", workspace_views.invitation_new, name="invitation_new"),
    path(
        "w/<slug:slug>/members/invitations/<int:pk>/revoke/",
        workspace_views.invitation_cancel,
        name="invitation_revoke",
    ),
    path("w/<slug:slug>/members/<int:pk>/role/", workspace_views.member_role, name="member_role"),
    path("w/<slug:slug>/members/<int:pk>/remove/", workspace_views.member_remove, name="member_remove"),
    path("w/<slug:slug>/tokens/", workspace_views.tokens_page, name="tokens"),
    path("w/<slug:slug>/tokens/<int:pk>/revoke/", workspace_views.token_remove, name="token_revoke"),
]
