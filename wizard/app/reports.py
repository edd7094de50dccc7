"""The onboarding report a consultant hands over, one way for every face: what it holds (wizard.core.report), its
short summary (the Done page and "Copy summary"), and which file format a name asks for. The PDF is drawn by the
face that can (the window and the command line pass a PDF writer); the HTML needs nothing."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.app.jobs import Job, JobKind
from wizard.core.messages import Language, Message, UserInputError
from wizard.core.state import WizardState

if TYPE_CHECKING:
    from wizard.app.session import Session
    from wizard.core.report import OnboardingReport

PdfWriter = Callable[["OnboardingReport", Path], None]


class ReportFormat(StrEnum):
    PDF = "pdf"
    HTML = "html"


def report_format(path: Path) -> tuple[ReportFormat, Path]:
    """The format a file name asks for: .html/.htm the HTML page, .pdf (or no extension: .pdf is added) the PDF.
    Any other extension is refused, so a typo never writes a PDF named report.txt."""
    from wizard.core.file_names import name_problem, shown_name

    problem = name_problem(path.name)  # the report is handed over: its name must exist on Windows and macOS too
    if problem is not None:
        raise UserInputError(Message("cli.report_bad_name", {"problem": problem}))
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        return ReportFormat.HTML, path
    if suffix == ".pdf":
        return ReportFormat.PDF, path
    if not suffix:
        return ReportFormat.PDF, path.with_suffix(".pdf")
    raise UserInputError(Message("cli.report_format", {"file": shown_name(path.name[:80])}))


def build(record: WizardState, language: Language, fingerprint: str = "", stored_where: str = "") -> OnboardingReport:
    from wizard.core.report import build_report

    return build_report(record, language, fingerprint=fingerprint, stored_where=stored_where)


def write(report: OnboardingReport, path: Path, pdf_writer: PdfWriter | None) -> Path:
    """Write `report` at `path` in the format its name asks for; returns where it went. A file that cannot be
    written is a UserInputError that names it."""
    kind, target = report_format(path)
    try:
        if kind is ReportFormat.HTML:
            from wizard.core.report import save_html

            save_html(report, target)
        elif pdf_writer is None:
            raise UserInputError(Message("cli.report_pdf_unavailable"))
        else:
            pdf_writer(report, target)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UserInputError(Message("cli.report_write_failed", {"file": str(target), "reason": reason})) from None
    return target


def default_name(record: WizardState, language: Language) -> str:
    from wizard.core.report import default_report_name

    env = record.environment()
    return default_report_name(language, env.name if env else "")


class Reports:
    def __init__(self, session: Session) -> None:
        self.session = session

    def current(self) -> OnboardingReport:
        session = self.session
        identity = session.identity()
        where = session.tokens.where.text(session.language) if session.tokens.where else ""
        return build(session.record, session.language, identity.fingerprint if identity else "", where)

    def summary_text(self) -> str:
        from wizard.core.report import to_text

        return to_text(self.current())

    def write(self, path: Path, pdf_writer: PdfWriter | None, report: OnboardingReport | None = None) -> Job:
        """Write the open record's report (`report` when the caller has just built it) at `path` (PDF or HTML, by
        its name) off the session's thread."""
        report = report or self.current()
        return self.session.jobs.start(JobKind.REPORT, self.session.record.customer_id,
                                       lambda _ctx: write(report, path, pdf_writer))

    def default_name(self) -> str:
        return default_name(self.session.record, self.session.language)
