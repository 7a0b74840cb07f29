"""The account page: a person makes a token (shown once, stored hashed) and revokes their own, no one else's."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from api.models import AccessToken
from api.services import MAX_ACTIVE_TOKENS, token_create
from api.tokens import token_hash

pytestmark = pytest.mark.django_db


def test_signing_in_is_needed(client, seeded):
    response = client.get(reverse("account"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_token_is_shown_once_and_works(client, board_officer):
    client.force_login(board_officer)
    response = client.post(reverse("account"), {"name": "Power BI refresh"})
    assert response.status_code == 200
    raw = BeautifulSoup(response.content, "html.parser").select_one("#new-token").text
    assert AccessToken.objects.get(user=board_officer).token_hash == token_hash(raw)
    assert raw not in client.get(reverse("account")).content.decode()
    assert client.get("/api/v1/areas", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_token_needs_a_name(client, board_officer):
    client.force_login(board_officer)
    response = client.post(reverse("account"), {"name": "  "})
    assert response.status_code == 400
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one(".govuk-error-summary a").text == "Enter a name for the token"
    assert not AccessToken.objects.exists()


def test_a_person_may_hold_only_so_many_tokens(client, board_officer):
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(user=board_officer, name=f"script {n}")
    client.force_login(board_officer)
    response = client.post(reverse("account"), {"name": "one more"})
    assert response.status_code == 400
    assert AccessToken.objects.count() == MAX_ACTIVE_TOKENS


def test_revoking_a_token_stops_it_working(client, board_officer):
    record, raw = token_create(user=board_officer, name="R")
    client.force_login(board_officer)
    response = client.post(reverse("account_token_revoke", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert client.get("/api/v1/areas", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    page = BeautifulSoup(client.get(reverse("account")).content, "html.parser")
    assert "Revoked" in page.select_one(".govuk-table__body").text


def test_nobody_revokes_another_persons_token(client, board_officer, blaby_manager):
    record, raw = token_create(user=board_officer, name="R")
    client.force_login(blaby_manager)
    assert client.post(reverse("account_token_revoke", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.revoked_at is None
    assert client.get("/api/v1/areas", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_revoking_is_post_only(client, board_officer):
    record, _raw = token_create(user=board_officer, name="R")
    client.force_login(board_officer)
    assert client.get(reverse("account_token_revoke", args=[record.pk])).status_code == 405
    record.refresh_from_db()
    assert record.revoked_at is None
