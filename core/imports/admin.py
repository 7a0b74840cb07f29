"""The admin's import page, made safe: limits with a message on the form, uploads cleaned up, forged confirms 400.

``BulkImportAdmin`` is the admin class for an importable table. ``SafeImportMixin`` goes before import-export's ``ImportExportMixin`` in an admin class's bases.

- The size limit is checked on the form, before the upload is copied or read;
  row and zip limits when it is read (``core.imports.files``). Each gives
  the reason on the form, never a bare 500 or 413.
- The upload waits for the confirm in ``ImportTempStorage`` (in the database, with
  who uploaded it, so any web process and worker can read it); it is deleted when
  the import is confirmed, at once when the preview has errors (no confirm is
  possible), and by the sweep when a preview is abandoned.
- A confirm whose hidden fields were tampered with (an unknown format or
  resource, a file name this site did not make, an upload already imported or
  swept) gets a 400 page saying what to do, not a 500.
- The preview and the import run as background jobs (``core.imports.jobs``), so
  a file of any size outlasts no request: while a worker runs one, the page
  shows its progress and refreshes itself; when it ends, the same preview
  (errors, confirm form) or outcome. The tests' immediate backend runs the job
  inside the request, so the page answers at once, as before.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from core.imports.files import FileRefused, ImportTempStorage, SafeCSV, SafeXLSX, UploadMissing, check_file_size
from core.imports.io import result_summary
from core.imports.jobs import ImportQueued, StoredResult, queued
from jobs.models import Job
from jobs.services import checked

PROGRESS_REFRESH_SECONDS = 3


class _SizeLimitedUpload(forms.Form):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            check_file_size(upload.size)
        except FileRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class SafeImportMixin:
    tmp_storage_class = ImportTempStorage

    def get_import_formats(self):
        return [SafeCSV, SafeXLSX]  # the bulk import's own readers, whatever ``import_formats`` says

    def get_import_form_class(self, request):
        return type("SizeLimitedImportForm", (_SizeLimitedUpload, super().get_import_form_class(request)), {})

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileRefused):
            form.add_error("import_file", str(e))
        elif isinstance(e, UnicodeDecodeError):
            form.add_error("import_file", "The file is not UTF-8 text: save it from Excel as “CSV UTF-8”")
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def write_to_tmp_storage(self, import_file, input_format):
        """Keep the upload (``ImportTempStorage``) with who uploaded it, as ``import_action`` noted on the file."""
        storage = ImportTempStorage(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            uploaded_by=getattr(import_file, "uploaded_by", None),
        )
        storage.save(b"".join(import_file.chunks()))
        return storage

    def choose_import_resource_class(self, form, request):
        return queued(super().choose_import_resource_class(form, request))  # imports run as jobs

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        data = form.cleaned_data if form is not None else {}
        upload = data.get("import_file_name") or getattr(data.get("import_file"), "tmp_storage_name", None)
        fields = {"format": data.get("format", ""), "resource": data.get("resource", "")}
        return {**super().get_import_data_kwargs(**kwargs), "upload_name": upload, "form_fields": fields}

    def generate_log_entries(self, result, request):
        pass  # every imported change is in the table's history, with the user: no admin log entry per row

    def get_urls(self):
        info = self.get_model_info()
        job_view = self.admin_site.admin_view(self.import_job_view)
        return [path("import/job/<int:job_id>/", job_view, name=f"{info[0]}_{info[1]}_import_job"), *super().get_urls()]

    def job_url(self, job: Job) -> str:
        info = self.get_model_info()
        return reverse(f"admin:{info[0]}_{info[1]}_import_job", args=[job.pk], current_app=self.admin_site.name)

    def import_url(self) -> str:
        info = self.get_model_info()
        return reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name)

    def import_job_view(self, request, job_id: int):
        """A running import's progress (refreshing itself); once finished, its preview or its outcome."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = get_object_or_404(Job, pk=job_id, started_by=request.user, handler="core.imports.jobs.run_import")
        job = checked(job)  # a job whose worker died says so, rather than "Running" for ever
        if job.state == Job.State.FAILED:
            messages.error(request, job.message)
            return HttpResponseRedirect(self.import_url())
        if job.is_finished and job.params.get("dry_run"):
            return self.preview_response(request, job)
        if job.is_finished:
            return self.process_result(StoredResult(job.result), request)
        refreshing = request.GET.get("refresh") != "off"
        context = {
            **self.admin_site.each_context(request),
            **{"title": job.label, "opts": self.model._meta, "job": job},
            **{"refreshing": refreshing, "refresh_seconds": PROGRESS_REFRESH_SECONDS},
        }
        response = TemplateResponse(request, "admin/import_export/job_progress.html", context)
        if refreshing:
            response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)  # reload without JavaScript, until turned off
        return response

    def preview_response(self, request, job: Job):
        form = self.create_import_form(request)
        fields = job.params.get("form", {})
        initial = {"import_file_name": job.params["upload"], "original_file_name": job.params["file_name"], **fields}
        result = StoredResult(job.result)
        context = {
            **self.admin_site.each_context(request),
            "title": "Import",
            "form": form,
            "opts": self.model._meta,
            "result": result,
            "fields_list": [],
            "import_error_display": self.import_error_display,
        }
        if not result.has_errors() and not result.has_validation_errors():
            context["confirm_form"] = self.get_confirm_form_class(request)(initial=initial)
        self.preview_messages(request, result)
        return TemplateResponse(request, [self.import_template_name], context)

    def preview_messages(self, request, result):
        """The preview's summary above the page (``BulkImportAdmin`` words it)."""

    def import_action(self, request, **kwargs):
        if "import_file" in request.FILES:
            # import-export hands the storage only the file, and names the kept copy on it: so is its uploader.
            request.FILES["import_file"].uploaded_by = request.user
        try:
            response = super().import_action(request, **kwargs)
        except ImportQueued as queued_job:
            return HttpResponseRedirect(self.job_url(queued_job.job))
        except FileRefused as exc:
            messages.error(request, str(exc))
            return HttpResponseRedirect(self.import_url())
        context = getattr(response, "context_data", None) or {}
        # import-export names the kept copy on the upload; a form error drops it from cleaned_data, not from FILES.
        name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
        if name and not context.get("confirm_form"):
            ImportTempStorage(name=name).remove()  # nothing can confirm this preview: do not keep the file
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        problem = self.forged_confirm_problem(request.POST, request)
        if problem:
            return self.confirm_refused(request, problem)
        try:
            return super().process_import(request, **kwargs)
        except ImportQueued as queued_job:
            return HttpResponseRedirect(self.job_url(queued_job.job))
        except (UploadMissing, FileRefused):
            return self.confirm_refused(request, "The uploaded file can no longer be read")

    def forged_confirm_problem(self, data, request) -> str | None:
        """Why a confirm's hidden fields cannot be this site's own preview, or None."""
        file_format, resource = str(data.get("format", "")), str(data.get("resource", ""))
        if not (file_format.isdigit() and int(file_format) < len(self.get_import_formats())):
            return "The confirm names a file format this page does not offer"
        if resource and not (resource.isdigit() and int(resource) < len(self.get_import_resource_classes(request))):
            return "The confirm names a table this page does not import"
        if not data.get("original_file_name"):
            return "The confirm does not name the uploaded file"
        if not ImportTempStorage(name=str(data.get("import_file_name", ""))).exists():
            return "This preview's upload is not kept any more: it was already imported, or it expired"
        return None

    def confirm_refused(self, request, problem: str):
        info = self.get_model_info()
        context = {
            **self.admin_site.each_context(request),
            "title": "The import could not be confirmed",
            "opts": self.model._meta,
            "problem": problem,
            "import_url": reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name),
        }
        return TemplateResponse(request, "admin/import_export/confirm_refused.html", context, status=400)


