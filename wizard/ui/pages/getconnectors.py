"""GetConnectors: what Finstack's connectors are for, saving the import folder or ZIP, checking a bundle
the user already has, and the hand-made guide per connector. Says plainly when this build has no .gcn files.

The bundle functions come from wizard.core.bundle (written alongside); file work runs on the worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wizard.core.connector_definitions import ConnectorDefinition, load_definitions
from wizard.core.content import ArticleContent
from wizard.core.messages import Message
from wizard.core.resources import getconnectors_dir
from wizard.ui.pages.base import WizardPageBase, heading, wrapped
from wizard.ui.services import optional_module
from wizard.ui.widgets.warning_box import WarningBox


def shipped_gcn_files() -> list[Path]:
    try:
        return sorted(getconnectors_dir().rglob("*.gcn"))
    except FileNotFoundError:
        return []


def _render(result: Any, language: str) -> str:
    """A core result as text: a Message, a list of Messages, or an object with `.messages`/`.message`."""
    if isinstance(result, Message):
        return result.text(language)  # type: ignore[arg-type]
    for attribute in ("messages", "problems"):
        items = getattr(result, attribute, None)
        if items:
            return "\n".join(_render(getattr(i, "message", i), language) for i in items)
    message = getattr(result, "message", None)
    return _render(message, language) if message is not None else str(result)


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
        self.bundle = optional_module("wizard.core.bundle")
        self.guide = optional_module("wizard.core.connector_guide")
        self.gcn_files = shipped_gcn_files()
        self.add(wrapped(step["intro"]))
        self.add(wrapped(self.t("ui.menu_path", path=ArticleContent.menu_path(step["menu_path"]))))
        self.no_files = WarningBox(self.t("ui.gcn_none_shipped", path=ArticleContent.menu_path(step["manual_path"])),
                                   "warning")
        self.no_files.setObjectName("no_gcn_files")
        self.add(self.no_files)
        self.no_files.setVisible(not self.gcn_files)

        self.add(heading(self.t("ui.gcn_connectors")))
        self.guide_buttons: dict[str, QPushButton] = {}
        for definition in load_definitions():
            self.add(self._definition_box(definition))

        row = QHBoxLayout()
        self.save_folder_button = self._button("ui.gcn_save_folder", self._save_folder)
        self.save_zip_button = self._button("ui.gcn_save_zip", self._save_zip)
        self.open_folder_button = self._button("ui.gcn_open_folder", self._open_folder)
        self.check_button = self._button("ui.gcn_check_bundle", self._check_bundle)
        for button in (self.save_folder_button, self.save_zip_button, self.open_folder_button, self.check_button):
            row.addWidget(button)
        row.addStretch(1)
        self.body.addLayout(row)
        can_export = bool(self.gcn_files) and self.bundle is not None
        self.save_folder_button.setEnabled(can_export)
        self.save_zip_button.setEnabled(can_export)
        self.check_button.setEnabled(self.bundle is not None)
        self.open_folder_button.setVisible(False)
        self.result_box = WarningBox("", "info")
        self.add(self.result_box)
        self.add(wrapped(step["check"]))
        self.add_warnings()

    def _button(self, key: str, slot: Any) -> QPushButton:
        button = QPushButton(self.t(key))
        button.setAccessibleName(self.t(key))
        button.clicked.connect(slot)
        return button

    def _definition_box(self, definition: ConnectorDefinition) -> QGroupBox:
        box = QGroupBox(definition.external_name)
        layout = QVBoxLayout(box)
        layout.addWidget(wrapped(definition.purpose_text(self.lang)))
        button = QPushButton(self.t("ui.gcn_show_guide"))
        button.setAccessibleName(self.t("ui.gcn_show_guide_named", name=definition.external_name))
        button.setEnabled(self.guide is not None)
        button.clicked.connect(lambda _=False, d=definition: self.show_guide(d))
        self.guide_buttons[definition.external_name] = button
        row = QHBoxLayout()
        row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def show_guide(self, definition: ConnectorDefinition) -> GuideDialog:
        assert self.guide is not None
        dialog = GuideDialog(definition.external_name, self.guide.render_guide(definition, self.lang),
                             self.t("ui.close"), self)
        dialog.setModal(True)
        dialog.open()  # not exec(): no nested event loop
        return dialog

    def load_state(self) -> None:
        self.open_folder_button.setVisible(bool(self.state.export_folder))

    # -- exporting and checking run on the worker: they write or read many files --------------------------
    def _choose_folder(self) -> str:
        start = self.state.export_folder or str(Path.home())
        return QFileDialog.getExistingDirectory(self, self.t("ui.gcn_choose_folder"), start)

    def _save_folder(self) -> None:
        folder = self._choose_folder()
        if folder:
            self.export(Path(folder), as_zip=False)

    def _save_zip(self) -> None:
        folder = self._choose_folder()
        if folder:
            self.export(Path(folder), as_zip=True)

    def export(self, destination: Path, *, as_zip: bool) -> None:
        assert self.bundle is not None
        function = self.bundle.export_zip if as_zip else self.bundle.export_folder
        self.result_box.show_message(self.t("ui.working"), "info")
        self.wiz.pool.submit(lambda _ctx: function(destination), name="export",
                             on_result=lambda path: self._exported(destination, path),
                             on_error=self._failed)

    def _exported(self, destination: Path, path: object) -> None:
        self.state.export_folder = str(destination)
        self.open_folder_button.setVisible(True)
        self.result_box.show_message(self.t("ui.gcn_saved", path=str(path)), "ok")
        self.changed()

    def _failed(self, exc: object) -> None:
        detail = exc.text(self.lang) if hasattr(exc, "text") else type(exc).__name__
        self.result_box.show_message(self.t("ui.gcn_failed", detail=detail), "error")

    def _open_folder(self) -> None:
        if self.state.export_folder:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.state.export_folder))

    def _check_bundle(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.t("ui.gcn_check_bundle"), str(Path.home()))
        if folder:
            self.check_bundle(Path(folder))

    def check_bundle(self, path: Path) -> None:
        assert self.bundle is not None
        self.result_box.show_message(self.t("ui.working"), "info")
        self.wiz.pool.submit(lambda _ctx: self.bundle.check_bundle(path), name="check_bundle",
                             on_result=self._checked, on_error=self._failed)

    def _checked(self, report: object) -> None:
        ok = bool(getattr(report, "ok", False))
        self.result_box.show_message(_render(report, self.lang), "ok" if ok else "error")
