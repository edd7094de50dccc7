"""The onboarding report a consultant hands over: saved from the Done page as PDF and HTML and read back (the
environment and the filter are in it, the token is not), the summary copied, and the same from the command line."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QGuiApplication

from tests.gui.conftest import close, qtbot_left, running, walk_to
from wizard.app.jobs import JobKind
from wizard.cli import run as run_cli
from wizard.core.token import parse_token
from wizard.standins.demo import DEMO_TOKEN_XML

pytestmark = pytest.mark.gui

TOKEN = parse_token(DEMO_TOKEN_XML)
SECRETS = (TOKEN.reveal_data(), TOKEN.reveal(), TOKEN.authorization_header().split(" ", 1)[1])


def _pdf_text(path) -> str:
    """The PDF's text as a reader sees it (NFKC undoes the typesetter's ligatures, such as "fi")."""
    text = "".join(page.extract_text() for page in PdfReader(str(path)).pages)
    return unicodedata.normalize("NFKC", text).replace("\t", " ")


def test_the_done_page_saves_the_report_as_pdf_and_html(qtbot, make_window, standin_services, desktop, tmp_path):
    window = make_window(standin_services)
    walk_to(qtbot, window, "done")
    done = window.pages["done"]
    desktop.save_files += [tmp_path / "report.pdf", tmp_path / "report.html"]
    for _ in range(2):
        qtbot.mouseClick(done.report_button, qtbot_left())
        qtbot.waitUntil(lambda: not running(window, JobKind.REPORT), timeout=10_000)
    assert str(tmp_path / "report.html") in done.report_box.text()

    pdf = _pdf_text(tmp_path / "report.pdf")
    assert "O12345AA" in pdf and "1;2;3" in pdf
    assert TOKEN.fingerprint in pdf and "https://12345.rest.afas.online/ProfitRestServices" in pdf
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "O12345AA" in page and "1;2;3" in page and "Classic token (2)" in page
    assert "The AFAS server answers" in page  # every check of the token test, with its outcome
    for secret in SECRETS:
        assert secret not in pdf and secret not in page
        assert secret.encode() not in (tmp_path / "report.pdf").read_bytes()

    qtbot.mouseClick(done.copy_button, qtbot_left())
    summary = QGuiApplication.clipboard().text()
    assert summary.startswith("AFAS → Finstack onboarding report") and "1;2;3" in summary
    assert all(secret not in summary for secret in SECRETS)


def test_the_report_speaks_the_chosen_language(qtbot, make_window, standin_services, desktop, tmp_path):
    window = make_window(standin_services, "nl")
    walk_to(qtbot, window, "done")
    desktop.save_files.append(tmp_path / "rapport.html")
    qtbot.mouseClick(window.pages["done"].report_button, qtbot_left())
    qtbot.waitUntil(lambda: not running(window, JobKind.REPORT), timeout=10_000)
    page = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert "Rapport koppeling AFAS → Finstack" in page and "Waarde voor" in page


def test_the_command_line_writes_the_same_report_from_saved_progress(qtbot, make_window, standin_services,
                                                                     tmp_path):
    window = make_window(standin_services)
    walk_to(qtbot, window, "done")
    close(window)
    out, err = io.StringIO(), io.StringIO()
    assert run_cli(["--lang", "en", "report", str(tmp_path / "r.html"), "--customer", "O12345AA"],
                   stdin=io.StringIO(), out=out, err=err) == 0, err.getvalue()
    assert "O12345AA" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert run_cli(["report", str(tmp_path / "r.pdf")], stdin=io.StringIO(), out=out, err=err) == 0
    assert "1;2;3" in _pdf_text(tmp_path / "r.pdf")
    assert run_cli(["report", str(tmp_path / "r.txt")], stdin=io.StringIO(), out=out, err=err) == 2
    assert run_cli(["report", str(tmp_path / "x.pdf"), "--customer", "T99999AA"], stdin=io.StringIO(), out=out,
                   err=err) == 2
    assert "There is no customer T99999AA" in err.getvalue()


def test_the_pdf_sets_every_label_apart_from_its_value_in_one_column_layout(tmp_path):
    from wizard.core.report import build_report
    from wizard.core.state import WizardState
    from wizard.ui.report_pdf import save_pdf

    report = build_report(WizardState(environment_text="O12345AA", administrations_text="1;2;3"), "nl")
    save_pdf(report, tmp_path / "r.pdf")
    lines = [line.strip() for line in _pdf_text(tmp_path / "r.pdf").splitlines()]
    assert "Versie van de wizard" in lines and "Vingerafdruk" in lines  # a label alone: never "…wizard0.1.0"
    assert not any(line.startswith("Versie van de wizard0") or line.startswith("Vingerafdrukonbekend")
                   for line in lines)
    html = (tmp_path / "r.html")
    from wizard.core.report import save_html

    save_html(report, html)
    assert html.read_text(encoding="utf-8").count('width="36%"') == sum(len(s.rows) for s in report.sections)
