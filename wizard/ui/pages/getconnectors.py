"""GetConnectors: Finstack's ZIP in and a folder ready for "Acties > Importeren > Map" out (gcn_files), the build's
own .gcn files when it carries them (gcn_export), what each connector is for with a hand-made guide, and, when
replacing, Finstack's replace instructions with the "Status GOED" tick. A ZIP, a folder or .gcn files can be
dropped anywhere on the page. All file work runs on the worker; dialogs go through `Services.desktop`."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
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

from wizard.app.flow import REPLACE_STATUS_GOOD
from wizard.app.jobs import Job, JobKind
from wizard.core.content import ArticleContent
from wizard.core.getconnectors.definitions import ConnectorDefinition, load_definitions
from wizard.core.getconnectors.guide import render_guide
from wizard.core.state import Journey
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.gcn_export import ExportSection
from wizard.ui.pages.gcn_files import FilesSection
from wizard.ui.pages.replace_steps import ReplaceSteps
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import heading, wrapped

_DROPPABLE = (".zip", ".gcn")


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


def dropped_paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
    """The local ZIPs, .gcn files and folders being dragged; empty when anything else is among them."""
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    paths = [Path(url.toLocalFile()) for url in urls if url.isLocalFile()]
    if not paths or len(paths) != len(urls):
        return []
    if all(p.is_dir() or p.suffix.lower() in _DROPPABLE for p in paths):
        return paths
    return []


class GetConnectorsPage(WizardPageBase):
    page_name = "getconnectors"
    job_kinds = (JobKind.UNPACK, JobKind.EXPORT, JobKind.BUNDLE)

    def build(self) -> None:
        step = self.content.step("getconnectors")
        menu_path, import_path = (ArticleContent.menu_path(step[key]) for key in ("menu_path", "import_path"))
        self.connect_intro = [wrapped(step["intro"]), wrapped(self.t("ui.menu_path", path=menu_path)),
                              wrapped(self.t("ui.import_elsewhere", path=import_path))]
        for label in self.connect_intro:
            self.add(label)
        self.replace_steps = ReplaceSteps(step["replace"], self._status_ticked)
        self.add(self.replace_steps)
        self.files = FilesSection(self.ctx, step, self.content.step("welcome")["article_url"], self.reveal)
        self.add(self.files)
        self.export = ExportSection(self.ctx)
        self.add(self.export)
        self.add(wrapped(step["check"]))
        self.add(heading(self.t("ui.gcn_connectors")))
        self.guide_buttons: dict[str, QPushButton] = {}
        for definition in load_definitions(self.session.services.definitions_dir):
            self.add(self._definition_box(definition))
        self.add_warnings()
        self.setAcceptDrops(True)

    def _definition_box(self, definition: ConnectorDefinition) -> QGroupBox:
        box = QGroupBox(definition.external_name)
        layout = QVBoxLayout(box)
        layout.addWidget(wrapped(definition.purpose_text(self.lang)))
        button = action_button(self.t("ui.gcn_show_guide"),
                               self.t("ui.gcn_show_guide_named", name=definition.external_name),
                               lambda _=False, d=definition: self.show_guide(d))
        button.setObjectName("row_action")  # one per connector, in its own box: the same words by design
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
        self.files.load_state()
        self.export.load_state()

    def first_field(self) -> QWidget | None:
        if self.state.journey == Journey.REPLACE and not self.state.steps.get(REPLACE_STATUS_GOOD) \
                and self.state.gcn_folder:
            return self.replace_steps.status_tick
        return None if self.state.gcn_folder else self.files.zip_button

    def main_action(self) -> QPushButton | None:
        return self.files.zip_button

    def busy_text(self) -> str:
        if self.files.busy_now:
            return self.t("ui.gcn_unpacking")
        return self.t("ui.gcn_saving") if self.export.busy_now else ""

    def job_changed(self, job: Job) -> None:
        if job.kind is JobKind.UNPACK:
            self.files.show_job(job)
        elif job.kind is JobKind.EXPORT:
            self.export.show_job(job)
        else:
            self.export.show_bundle_job(job)

    def _status_ticked(self, ticked: bool) -> None:
        self.session.tick("steps", REPLACE_STATUS_GOOD, ticked)

    # -- drag and drop ------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # Qt override
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # Qt override
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files.use(paths)
