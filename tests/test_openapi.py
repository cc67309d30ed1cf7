"""The OpenAPI schema is valid and warning-free, and the docs page works offline under our CSP."""

import pytest
import yaml
from django.core.management import call_command


def test_it_generates_a_valid_schema_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/tickets/{code}/comments/" in schema["paths"]


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def _operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if path.startswith("/api/v1/") and not path.startswith("/api/v1/access-events/"):
                yield f"{method.upper()} {path}", operation


def test_it_documents_errors_and_auth_for_every_operation(schema):
    operations = dict(_operations(schema))

    assert len(operations) >= 14
    for name, operation in operations.items():
        assert {"401", "403"} <= set(operation["responses"]), name
        assert {"bearerToken": []} in operation["security"], name
        assert operation.get("summary"), name
        if "{" in name:
            assert "404" in operation["responses"], name
        if name.startswith(("POST", "PATCH")):
            assert "requestBody" in operation, name
            assert {"400", "415"} <= set(operation["responses"]), name


def test_it_documents_the_unavailable_marker(schema):
    ticket = schema["components"]["schemas"]["Ticket"]

    assert "unavailable_fields" in ticket["properties"]
    assert ticket["properties"]["subject"]["nullable"] is True
    assert "unavailable" in ticket["properties"]["unavailable_fields"]["description"]


def test_it_serves_swagger_ui_from_our_own_static_files(client):
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")


def test_it_documents_the_redaction_endpoints_under_their_tag_and_contract(schema):
    paths = schema["paths"]
    suggestions = {
        "comments_redaction_suggestions": paths["/api/v1/comments/{comment_id}/redaction-suggestions/"]["get"],
        "tickets_redaction_suggestions": paths["/api/v1/tickets/{code}/redaction-suggestions/"]["get"],
    }
    redactions = {
        "comments_redactions_create": paths["/api/v1/comments/{comment_id}/redactions/"]["post"],
        "tickets_redactions_create": paths["/api/v1/tickets/{code}/redactions/"]["post"],
    }

    for operation_id, operation in {**suggestions, **redactions}.items():
        assert operation["operationId"] == operation_id and operation["tags"] == ["redaction"]
    for operation in suggestions.values():
        assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/SuggestionsOutput"}
    for operation in redactions.values():
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body == {"$ref": "#/components/schemas/RedactionInputRequest"}
        assert operation["responses"]["201"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/RedactionOutput"}
        assert {"400", "404", "413", "415"} <= set(operation["responses"])
