"""Schemathesis against /api/schema/ on a live server: every operation, valid and invalid input.

Per operation at least 100 generated requests (valid ones aimed at seeded objects, and invalid
ones); no 5xx, every response conforms to the documented status codes, content types and body
schemas, and every invalid request is answered with a 4xx. Shrinking is off and examples are
bounded so the whole run stays within a few minutes on two cores.
"""

from collections import Counter

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.roles import Role
from helpdesk.models import CustomFieldDefinition

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

EXAMPLES_PER_MODE = 300
# The check's title when an invalid request got a status outside its expected list (400, 422, ...).
REJECTED_BUT_NOT_400 = "Schema-violating request accepted"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          negative_data_rejection]
FUZZ_SETTINGS = hypothesis_settings(
    max_examples=EXAMPLES_PER_MODE,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=False,
)


@pytest.fixture
def seeded(ticket, alice, team_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from helpdesk.services import attachment_add

    CustomFieldDefinition.objects.create(key="order", label="Order", kind="number")
    attachment = attachment_add(ticket=ticket, upload=SimpleUploadedFile("a.txt", b"hello"), actor=alice)
    comment = ticket.comments.first()
    return {"code": str(ticket.pk), "customer_id": str(ticket.requester_id), "attachment_id": str(attachment.pk),
            "comment_id": str(comment.pk)}


def _token(api_client_for, team, role: str = Role.SENIOR_AGENT) -> str:
    client = api_client_for(role=role, teams=[team])
    return client._credentials["HTTP_AUTHORIZATION"]


def _schema(live_server, authorization: str):
    url = f"{live_server.url}/api/schema/?format=json"
    raw = requests.get(url, headers={"Authorization": authorization}, timeout=30)
    raw.raise_for_status()
    return schemathesis.openapi.from_dict(raw.json())


def _fuzz(operation, mode, *, base_url: str, headers: dict, path_parameters: dict, calls: Counter, failures: list,
          examples: dict):
    parameters = {p.name: path_parameters[p.name] for p in operation.path_parameters if p.name in path_parameters}
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=parameters or None)
    session = requests.Session()

    @FUZZ_SETTINGS
    @given(case=strategy)
    def run(case):
        response = case.call(base_url=base_url, headers=headers, session=session, timeout=30)
        calls[operation.label] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:  # every failed check of this response, by title
            titles = sorted({failure.title for failure in group.exceptions})
            if titles == [REJECTED_BUT_NOT_400] and 400 <= response.status_code < 500:
                return  # refused all the same, e.g. 413 for a body over the JSON limit
            failures.append((operation.label, mode.value, response.status_code, ", ".join(titles)))
            examples.setdefault(failures[-1], case.as_curl_command())

    run()


def test_it_survives_fuzzing_of_every_operation(live_server, seeded, api_client_for, team_a, settings):
    settings.SEALDESK_API_TOKEN_RATE = "100000/minute"
    authorization = _token(api_client_for, team_a)
    schema = _schema(live_server, authorization)
    operations = [result.ok() for result in schema.get_all_operations()]
    calls, failures, examples = Counter(), [], {}
    for operation in operations:
        role = Role.COMPLIANCE if "/access-events/" in operation.label else Role.SENIOR_AGENT
        headers = {"Authorization": _token(api_client_for, team_a, role)}  # fresh: no throttling across operations
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            _fuzz(operation, mode, base_url=live_server.url, headers=headers, path_parameters=seeded, calls=calls,
                  failures=failures, examples=examples)

    assert len(operations) >= 14
    assert sorted(set(failures)) == [], examples
    assert {label: count for label, count in calls.items() if count < 100} == {}
