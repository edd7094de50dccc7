"""Save the onboarding report (PDF or HTML, by the name chosen) and copy its summary: from the Done page's buttons
and from the window's menu, at any point of a journey."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from wizard.core.report import OnboardingReport, build_report, save_html, to_text
from wizard.ui.report_pdf import save_pdf
from wizard.ui.session import WizardSession


def current_report(session: WizardSession) -> OnboardingReport:
    identity = session.identity()
    return build_report(session.state, session.language, fingerprint=identity.fingerprint if identity else "",
                        stored_where=session.vault.where_text())


def default_report_name(session: WizardSession) -> str:
    env = session.environment()
    return f"{session.t('ui.report_file_name')} {env.name if env else ''}".strip() + ".pdf"


def save_report(session: WizardSession, parent: QWidget) -> Path | None:
    """Ask where, then write the report there: a PDF unless the name ends in .html. Returns where it went."""
    start = Path(session.state.export_folder or Path.home()) / default_report_name(session)
    chosen = session.services.desktop.choose_save_file(parent, session.t("ui.report_save_title"), start,
                                                       session.t("ui.report_filter"))
    if chosen is None:
        return None
    return write_report(session, chosen)


def write_report(session: WizardSession, path: Path) -> Path:
    """A .html path gets the HTML page; anything else the PDF (".pdf" added when the name has no extension)."""
    report = current_report(session)
    if path.suffix.lower() in (".html", ".htm"):
        save_html(report, path)
        return path
    path = path if path.suffix else path.with_suffix(".pdf")
    save_pdf(report, path)
    return path


def copy_summary(session: WizardSession) -> None:
    """The plain-text summary on the clipboard (it holds no secret: the token is never in the report)."""
    QGuiApplication.clipboard().setText(to_text(current_report(session)))
