from django.contrib import admin

from reports.models import PublishedFile, PublishedReport


class ReadOnly:
    """Published reports are frozen: the admin shows them and offers no add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PublishedFileInline(ReadOnly, admin.TabularInline):
    model = PublishedFile
    fields = ["format", "size", "sha256"]
    readonly_fields = fields
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")  # the list shows sizes, never the bytes


@admin.register(PublishedReport)
class PublishedReportAdmin(ReadOnly, admin.ModelAdmin):
    """Every published Board report version: who published it, when, and its stored files (read only)."""

    list_display = ["area", "agreement", "year", "quarter", "version", "published_by", "published_at"]
    list_filter = ["agreement", "year", "quarter"]
    list_select_related = ["area", "agreement", "published_by"]
    readonly_fields = [field.name for field in PublishedReport._meta.fields if field.name != "snapshot"]
    exclude = ["snapshot"]
    inlines = [PublishedFileInline]
