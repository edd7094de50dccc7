"""The onboarding report as a PDF, printable on A4, rendered by Qt's own QTextDocument and QPdfWriter (no other
dependency). Needs a QGuiApplication (the command line makes an offscreen one)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from wizard.core.report import OnboardingReport, to_html


def ensure_gui_application() -> QGuiApplication:
    """The command line has no window: an offscreen QGuiApplication is enough to lay out and print text."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication(["finstack-afas-wizard"])


def save_pdf(report: OnboardingReport, path: Path) -> None:
    """Write the report as a PDF at `path`, atomically (a temporary file beside it, then a rename)."""
    if QGuiApplication.instance() is None:
        raise RuntimeError("a QGuiApplication is needed to render a PDF")
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".pdf", dir=path.parent)
    os.close(handle)
    try:
        writer = QPdfWriter(temporary)
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
        writer.setTitle(report.title)
        writer.setCreator("finstack-afas-wizard")
        document = QTextDocument()
        document.setHtml(to_html(report))
        document.print_(writer)
        del writer  # finishes the file
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
