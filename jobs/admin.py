from django.contrib import admin

from jobs.models import Job
from jobs.services import fail_abandoned


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Every background job: who started it, its state, its progress and outcome (read only)."""

    list_display = ["label", "started_by", "state", "done", "total", "created_at", "finished_at"]
    list_filter = ["state"]
    readonly_fields = [field.name for field in Job._meta.fields if field.name != "result"]
    exclude = ["result"]

    def changelist_view(self, request, extra_context=None):
        fail_abandoned()  # jobs whose worker died say so here, rather than "Running" for ever
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