class BulkImportAdmin(SafeImportMixin, ImportExportMixin, SimpleHistoryAdmin):
    """History plus CSV/XLSX import (preview, then confirm; all or nothing) and export.

    The import-export mixin comes first so its URLs and change-list buttons wrap
    simple-history's admin, which keeps its history pages.
    """

    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def has_import_permission(self, request):
        # Importing adds and changes rows, so it needs both permissions (import-export allows any staff user).
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        result = (getattr(response, "context_data", None) or {}).get("result")
        if result is not None:
            self.preview_messages(request, result)
        return response

    def preview_messages(self, request, result):
        if result is not None:
            counts = result_summary(result)
            summary = (
                f"Preview: {counts['new']} new, {counts['changed']} to change, "
                f"{counts['unchanged']} unchanged, {counts['errors']} with errors."
            )
            if counts["errors"]:
                messages.error(
                    request,
                    f"{summary} Nothing will be imported until every row is correct: the rows with errors "
                    "are listed below by line (line 1 is the header).",
                )
            else:
                messages.info(request, f"{summary} Nothing has been written yet: confirm to import.")

    def process_result(self, result, request):
        counts = result_summary(result)
        if counts["errors"] or result.has_errors():
            # The data changed between preview and confirm: the import was rolled back as a whole.
            messages.error(
                request,
                f"Nothing was imported: {counts['errors']} rows failed when confirming. Upload the file again to see why.",
            )
            info = self.get_model_info()
            return HttpResponseRedirect(reverse(f"admin:{info[0]}_{info[1]}_import", current_app=self.admin_site.name))
        return super().process_result(result, request)
