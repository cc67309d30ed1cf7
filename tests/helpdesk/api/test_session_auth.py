"""The agent UI calls the API with its session: the role decides, no token scopes apply."""


def test_it_accepts_a_signed_in_agent(login, alice, ticket):
    response = login(alice).get("/api/v1/tickets/")

    assert response.status_code == 200
    assert response.json()["results"][0]["code"] == str(ticket.code)


def test_it_applies_the_role_to_session_writes(login, light, ticket):
    response = login(light).patch(
        f"/api/v1/tickets/{ticket.code}/", {"status": "solved"}, content_type="application/json"
    )

    assert response.status_code == 403


def test_it_answers_404_to_a_signed_in_outsider(login, charlie, ticket):
    assert login(charlie).get(f"/api/v1/tickets/{ticket.code}/").status_code == 404


def test_it_refuses_a_signed_in_compliance_officer(login, compliance):
    assert login(compliance).get("/api/v1/customers/").status_code == 403
