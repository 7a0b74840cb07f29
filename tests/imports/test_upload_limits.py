"""Upload limits and clean-up (issue 8.6): an oversize file, too many rows or a zip bomb gets a clear message on
the form and writes nothing; no upload is left behind after a confirm, a preview with errors, or an abandoned
preview once it expires."""

import hashlib
import io
import re
import time
import zipfile
from datetime import timedelta

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from core.imports.files import ImportTempStorage, UploadMissing, sweep_stale_uploads
from core.imports.io import table_import
from core.periods import FinancialYear
from indicators.models import Measurement
from indicators.resources import MeasurementResource
from jobs.models import Upload
from tests.imports.conftest import MEASUREMENT_HEADER, csv_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _kept():
    """The names of the uploads kept for a confirm (in the database, where every process reads them)."""
    return sorted(Upload.objects.values_list("name", flat=True))


def _preview(client, data, name="figures.csv"):
    file_format = "1" if name.endswith(".xlsx") else "0"
    upload = SimpleUploadedFile(name, data)
    return client.post(
        reverse("admin:indicators_measurement_import"), {"resource": "0", "format": file_format, "import_file": upload}
    )


def _form_errors(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select("ul.errorlist li")]


def _figures_2011():
    return Measurement.objects.filter(year=FinancialYear(2011))


def _rows(count):
    quarters = [(year, quarter) for year in range(2011, 2100) for quarter in (1, 2, 3, 4)]
    return [
        f"NI 20,Blaby,{FinancialYear(year).label},{quarter},3.1,,,"
        for year, quarter in quarters[:count]  # one line per quarter: every row valid
    ]


