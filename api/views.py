"""The account page (personal access tokens) and the API's browsable documentation."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from api import services
from api.models import AccessToken
from core.forms import text_field


class TokenForm(forms.Form):
    name = text_field("Token name", max_length=100, help_text="What the token is for, e.g. 'Power BI refresh'.")

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name


@login_required
def account(request):
    """The signed-in person's details and their access tokens; a new token is shown once, on this response only."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            record, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except services.TokenRefused as exc:
            form.add_error("name", str(exc))
        else:
            created = {"record": record, "token": raw}
            form = TokenForm()
    tokens = AccessToken.objects.filter(user=request.user)
    status = 400 if form.errors else 200
    context = {"form": form, "tokens": tokens, "created": created}
    return render(request, "api/account.html", context, status=status)


@login_required
@require_POST
def revoke(request, token_id):
    record = services.token_revoke(user=request.user, token_id=token_id)
    if record is None:
        raise Http404("No such token")
    messages.success(request, f"Token “{record.name}” revoked: scripts using it can no longer read the API.")
    return redirect("account")


def docs(request):
    """Swagger UI from our own static files (swagger-ui-dist via npm), reading /api/v1/openapi.json."""
    return render(request, "api/docs.html")
