"""The GetConnectors page's "Finstack's files" section: Finstack's ZIP in (file dialog, folder, or dropped on the
page), every .gcn checked against the definitions, unpacked into a folder the wizard names, and that folder
shown ready for AFAS's "Acties > Importeren > Map" (Copy, Open folder, the steps). The work runs on the worker,
with a Cancel that stops it before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from wizard.core.getconnectors.model import BundleErrorKind
from wizard.core.getconnectors.unpack import UnpackResult
from wizard.core.messages import Message, text
from wizard.ui.session import WizardSession
from wizard.ui.widgets.bundle_report import BundleReportView
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.copy_row import CopyRow
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row
from wizard.ui.worker import JobContext, Worker, failure_message

Reveal = Callable[[QWidget], None]


class FilesSection(QWidget):
    busy_changed = Signal()  # a job started or ended: the page's bottom bar says so

    def __init__(self, session: WizardSession, step: dict, article_url: str, reveal: Reveal) -> None:
        super().__init__()
        self.session, self.lang, self.article_url, self.reveal = session, session.language, article_url, reveal
        self.worker: Worker | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading(step["files_heading"]))
        layout.addWidget(wrapped(self.t("ui.gcn_files_intro")))
        self.article_button = action_button(self.t("ui.open_article"), self.t("ui.open_article_name"),
                                            lambda: session.services.desktop.open_url(article_url))
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
        self.folder_row = CopyRow(self.t("ui.gcn_ready_folder"), "", self.lang,
                                  clear_ms=self.session.services.clipboard_clear_ms)
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
        """The folder made earlier (saved with the progress) is shown again while it still exists."""
        folder = self.session.state.gcn_folder
        self._show_ready(Path(folder) if folder and Path(folder).is_dir() else None)

    def _show_ready(self, folder: Path | None) -> None:
        self.ready.setVisible(folder is not None)
        self.folder_row.set_value(str(folder) if folder else "")

    def open_folder(self) -> None:
        if self.session.state.gcn_folder:
            self.session.services.desktop.open_folder(Path(self.session.state.gcn_folder))

    # -- taking the files in ----------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        folder = self.session.state.gcn_folder or self.session.state.export_folder
        return Path(folder).parent if folder else Path.home() / "Downloads"

    def choose_zip(self) -> None:
        chosen = self.session.services.desktop.choose_file(self, self.t("ui.gcn_choose_zip"), self._start_folder(),
                                                          self.t("ui.gcn_zip_filter"))
        if chosen is not None:
            self.use([chosen])

    def choose_folder(self) -> None:
        chosen = self.session.services.desktop.choose_folder(self, self.t("ui.gcn_choose_files_folder"),
                                                            self._start_folder())
        if chosen is not None:
            self.use([chosen])

    def use(self, paths: Sequence[Path]) -> None:
        """Check and unpack a ZIP, a folder or .gcn files (from a dialog or dropped on the page)."""
        if self.worker is not None or not paths:
            return
        sources = list(paths) if len(paths) > 1 else paths[0]
        definitions_dir = self.session.services.definitions_dir

        def job(ctx: JobContext) -> UnpackResult:  # worker thread: files only
            from wizard.core.getconnectors.unpack import unpack_bundle

            return unpack_bundle(sources, definitions_dir=definitions_dir, cancel=ctx.cancel)

        self.problem_box.show_message("", "error")
        self.report_view.clear()
        self.worker = self.session.pool.submit(job, name="unpack", on_result=self._unpacked,
                                               on_error=self._failed, on_finished=self._done)
        self.busy.start(self.t("ui.gcn_unpacking"), self.worker.cancel)
        self._enable(False)
        self.busy_changed.emit()

    def _unpacked(self, result: UnpackResult) -> None:
        self.report_view.show_report(result.report)
        if result.stopped_by:
            self.problem_box.show_message(self.t("ui.gcn_nothing_written", count=len(result.stopped_by)), "error")
        elif not result.files:
            self.problem_box.show_message(self.t("ui.gcn_none_found", path=str(result.source)), "error")
        else:
            self.session.state.gcn_folder = str(result.destination)
            self.session.state.gcn_files = {f.name: f.sha256 for f in result.files}  # for the report
            self.session.changed()
            self._show_ready(result.destination)
        self.reveal(self.ready if self.ready.isVisible() else self.report_view)

    def _failed(self, exc: object) -> None:
        cancelled = getattr(exc, "kind", None) is BundleErrorKind.CANCELLED
        message: Message = failure_message(exc)
        self.problem_box.show_message(message.text(self.lang), "info" if cancelled else "error")
        self.reveal(self.problem_box)

    def _done(self) -> None:
        self.worker = None
        self.busy.stop()
        self._enable(True)
        self.zip_button.setFocus()
        self.busy_changed.emit()

    def _enable(self, enabled: bool) -> None:
        for button in (self.zip_button, self.folder_button):
            button.setEnabled(enabled)
