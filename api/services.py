"""Writes for access tokens: made and revoked only by their owner."""

from django.db import transaction
from django.utils import timezone

from api import tokens
from api.models import AccessToken

MAX_ACTIVE_TOKENS = 10


class TokenRefused(ValueError):
    """A token that cannot be made, with the reason in words."""


@transaction.atomic
def token_create(*, user, name: str) -> tuple[AccessToken, str]:
    """A new token for ``user``: the record, and the token itself, which is never stored and shown only now."""
    if AccessToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise TokenRefused(f"You already have {MAX_ACTIVE_TOKENS} tokens: revoke one you no longer use first.")
    raw = tokens.new_token()
    record = AccessToken.objects.create(user=user, name=name, token_hash=tokens.token_hash(raw), hint=tokens.hint(raw))
    return record, raw


@transaction.atomic
def token_revoke(*, user, token_id: int) -> AccessToken | None:
    """Revoke one of ``user``'s own active tokens; None when they have no such token (someone else's included)."""
    record = AccessToken.objects.active().select_for_update().filter(user=user, pk=token_id).first()
    if record is not None:
        record.revoked_at = timezone.now()
        record.save(update_fields=["revoked_at"])
    return record
