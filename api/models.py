"""Personal access tokens for scripts that read the API."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class AccessTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class AccessToken(models.Model):
    """A token a person made for a script; only its hash is stored (``api.tokens``)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Power BI refresh'.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(max_length=20, editable=False, help_text="The token's first characters.")
    created_at = models.DateTimeField(auto_now_add=True)
    # Updated at most hourly, so a busy script costs no write per request.
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Revoked tokens are kept (not deleted) so the account page can say when each stopped working.
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="api_token_has_name"),
            models.CheckConstraint(condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"), name="api_token_hash_is_sha256"),
        ]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"
