"""The GetConnectors page's "this build carries the files" section: when .gcn exports were put into this build
(getconnectors/gcn/), save them as a folder or a ZIP for AFAS. Without them the Save buttons are not offered at
all: the summary says so and points to Finstack's ZIP instead. Reading and saving are the session's jobs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from wizard.app.jobs import Job, JobKind, JobStatus, is_running
from wizard.core.getconnectors.model import Bundle
from wizard.core.messages import text
from wizard.ui.context import WindowContext
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.warning_box import WarningBox


class ExportSection(QWidget):
    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self.ctx, self.session, self.lang = ctx, ctx.session, ctx.session.language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bundle_box = WarningBox(self.t("ui.gcn_reading"), "info")
        self.bundle_box.setObjectName("bundle_summary")
        layout.addWidget(self.bundle_box)
        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.save_folder_button = action_button(self.t("ui.gcn_save_folder"), self.t("ui.gcn_save_folder_name"),
                                                lambda: self._save(as_zip=False))
        self.save_zip_button = action_button(self.t("ui.gcn_save_zip"), self.t("ui.gcn_save_zip_name"),
                                             lambda: self._save(as_zip=True))
        self.open_folder_button = action_button(self.t("ui.gcn_open_folder"), self.t("ui.gcn_open_folder_name"),
                                                self._open_folder)
        for button in (self.save_folder_button, self.save_zip_button, self.open_folder_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.setVisible(False)  # offered only once the build is known to carry .gcn files
        self.busy = BusyRow(self.lang)
        layout.addWidget(self.busy)
        self.result_box = WarningBox("", "info")
        self.result_box.setObjectName("export_result")
        layout.addWidget(self.result_box)

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def load_state(self) -> None:
        files = self.session.files
        if files.bundle is not None:
            self._show_bundle(files.bundle)
        else:
            files.read_bundle()
        self.show_job(self.session.job(JobKind.EXPORT), focus=False)

    @property
    def busy_now(self) -> bool:
        return is_running(self.session.job(JobKind.EXPORT))

    # -- the build's bundle -----------------------------------------------------------------------------
    def show_bundle_job(self, job: Job) -> None:
        if job.status is JobStatus.DONE:
            self._show_bundle(job.result)
        elif not job.running:
            self.bundle_box.show_message(job.failure.text(self.lang) if job.failure else "", "error")

    def _show_bundle(self, bundle: Bundle) -> None:
        lines = [bundle.summary.text(self.lang)]
        if bundle.has_files and not bundle.complete:
            lines.append(self.t("ui.gcn_by_hand"))
        if not bundle.has_files:
            lines.append(self.t("ui.gcn_use_finstack_zip"))
        self.bundle_box.show_message("\n".join(lines), "ok" if bundle.complete else "info")
        self.buttons.setVisible(bundle.has_files)

    # -- saving -----------------------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        folder = self.session.record.export_folder
        return Path(folder) if folder else Path.home()

    def _save(self, *, as_zip: bool) -> None:
        if self.busy_now:
            return
        chosen = self.ctx.desktop.choose_folder(self, self.t("ui.gcn_choose_folder"), self._start_folder())
        if chosen is not None:
            self.export(chosen, as_zip=as_zip)

    def export(self, chosen: Path, *, as_zip: bool) -> None:
        """Save the bundle as a folder or a ZIP in the folder `chosen` (the session's job)."""
        self.session.files.export(chosen, as_zip=as_zip)

    def show_job(self, job: Job | None, *, focus: bool = True) -> None:
        if job is None:
            return
        if job.running:
            self.result_box.show_message("", "info")
            self.busy.start(self.t("ui.gcn_saving"), lambda: self.session.files.cancel(JobKind.EXPORT))
            self._enable(False)
            return
        self.busy.stop()
        self._enable(True)
        if job.status is JobStatus.DONE and job.result is not None:
            self._exported(*job.result)
        elif job.status is JobStatus.DONE or job.status is JobStatus.CANCELLED:
            self.result_box.show_message(self.t("ui.gcn_save_cancelled"), "info")
        else:
            self.result_box.show_message(job.failure.text(self.lang) if job.failure else "", "error")
        if focus:
            self.save_folder_button.setFocus()

    def _exported(self, bundle: Bundle, result: object, as_zip: bool) -> None:
        self._show_bundle(bundle)
        key = "ui.gcn_saved_zip" if as_zip else "ui.gcn_saved_folder"
        lines = [self.t(key, count=len(result.files), path=str(result.destination))]  # type: ignore[attr-defined]
        left_out = result.left_out  # type: ignore[attr-defined]
        if left_out:
            names = ", ".join(e.definition.external_name for e in left_out)
            lines.append(self.t("ui.gcn_left_out", connectors=names))
        self.result_box.show_message("\n".join(lines), "warning" if left_out else "ok")
        self.open_folder_button.setVisible(True)

    def _last_saved(self) -> Path | None:
        job = self.session.job(JobKind.EXPORT)
        if job is not None and job.status is JobStatus.DONE and job.result is not None:
            _bundle, result, as_zip = job.result
            return result.destination.parent if as_zip else result.destination
        folder = self.session.record.export_folder
        return Path(folder) if folder else None

    def _enable(self, enabled: bool) -> None:
        for button in (self.save_folder_button, self.save_zip_button):
            button.setEnabled(enabled)

    def _open_folder(self) -> None:
        folder = self._last_saved()
        if folder is not None:
            self.ctx.desktop.open_folder(folder)