def _workbook(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewritten(xlsx: bytes, sheet_xml) -> bytes:
    """The same workbook with its sheet's XML replaced by ``sheet_xml(original)`` (bytes, or chunks)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for part in source.infolist():
            data = source.read(part.filename)
            if part.filename == "xl/worksheets/sheet1.xml":
                with target.open(part.filename, "w") as sheet:
                    for chunk in sheet_xml(data):
                        sheet.write(chunk)
            else:
                target.writestr(part, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A real workbook whose sheet is padded with 200 MB of spaces: about 200 KB on disk."""

    def padded(xml):
        head, tail = xml.split(b"<sheetData>")
        yield head + b"<sheetData>"
        for _ in range(200):
            yield b" " * MB
        yield tail

    return _rewritten(_workbook([MEASUREMENT_HEADER.split(","), ["NI 20", "Blaby", "2011/12", 1, 3.1]]), padded)


def three_million_rows() -> bytes:
    """A workbook whose sheet says it is 3,000,000 rows long, as an inflating one does in its first bytes."""

    def declared(xml):
        yield re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:E3000000"', xml)

    data = _rewritten(_workbook([MEASUREMENT_HEADER.split(",")[:5], ["NI 20", "Blaby", "2011/12", 1, 3.1]]), declared)
    assert b"E3000000" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    return data


# --- Limits ---------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_on_the_form_and_not_kept(client, administrator, settings):
    settings.IMPORT_MAX_FILE_BYTES = 1 * MB
    data = csv_bytes(MEASUREMENT_HEADER, *_rows(1), *["NI 20,Blaby,2011/12,1,3.1,,,x" + "x" * 1000] * 1500)
    assert 1.45 * MB < len(data) < 1.5 * MB
    client.force_login(administrator)

    response = _preview(client, data)

    assert response.status_code == 200
    assert _form_errors(response) == [
        "The file is 1.5 MB; the largest file that can be imported is 1.0 MB. Split it into smaller files"
    ]
    assert not _figures_2011().exists()
    assert _kept() == []


def test_a_file_with_too_many_rows_is_refused_on_the_form(client, administrator, settings):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(administrator)

    response = _preview(client, csv_bytes(MEASUREMENT_HEADER, *_rows(6)))

    assert _form_errors(response) == [
        "The file has more than 5 rows, the most one import takes. Split it into smaller files"
    ]
    assert not _figures_2011().exists()
    assert _kept() == []
    assert "Preview: 5 new" in str(
        [str(m) for m in _preview(client, csv_bytes(MEASUREMENT_HEADER, *_rows(5))).context["messages"]]
    )


def test_a_zip_bomb_xlsx_is_refused_before_it_is_inflated(client, administrator):
    bomb = zip_bomb()
    assert len(bomb) < 1 * MB
    client.force_login(administrator)

    started = time.monotonic()
    response = _preview(client, bomb, name="figures.xlsx")

    assert time.monotonic() - started < 5
    assert _form_errors(response) == [
        "The workbook unpacks to 200.0 MB, more than the 50.0 MB an import takes: "
        "save just the table's sheet, or split it into smaller files"
    ]
    assert not _figures_2011().exists()
    assert _kept() == []


def test_an_xlsx_declaring_three_million_rows_is_refused_before_it_is_read(client, administrator):
    client.force_login(administrator)
    response = _preview(client, three_million_rows(), name="figures.xlsx")
    assert _form_errors(response) == [
        "The file has more than 50,000 rows, the most one import takes. Split it into smaller files"
    ]
    assert not _figures_2011().exists()


@pytest.mark.parametrize("build", [zip_bomb, three_million_rows])
def test_scripts_refuse_the_same_files(seeded, build, tmp_path):
    with pytest.raises(ValueError, match="more than"):  # FileRefused: the message is for the user
        table_import(resource_class=MeasurementResource, data=build(), file_name="figures.xlsx", dry_run=True)
    path = tmp_path / "figures.xlsx"
    path.write_bytes(build())
    with pytest.raises(CommandError):
        call_command("import_table", "measurements", str(path))
    assert not _figures_2011().exists()


def test_the_command_refuses_an_oversize_file_before_reading_it(seeded, settings, tmp_path):
    settings.IMPORT_MAX_FILE_BYTES = 1 * MB
    path = tmp_path / "figures.csv"
    path.write_bytes(csv_bytes(MEASUREMENT_HEADER) + b"x" * (2 * MB))
    with pytest.raises(CommandError, match="the largest file that can be imported is 1.0 MB"):
        call_command("import_table", "measurements", str(path))


# --- Clean-up ---------------------------------------------------------------------------------


def _confirm_fields(response):
    form = BeautifulSoup(response.content, "html.parser").find(
        "form", action=reverse("admin:indicators_measurement_process_import")
    )
    return {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}


def test_no_upload_is_left_after_a_confirmed_import(client, administrator, new_figures):
    client.force_login(administrator)
    preview = _preview(client, csv_bytes(*new_figures))
    assert len(_kept()) == 1  # kept for the confirm
    assert Upload.objects.get().uploaded_by == administrator

    response = client.post(reverse("admin:indicators_measurement_process_import"), _confirm_fields(preview))

    assert response.status_code == 302
    assert _figures_2011().count() == 3
    assert _kept() == []


def test_no_upload_is_kept_for_a_preview_with_errors(client, administrator, new_figures):
    client.force_login(administrator)
    _preview(client, csv_bytes(*new_figures, "NI 20,Blaby,2011/12,4,many,,,"))
    assert _kept() == []


def test_an_abandoned_preview_is_deleted_once_it_expires(client, administrator, new_figures, settings):
    client.force_login(administrator)
    _preview(client, csv_bytes(*new_figures))
    [abandoned] = _kept()
    stale = timezone.now() - timedelta(seconds=settings.IMPORT_TMP_MAX_AGE_SECONDS + 60)
    Upload.objects.filter(name=abandoned).update(uploaded_at=stale)

    _preview(client, csv_bytes(*new_figures))  # the next upload sweeps expired ones

    assert abandoned not in _kept()
    assert len(_kept()) == 1


# --- Kept in the database, shared by every process ----------------------------------------------


def test_an_upload_kept_by_one_process_is_read_by_another_with_only_its_name(administrator, new_figures):
    data = csv_bytes(*new_figures).replace(b"\n", b"\r\n")
    web = ImportTempStorage(uploaded_by=administrator)
    web.save(data)

    worker = ImportTempStorage(name=web.name, read_mode="rb")  # what the job carries: the name, nothing else
    assert worker.exists()
    assert worker.read() == data
    confirm = ImportTempStorage(name=web.name, read_mode="r", encoding="utf-8-sig")  # the admin's confirm of a CSV
    assert confirm.read() == csv_bytes(*new_figures).decode()  # as a file opened as text read it
    kept = Upload.objects.get(name=web.name)
    assert (kept.uploaded_by, kept.size, kept.sha256) == (administrator, len(data), hashlib.sha256(data).hexdigest())

    worker.remove()  # imported
    assert not confirm.exists()
    with pytest.raises(UploadMissing):
        confirm.read()


@pytest.mark.parametrize("name", ["0" * 32, "../../etc/passwd", "/etc/passwd", "", None])
def test_an_upload_this_site_did_not_keep_is_missing(name):
    storage = ImportTempStorage(name=name, read_mode="rb")
    assert not storage.exists()
    with pytest.raises(UploadMissing):
        storage.read()
    storage.remove()  # nothing to remove, and no error


def test_a_stale_upload_is_swept_when_the_next_is_kept_and_a_recent_one_stays(settings):
    stale, recent = ImportTempStorage(read_mode="rb"), ImportTempStorage(read_mode="rb")
    stale.save(b"abandoned preview")
    recent.save(b"a preview waiting for its confirm")
    age = timedelta(seconds=settings.IMPORT_TMP_MAX_AGE_SECONDS)
    Upload.objects.filter(name=stale.name).update(uploaded_at=timezone.now() - age - timedelta(minutes=1))
    Upload.objects.filter(name=recent.name).update(uploaded_at=timezone.now() - age + timedelta(minutes=1))

    ImportTempStorage().save(b"the next upload")

    assert not stale.exists()
    assert recent.read() == b"a preview waiting for its confirm"
    assert len(_kept()) == 2
    assert sweep_stale_uploads(now=timezone.now() + age + timedelta(minutes=2)) == 2
