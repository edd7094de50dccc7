"""The GetConnectors page's "Finstack's files" section: Finstack's ZIP in (file dialog, folder, or dropped on the
page), every .gcn checked against the definitions, unpacked into a folder the wizard names, and that folder
shown ready for AFAS's "Acties > Importeren > Map" (Copy, Open folder, the steps). The work is the session's job
(it goes on, and its result stays, when the page is rebuilt), with a Cancel that stops it before anything is
written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from wizard.app.gcn_files import unpack_problem
from wizard.app.jobs import Job, JobKind, JobStatus, is_running
from wizard.core.messages import text
from wizard.ui.context import WindowContext
from wizard.ui.widgets.bundle_report import BundleReportView
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row

if TYPE_CHECKING:
    from wizard.core.getconnectors.unpack import UnpackResult

Reveal = Callable[[QWidget], None]


class FilesSection(QWidget):
    def __init__(self, ctx: WindowContext, step: dict, article_url: str, reveal: Reveal) -> None:
        super().__init__()
        session = ctx.session
        self.ctx, self.session, self.lang, self.reveal = ctx, session, session.language, reveal
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(step["files_heading"]))
        layout.addWidget(wrapped(self.t("ui.gcn_files_intro")))
        self.article_button = action_button(self.t("ui.open_article"), self.t("ui.open_article_name"),
                                            lambda: ctx.desktop.open_url(article_url))
        self.zip_button = action_button(self.t("ui.gcn_use_zip"), self.t("ui.gcn_use_zip_name"), self.choose_zip)
        self.folder_button = action_button(self.t("ui.gcn_use_folder"), self.t("ui.gcn_use_folder_name"),
                                           self.choose_folder)
        layout.addWidget(button_row(self.article_button, self.zip_button, self.folder_button))
        layout.addWidget(wrapped(self.t("ui.gcn_drop_hint")))
        self.busy = BusyRow(self.lang)
        layout.addWidget(self.busy)
        self.problem_box = WarningBox("", "error")
        self.problem_box.setObjectName("unpack_problem")
        layout.addWidget(self.problem_box)
        self.report_view = BundleReportView(self.lang)
        layout.addWidget(self.report_view)
        layout.addWidget(self._build_ready(step))

    def _build_ready(self, step: dict) -> QGroupBox:
        self.ready = QGroupBox(self.t("ui.gcn_ready_title"))
        ready = QVBoxLayout(self.ready)
        self.folder_row = CopyRow(self.t("ui.gcn_ready_folder"), "", self.lang, clear_ms=self.ctx.clipboard_clear_ms)
        ready.addWidget(self.folder_row)
        row = QHBoxLayout()
        self.open_button = action_button(self.t("ui.gcn_open_folder"), self.t("ui.gcn_open_folder_name"),
                                         self.open_folder)
        row.addWidget(self.open_button)
        row.addStretch(1)
        ready.addLayout(row)
        for number, line in enumerate(step["map_steps"], start=1):
            ready.addWidget(wrapped(f"{number}. {line}"))
        self.ready.setVisible(False)
        return self.ready

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    # -- showing the state ------------------------------------------------------------------------------
    def load_state(self) -> None:
        """The folder made earlier (saved with the record) is shown again while it still exists; a check or an
        unpack that runs, or its last result, is shown as the session has it."""
        folder = self.session.record.gcn_folder
        self._show_ready(Path(folder) if folder and Path(folder).is_dir() else None)
        self.show_job(self.session.job(JobKind.UNPACK), reveal=False)

    def _show_ready(self, folder: Path | None) -> None:
        self.ready.setVisible(folder is not None)
        self.folder_row.set_value(str(folder) if folder else "")

    def open_folder(self) -> None:
        if self.session.record.gcn_folder:
            self.ctx.desktop.open_folder(Path(self.session.record.gcn_folder))

    @property
    def busy_now(self) -> bool:
        return is_running(self.session.job(JobKind.UNPACK))

    # -- taking the files in ----------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        folder = self.session.record.gcn_folder or self.session.record.export_folder
        return Path(folder).parent if folder else Path.home() / "Downloads"

    def choose_zip(self) -> None:
        chosen = self.ctx.desktop.choose_file(self, self.t("ui.gcn_choose_zip"), self._start_folder(),
                                              self.t("ui.gcn_zip_filter"))
        if chosen is not None:
            self.use([chosen])

    def choose_folder(self) -> None:
        chosen = self.ctx.desktop.choose_folder(self, self.t("ui.gcn_choose_files_folder"), self._start_folder())
        if chosen is not None:
            self.use([chosen])

    def use(self, paths: Sequence[Path]) -> None:
        """Check and unpack a ZIP, a folder or .gcn files (from a dialog or dropped on the page)."""
        self.session.files.unpack(paths)

    def show_job(self, job: Job | None, *, reveal: bool = True) -> None:
        """The unpack as it runs (a moving bar and Cancel) or as it ended (the findings, the folder)."""
        if job is None:
            self.busy.stop()
            self._enable(True)
            return
        if job.running:
            self.problem_box.show_message("", "error")
            self.report_view.clear()
            self.busy.start(self.t("ui.gcn_unpacking"), lambda: self.session.files.cancel(JobKind.UNPACK))
            self._enable(False)
            return
        self.busy.stop()
        self._enable(True)
        if job.status is JobStatus.DONE:
            self._unpacked(job.result)
        else:
            cancelled = job.status is JobStatus.CANCELLED
            self.problem_box.show_message(job.failure.text(self.lang) if job.failure else "",
                                          "info" if cancelled else "error")
        if reveal:
            self.reveal(self.ready if self.ready.isVisible() else self.problem_box if
                        self.problem_box.isVisible() else self.report_view)
            self.zip_button.setFocus()

    def _unpacked(self, result: UnpackResult) -> None:
        self.report_view.show_report(result.report)
        problem = unpack_problem(result)
        self.problem_box.show_message(problem.text(self.lang) if problem else "", "error")
        if problem is None:
            self._show_ready(result.destination)

    def _enable(self, enabled: bool) -> None:
        for button in (self.zip_button, self.folder_button):
            button.setEnabled(enabled)
