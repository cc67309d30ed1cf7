from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import security, signin, sso, tokens, twofactor

app_name = "accounts"

urlpatterns = [
    path("login/", signin.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/verify/", signin.two_factor_verify, name="two_factor_verify"),
    path("2fa/setup/", twofactor.two_factor_setup, name="two_factor_setup"),
    path("2fa/backup-codes/", twofactor.backup_codes_regenerate, name="backup_codes"),
    path("sudo/", signin.sudo, name="sudo"),
    path("sso/start/", sso.sso_start, name="sso_start"),
    path("sso/callback/", sso.sso_callback, name="sso_callback"),
    path("security/", security.security, name="security"),
    path("security/password/", security.password_change, name="password_change"),
    path("sessions/<uuid:session_id>/end/", security.session_end, name="session_end"),
    path("users/", security.user_list, name="user_list"),
    path("users/<uuid:user_id>/", security.user_security, name="user_security"),
    path("users/<uuid:user_id>/sessions/end/", security.user_sessions_end, name="user_sessions_end"),
    path("users/<uuid:user_id>/unlock/", security.user_unlock, name="user_unlock"),
    path("users/<uuid:user_id>/two-factor/reset/", security.user_two_factor_reset, name="user_two_factor_reset"),
    path("users/<uuid:user_id>/deactivate/", security.user_deactivate, name="user_deactivate"),
    path("api-tokens/", tokens.api_token_list, name="api_tokens"),
    path("api-tokens/new/", tokens.api_token_create, name="api_token_create"),
    path("api-tokens/<uuid:token_id>/revoke/", tokens.api_token_revoke, name="api_token_revoke"),
]
