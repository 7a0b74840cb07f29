"""Admin deletion refused by a rule, one way for both doors: a row's delete page and the list's "delete selected"."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.http import HttpResponseRedirect
from django.urls import reverse


class RefusedDeletionMixin:
    """A ModelAdmin mixin: while ``deletion_refusal(rows)`` gives a message, nothing is deleted and the
    message says why (back on the row's change page, or on the list)."""

    def deletion_refusal(self, rows) -> str | None:
        return None

    def delete_view(self, request, object_id, extra_context=None):
        row = self.get_object(request, unquote(object_id))
        refusal = self.deletion_refusal([row]) if row is not None else None
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            info = self.opts.app_label, self.opts.model_name
            return HttpResponseRedirect(
                reverse("admin:{}_{}_change".format(*info), args=[object_id], current_app=self.admin_site.name)
            )
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            delete_selected, name, description = actions["delete_selected"]

            def delete_unless_refused(model_admin, request, queryset):
                refusal = model_admin.deletion_refusal(queryset)
                if refusal:
                    model_admin.message_user(request, refusal, messages.ERROR)
                    return None
                return delete_selected(model_admin, request, queryset)

            actions["delete_selected"] = (delete_unless_refused, name, description)
        return actions
