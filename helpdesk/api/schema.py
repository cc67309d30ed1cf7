"""OpenAPI extensions: describe the bearer-token scheme so /api/schema/ and /api/docs/ show it."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.BearerTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "An API token from `manage.py create_api_token`, sent as `Authorization: Bearer <token>`. "
                    "Each token is bound to a role and teams and carries scopes such as `tickets:read`."
                )
            ),
        }
