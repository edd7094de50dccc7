"""GetConnectors: what Finstack's connectors are for, saving the import folder or ZIP, checking a bundle
the user already has, and the hand-made guide per connector. Says plainly when this build has no .gcn files.

Building, exporting and checking bundles read and write files, so they run on the worker; file dialogs and
the file manager go through `Services.desktop`, so tests answer them without a native dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.core.content import ArticleContent
from wizard.core.flow import REPLACE_STATUS_GOOD
from wizard.core.getconnectors.check import check_bundle
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.export import ExportResult, bundle_files, export_folder, export_target, export_zip
from wizard.core.getconnectors.guide import render_guide
from wizard.core.getconnectors.matching import build_bundle
from wizard.core.getconnectors.model import Bundle, BundleErrorKind, CheckReport
from wizard.core.state import Journey
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.replace_steps import ReplaceSteps
from wizard.ui.widgets.bundle_report import BundleReportView
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.worker import Worker, describe_failure


class GuideDialog(QDialog):
    def __init__(self, title: str, guide: str, close_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        self.view = QPlainTextEdit(guide)
        self.view.setReadOnly(True)
        self.view.setAccessibleName(title)
        layout.addWidget(self.view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(close_label)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class GetConnectorsPage(WizardPageBase):
    page_name = "getconnectors"

    def build(self) -> None:
        step = self.content.step("getconnectors")
        services = self.session.services
        self.definitions_dir, self.gcn_dir, self.desktop = services.definitions_dir, services.gcn_dir, services.desktop
        self.manual_path = ArticleContent.menu_path(step["manual_path"])
        self.bundle: Bundle | None = None  # the build's bundle, once the worker has read it
        self.bundle_worker: Worker | None = None
        self.file_worker: Worker | None = None  # an export or a check
        self.last_saved: Path | None = None  # the folder that holds what was saved last ("Open folder")
        self.connect_intro = [wrapped(step["intro"]),
                              wrapped(self.t("ui.menu_path", path=ArticleContent.menu_path(step["menu_path"])))]
        for label in self.connect_intro:
            self.add(label)
        self.replace_steps = ReplaceSteps(step["replace"], self._status_ticked)
        self.add(self.replace_steps)
        self.bundle_box = WarningBox(self.t("ui.gcn_reading"), "info")
        self.bundle_box.setObjectName("bundle_summary")
        self.add(self.bundle_box)

        self.add(heading(self.t("ui.gcn_connectors")))
        self.guide_buttons: dict[str, QPushButton] = {}
        for definition in load_definitions(self.definitions_dir):
            self.add(self._definition_box(definition))
        self._build_files(step)

    def _build_files(self, step: dict) -> None:
        row = QHBoxLayout()
        self.save_folder_button = self._button("ui.gcn_save_folder", self._save_folder)
        self.save_zip_button = self._button("ui.gcn_save_zip", self._save_zip)
        self.open_folder_button = self._button("ui.gcn_open_folder", self._open_folder)
        for button in (self.save_folder_button, self.save_zip_button, self.open_folder_button):
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.open_folder_button.setVisible(False)
        self.result_box = WarningBox("", "info")
        self.result_box.setObjectName("export_result")
        self.add(self.result_box)

        check_row = QHBoxLayout()
        self.check_button = self._button("ui.gcn_check_bundle", self._check_file)
        self.check_folder_button = self._button("ui.gcn_check_folder", self._check_folder)
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.check_folder_button)
        check_row.addStretch(1)
        self.body.addLayout(check_row)
        self.check_box = WarningBox("", "info")
        self.check_box.setObjectName("check_error")
        self.add(self.check_box)
        self.report_view = BundleReportView(self.lang)
        self.add(self.report_view)
        self.add(wrapped(step["check"]))
        self.add_warnings()

    def _button(self, key: str, slot: Callable[[], None]) -> QPushButton:
        button = action_button(self.t(key), self.t(key).replace("&", ""), lambda _=False: slot())
        return button

    def _definition_box(self, definition: ConnectorDefinition) -> QGroupBox:
        box = QGroupBox(definition.external_name)
        layout = QVBoxLayout(box)
        layout.addWidget(wrapped(definition.purpose_text(self.lang)))
        button = action_button(self.t("ui.gcn_show_guide"),
                               self.t("ui.gcn_show_guide_named", name=definition.external_name),
                               lambda _=False, d=definition: self.show_guide(d))
        self.guide_buttons[definition.external_name] = button
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def show_guide(self, definition: ConnectorDefinition) -> GuideDialog:
        dialog = GuideDialog(definition.external_name, render_guide(definition, self.lang), self.t("ui.close"), self)
        dialog.setModal(True)
        dialog.open()  # not exec(): no nested event loop
        return dialog

    def load_state(self) -> None:
        replacing = self.state.journey == Journey.REPLACE
        for label in self.connect_intro:
            label.setVisible(not replacing)
        self.replace_steps.setVisible(replacing)
        self.replace_steps.show_ticked(bool(self.state.steps.get(REPLACE_STATUS_GOOD)))
        self.open_folder_button.setVisible(bool(self.last_saved or self.state.export_folder))
        self.read_bundle()

    def _status_ticked(self, ticked: bool) -> None:
        self.state.steps[REPLACE_STATUS_GOOD] = ticked
        self.changed()

    # -- the build's bundle ---------------------------------------------------------------------------------
    def read_bundle(self) -> None:
        """Look (again) at the .gcn files this build carries; the answer goes in the box at the top."""
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
        kind = "ok" if bundle.complete else "info" if bundle.has_files else "warning"
        self.bundle_box.show_message("\n".join(lines), kind)

    def _bundle_failed(self, exc: object) -> None:
        self.bundle_box.show_message(describe_failure(exc, self.lang), "error")

    def _bundle_done(self) -> None:
        self.bundle_worker = None

    # -- saving the bundle ------------------------------------------------------------------------------
    def _start_folder(self) -> Path:
        return Path(self.state.export_folder) if self.state.export_folder else Path.home()

    def _save_folder(self) -> None:
        self._save(as_zip=False)

    def _save_zip(self) -> None:
        self._save(as_zip=True)

    def _save(self, *, as_zip: bool) -> None:
        if self.file_worker is not None:
            return
        if self.bundle is not None and not self.bundle.has_files:
            # Nothing to save: say so in the core's words (BundleError NO_FILES) instead of asking for a folder.
            definitions_dir, gcn_dir = self.definitions_dir, self.gcn_dir

            def job(_ctx: Any) -> Bundle:
                bundle = build_bundle(definitions_dir, gcn_dir)
                bundle_files(bundle)  # raises NO_FILES unless .gcn files appeared since
                return bundle

            self._run(job, self._files_appeared)
            return
        chosen = self.desktop.choose_folder(self, self.t("ui.gcn_choose_folder"), self._start_folder())
        if chosen is not None:
            self.export(chosen, as_zip=as_zip)

    def _files_appeared(self, bundle: Bundle) -> None:
        self._show_bundle(bundle)
        self.result_box.show_message("", "info")

    def export(self, chosen: Path, *, as_zip: bool) -> None:
        """Save the bundle as a folder or a ZIP in the folder `chosen`, on the worker."""
        if self.file_worker is not None:
            return
        export = export_zip if as_zip else export_folder
        definitions_dir, gcn_dir = self.definitions_dir, self.gcn_dir

        def job(_ctx: Any) -> tuple[Bundle, ExportResult]:  # worker thread; the files may have changed meanwhile
            bundle = build_bundle(definitions_dir, gcn_dir)
            return bundle, export(bundle, export_target(chosen, as_zip=as_zip))

        self.state.export_folder = str(chosen)  # the next dialog starts here, even when this save fails
        self.changed()
        self._run(job, lambda done: self._exported(done, as_zip=as_zip))

    def _exported(self, done: tuple[Bundle, ExportResult], *, as_zip: bool) -> None:
        bundle, result = done
        self._show_bundle(bundle)
        key = "ui.gcn_saved_zip" if as_zip else "ui.gcn_saved_folder"
        lines = [self.t(key, count=len(result.files), path=str(result.destination))]
        if result.left_out:
            names = ", ".join(e.definition.external_name for e in result.left_out)
            lines.append(self.t("ui.gcn_left_out", connectors=names, path=self.manual_path))
        self.result_box.show_message("\n".join(lines), "warning" if result.left_out else "ok")
        self.last_saved = result.destination.parent if as_zip else result.destination
        self.open_folder_button.setVisible(True)

    def _open_folder(self) -> None:
        folder = self.last_saved or (Path(self.state.export_folder) if self.state.export_folder else None)
        if folder is not None:
            self.desktop.open_folder(folder)

    # -- checking a bundle the user has ------------------------------------------------------------------
    def _check_file(self) -> None:
        chosen = self.desktop.choose_file(self, self.t("ui.gcn_choose_bundle"), self._start_folder(),
                                          self.t("ui.gcn_bundle_filter"))
        if chosen is not None:
            self.check_bundle(chosen)

    def _check_folder(self) -> None:
        chosen = self.desktop.choose_folder(self, self.t("ui.gcn_choose_bundle_folder"), self._start_folder())
        if chosen is not None:
            self.check_bundle(chosen)

    def check_bundle(self, path: Path) -> None:
        """Check a ZIP, a folder or one .gcn file on the worker; every finding is shown with its symbol."""
        if self.file_worker is not None:
            return
        definitions_dir = self.definitions_dir
        self.report_view.clear()
        self.check_box.show_message(self.t("ui.working"), "info")
        self._run(lambda _ctx: check_bundle(path, definitions_dir), self._checked, self.check_box)

    def _checked(self, report: CheckReport) -> None:
        self.check_box.show_message("", "info")
        self.report_view.show_report(report)

    # -- running file work -------------------------------------------------------------------------------
    def _run(self, job: Callable[[Any], Any], on_result: Callable[[Any], None],
             box: WarningBox | None = None) -> None:
        box = box or self.result_box
        box.show_message(self.t("ui.working"), "info")
        self.file_worker = self.session.pool.submit(job, name="bundle_files", on_result=on_result,
                                                on_error=lambda exc: self._failed(exc, box),
                                                on_finished=self._file_done)
        self._update_buttons()

    def _failed(self, exc: object, box: WarningBox) -> None:
        # "No .gcn files" is this build's state, not a failure of the user's: a warning, not an error.
        no_files = getattr(exc, "kind", None) is BundleErrorKind.NO_FILES
        box.show_message(describe_failure(exc, self.lang), "warning" if no_files else "error")

    def _file_done(self) -> None:
        self.file_worker = None
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self.file_worker is None  # one export or check at a time: they may write the same files
        for button in (self.save_folder_button, self.save_zip_button, self.check_button, self.check_folder_button):
            button.setEnabled(idle)
