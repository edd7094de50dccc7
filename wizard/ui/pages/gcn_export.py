"""The GetConnectors page's "this build carries the files" section: when .gcn exports were put into this build
(getconnectors/gcn/), save them as a folder or a ZIP for AFAS. Without them the Save buttons are not offered at
all: the summary says so and points to Finstack's ZIP instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from wizard.core.getconnectors.export import ExportResult, export_folder, export_target, export_zip
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import Bundle
from wizard.core.messages import text
from wizard.ui.session import WizardSession
from wizard.ui.widgets.busy_row import BusyRow
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.worker import JobContext, Worker, describe_failure


class ExportSection(QWidget):
    def __init__(self, session: WizardSession, manual_path: str) -> None:
        super().__init__()
        self.session, self.lang, self.manual_path = session, session.language, manual_path
        services = session.services
        self.definitions_dir, self.gcn_dir = services.definitions_dir, services.gcn_dir
        self.bundle: Bundle | None = None  # the build's bundle, once the worker has read it
        self.bundle_worker: Worker | None = None
        self.file_worker: Worker | None = None
        self.last_saved: Path | None = None  # the folder that holds what was saved last ("Open folder")
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
        self.open_folder_button.setVisible(bool(self.last_saved or self.session.state.export_folder))
        self.read_bundle()

    # -- the build's bundle -----------------------------------------------------------------------------
    def read_bundle(self) -> None:
        """Look (again) at the .gcn files this build carries; the answer goes in the summary box."""
        if self.bundle_worker is not None:
            return
        definitions_dir, gcn_dir = self.definitions_dir, self.gcn_dir
        self.bundle_worker = self.session.pool.submit(
            lambda _ctx: build_bundle(definitions_dir, gcn_dir), name="build_bundle",
            on_result=self._show_bundle, on_error=self._bundle_failed, on_finished=self._bundle_done)

    def _show_bundle(self, bundle: Bundle) -> None:
        self.bundle = bundle
        lines = [bundle.summary.text(self.lang)]
        if bundle.has_files and not bundle.complete:
            lines.append(self.t("ui.gcn_by_hand", path=self.manual_path))
        if not bundle.has_files:
            lines.append(self.t("ui.gcn_use_finstack_zip"))
        self.bundle_box.show_message("\n".join(lines), "ok" if bundle.complete else "info")
        self.buttons.setVisible(bundle.has_files)

    def _bundle_failed(self, exc: object) -> None:
        self.bundle_box.show_message(describe_failure(exc, self.lang), "error")

    def _bundle_done(self) -> None:
        self.bundle_worker = None

    # -- saving -----------------------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        folder = self.session.state.export_folder
        return Path(folder) if folder else Path.home()

    def _save(self, *, as_zip: bool) -> None:
        if self.file_worker is not None:
            return
        chosen = self.session.services.desktop.choose_folder(self, self.t("ui.gcn_choose_folder"),
                                                            self._start_folder())
        if chosen is not None:
            self.export(chosen, as_zip=as_zip)

    def export(self, chosen: Path, *, as_zip: bool) -> None:
        """Save the bundle as a folder or a ZIP in the folder `chosen`, on the worker."""
        if self.file_worker is not None:
            return
        export = export_zip if as_zip else export_folder
        definitions_dir, gcn_dir = self.definitions_dir, self.gcn_dir

        def job(ctx: JobContext) -> tuple[Bundle, ExportResult] | None:  # the files may have changed meanwhile
            bundle = build_bundle(definitions_dir, gcn_dir)
            if ctx.cancelled:
                return None  # stopped before anything was written
            return bundle, export(bundle, export_target(chosen, as_zip=as_zip))

        self.session.state.export_folder = str(chosen)  # the next dialog starts here, even when this save fails
        self.session.changed()
        self.result_box.show_message("", "info")
        self.file_worker = self.session.pool.submit(
            job, name="export", on_result=lambda done: self._exported(done, as_zip=as_zip),
            on_error=lambda exc: self.result_box.show_message(describe_failure(exc, self.lang), "error"),
            on_finished=self._file_done)
        self.busy.start(self.t("ui.gcn_saving"), self.file_worker.cancel)
        self._enable(False)

    def _exported(self, done: tuple[Bundle, ExportResult] | None, *, as_zip: bool) -> None:
        if done is None:
            self.result_box.show_message(self.t("ui.gcn_save_cancelled"), "info")
            return
        bundle, result = done
        self._show_bundle(bundle)
        self.session.state.gcn_files = {e.file_name: e.sha256 for e in bundle.present if e.sha256}  # for the report
        self.session.changed()
        key = "ui.gcn_saved_zip" if as_zip else "ui.gcn_saved_folder"
        lines = [self.t(key, count=len(result.files), path=str(result.destination))]
        if result.left_out:
            names = ", ".join(e.definition.external_name for e in result.left_out)
            lines.append(self.t("ui.gcn_left_out", connectors=names, path=self.manual_path))
        self.result_box.show_message("\n".join(lines), "warning" if result.left_out else "ok")
        self.last_saved = result.destination.parent if as_zip else result.destination
        self.open_folder_button.setVisible(True)

    def _file_done(self) -> None:
        self.file_worker = None
        self.busy.stop()
        self._enable(True)
        self.save_folder_button.setFocus()

    def _enable(self, enabled: bool) -> None:
        for button in (self.save_folder_button, self.save_zip_button):
            button.setEnabled(enabled)

    def _open_folder(self) -> None:
        folder = self.last_saved or (Path(self.session.state.export_folder) if self.session.state.export_folder
                                     else None)
        if folder is not None:
            self.session.services.desktop.open_folder(folder)
