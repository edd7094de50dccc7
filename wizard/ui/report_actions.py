"""Save the onboarding report (PDF or HTML, by the name chosen) and copy its summary, from the Done page's buttons
and from the window's Menu. The writing is a session job; the PDF is drawn with Qt's text engine."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from wizard.app.jobs import Job, JobKind, JobStatus
from wizard.core.messages import Message, UserInputError
from wizard.ui.context import WindowContext


class ReportActions:
    def __init__(self, ctx: WindowContext, parent: QWidget) -> None:
        self.ctx, self.parent = ctx, parent

    def save(self) -> Job | None:
        """Ask where, then write the report there (a PDF unless the name ends in .html)."""
        session = self.ctx.session
        start = Path(session.record.export_folder or Path.home()) / session.reports.default_name()
        chosen = self.ctx.desktop.choose_save_file(self.parent, session.t("ui.report_save_title"), start,
                                                   session.t("ui.report_filter"))
        if chosen is None:
            return None
        from wizard.app.reports import ReportFormat, report_format

        try:
            kind, _ = report_format(chosen)
        except UserInputError as refused:
            self.ctx.desktop.tell(self.parent, session.t("ui.report_save_title"), refused.text(session.language))
            return None
        if kind is ReportFormat.HTML:
            return session.reports.write(chosen, None)
        from wizard.ui.report_pdf import render_pdf, write_file  # Qt's text engine: loaded when first used

        report = session.reports.current()
        return session.reports.write(chosen, write_file(render_pdf(report)), report)

    def copy(self) -> None:
        """The plain-text summary on the clipboard (it holds no secret: the token is never in the report)."""
        QGuiApplication.clipboard().setText(self.ctx.session.reports.summary_text())


def report_outcome(job: Job | None) -> tuple[Message, str] | None:
    """What to say about the last report written: where it went, or why it failed (None: nothing yet)."""
    if job is None or job.kind is not JobKind.REPORT or job.running:
        return None
    if job.status is JobStatus.DONE:
        return Message("ui.report_saved", {"path": str(job.result)}), "ok"
    return job.failure or Message("ui.unexpected", {"detail": job.error_type}), "error"
