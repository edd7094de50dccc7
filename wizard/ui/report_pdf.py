"""The onboarding report as a PDF, printable on A4, rendered by Qt's own QTextDocument and QPdfWriter (no other
dependency). Needs a QGuiApplication (the command line makes an offscreen one). The window renders on the GUI
thread (Qt's font cache wants a thread with an event loop; a report takes a few tens of milliseconds) into memory,
and the file is written by a session job."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from wizard.core.report import OnboardingReport, to_html


def ensure_gui_application() -> QGuiApplication:
    """The command line has no window: an offscreen QGuiApplication is enough to lay out and print text."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["finstack-afas-wizard"])


def render_pdf(report: OnboardingReport) -> bytes:
    """The report as the bytes of a PDF (on the thread that runs Qt's event loop)."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("a QGuiApplication is needed to render a PDF")
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setTitle(report.title)
    writer.setCreator("finstack-afas-wizard")
    document = QTextDocument()
    document.setHtml(to_html(report))
    document.print_(writer)
    del writer  # finishes the PDF
    return bytes(buffer.data().data())


def save_pdf(report: OnboardingReport, path: Path) -> None:
    """Render the report and write it at `path`, atomically (the command line, the self-test)."""
    write_file(render_pdf(report))(report, path)


def write_file(data: bytes) -> Callable[[OnboardingReport, Path], None]:
    """A writer of already rendered bytes, for a job: a temporary file beside the target, then a rename."""

    def write(_report: OnboardingReport, path: Path) -> None:
        path = Path(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".pdf", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(temporary, 0o644)  # a report is for handing over
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    return write
