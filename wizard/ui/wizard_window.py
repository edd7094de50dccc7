"""The wizard window: a QWizard that shows the pages in the order the session's flow names. It keeps the page
registry, asks the flow for Next (`nextId`), asks the navigation stack for Back and resume, and owns the
window's size; everything else belongs to the session the pages talk to."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox, QWidget, QWizard

from wizard.core.flow import PAGES
from wizard.ui.pages.administrations import AdministrationsPage
from wizard.ui.pages.app_connector import AppConnectorPage
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.pages.done import DonePage
from wizard.ui.pages.getconnectors import GetConnectorsPage
from wizard.ui.pages.new_token import NewTokenPage
from wizard.ui.pages.preparation import PreparationPage
from wizard.ui.pages.submit import SubmitPage
from wizard.ui.pages.token import TokenPage
from wizard.ui.pages.updateconnectors import UpdateConnectorsPage
from wizard.ui.pages.welcome import WelcomePage
from wizard.ui.session import WizardSession

PAGE_CLASSES: tuple[type[WizardPageBase], ...] = (
    WelcomePage, PreparationPage, AppConnectorPage, GetConnectorsPage, AdministrationsPage, UpdateConnectorsPage,
    NewTokenPage, TokenPage, SubmitPage, DonePage,
)
BACK = QWizard.WizardButton.CustomButton1  # our Back: it follows the session's stack, not QWizard's history


class WizardWindow(QWizard):
    def __init__(self, session: WizardSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(session.t("ui.window_title") + (session.t("ui.demo_title_suffix")
                                                            if session.services.is_demo else ""))
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(820, 640)
        self._install_back_button()
        self.pages: dict[str, WizardPageBase] = {}
        by_name = {cls.page_name: cls for cls in PAGE_CLASSES}
        for index, name in enumerate(PAGES):
            page = by_name[name](session)
            self.pages[name] = page
            self.setPage(index, page)
        self.setStartId(0)
        self.currentIdChanged.connect(self._page_changed)
        session.show_page.connect(self.show_page)
        session.save_failed.connect(self._tell_save_failed)

    def _install_back_button(self) -> None:
        """Back as a custom button in Back's place, with Qt's own (translated) text."""
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(BACK, self.buttonText(QWizard.WizardButton.BackButton))
        self.setButtonLayout([QWizard.WizardButton.Stretch, BACK, QWizard.WizardButton.NextButton,
                              QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton])
        self.button(BACK).setAutoDefault(False)
        self.customButtonClicked.connect(lambda which: self.back() if which == BACK.value else None)

    # -- navigation -------------------------------------------------------------------------------------
    def page_name(self) -> str:
        current = self.currentId()
        return PAGES[current] if 0 <= current < len(PAGES) else PAGES[0]

    def nextId(self) -> int:  # Qt override: the flow names the page after this one
        current = self.currentId()
        if current < 0:
            return 0
        following = self.session.flow.following(PAGES[current], self.session.context())
        return PAGES.index(following) if following is not None else -1

    def back(self) -> None:  # Qt's back() walks QWizard's history; ours walks the session's stack
        target = self.session.navigator.back()
        if target is not None:
            self.show_page(target)

    def show_page(self, page: str) -> None:
        """Show `page` directly (Back, resume, start over): QWizard can only go there by a restart at it."""
        self.setStartId(PAGES.index(page))
        self.restart()

    def _page_changed(self, index: int) -> None:
        if index < 0:
            return
        name = PAGES[index]
        self.session.arrived(name)
        back = self.button(BACK)
        back.setVisible(name != self.session.flow.start)
        back.setEnabled(self.session.navigator.can_go_back())

    def _tell_save_failed(self, message: str) -> None:
        QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), message, parent=self).open()

    # -- closing ----------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self.session.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        self.shutdown()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Qt override
        self.shutdown()
        super().done(result)
