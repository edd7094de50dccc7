"""The wizard window: a QWizard that shows the pages in the order the session's flow names. It keeps the page
registry, asks the flow for Next (`nextId`), asks the navigation stack for Back and resume, and owns the
window's size; everything else belongs to the session the pages talk to."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton, QWidget, QWizard

from wizard.core.content import load_content
from wizard.core.flow import PAGES
from wizard.core.messages import Language
from wizard.ui.page_registry import Pages
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.session import WizardSession
from wizard.ui.translation import install_qt_translation
from wizard.ui.widgets.step_list import StepList

MIN_SIZE, PREFERRED_SIZE, FRAME_ALLOWANCE = (640, 440), (1010, 700), (16, 48)
WARM_UP_DELAY_MS = 150  # after the first paint: the first page is on screen before the others are built
BACK = QWizard.WizardButton.CustomButton1  # our Back: it follows the session's stack, not QWizard's history
MENU = QWizard.WizardButton.CustomButton2  # language, the report, a new customer: at any point


class WizardWindow(QWizard):
    def __init__(self, session: WizardSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._switching = False
        self._set_title()
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.steps = StepList()
        self.setSideWidget(self.steps)
        self._install_back_button()
        self.pages = Pages(self, session, self._page_built)
        self.pages[PAGES[0]]  # the first page now; the others when first needed, or warmed up after the first paint
        self.setStartId(0)
        self._fit_to_screen()
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)  # cancelled if the window goes first
        self.currentIdChanged.connect(self._page_changed)
        session.show_page.connect(self.show_page)
        session.save_failed.connect(self._tell_save_failed)
        session.language_requested.connect(self.set_language)
        session.token_changed.connect(self._show_steps)
        session.saved.connect(self._show_steps)

    def _build_menu(self) -> QMenu:
        t, menu = self.session.t, QMenu(self)
        languages = menu.addMenu(t("ui.menu_language"))
        for language, name in (("en", "English"), ("nl", "Nederlands")):
            action = languages.addAction(name)
            action.setCheckable(True)
            action.setChecked(language == self.session.language)
            action.triggered.connect(lambda _=False, chosen=language: self.session.language_requested.emit(chosen))
        menu.addSeparator()
        menu.addAction(t("ui.report_save").replace("&", ""), self._save_report)
        menu.addAction(t("ui.report_copy").replace("&", ""), self._copy_summary)
        menu.addSeparator()
        menu.addAction(t("ui.new_customer").replace("&", ""), self.session.start_new_customer)
        return menu

    def _save_report(self) -> None:
        from wizard.ui.report_actions import save_report  # the report's parts: loaded when first used

        save_report(self.session, self)

    def _copy_summary(self) -> None:
        from wizard.ui.report_actions import copy_summary

        copy_summary(self.session)

    def _page_built(self, page: WizardPageBase) -> None:
        page.completeChanged.connect(self._main_action_as_default)  # after QWizard's own update

    def _warm_up(self) -> None:
        """Build the remaining pages one per turn of the event loop, so Next never waits and nothing freezes."""
        if not self.session.closed and self.pages.build_next_missing():
            QTimer.singleShot(0, self, self._warm_up)

    def set_language(self, language: Language) -> None:
        """Switch every page, and Qt's own buttons, to `language` at once; the page and its fields stay."""
        if language == self.session.language:
            return
        current = self.page_name()
        install_qt_translation(QApplication.instance(), language)
        self.session.set_language(language)
        style = self.wizardStyle()  # re-applying the style makes QWizard fetch its button texts again
        other = QWizard.WizardStyle.ModernStyle if style != QWizard.WizardStyle.ModernStyle \
            else QWizard.WizardStyle.ClassicStyle
        self.setWizardStyle(other)
        self.setWizardStyle(style)
        self.setButtonText(BACK, self.buttonText(QWizard.WizardButton.BackButton))
        self.setButtonText(MENU, self.session.t("ui.menu"))
        menu_button = self.button(MENU)
        menu_button.setAccessibleName(self.session.t("ui.menu_name"))
        if isinstance(menu_button, QPushButton):
            menu_button.setMenu(self._build_menu())
        self._set_title()
        self._switching = True  # while the old pages go, QWizard moves between them: build and record nothing
        with QSignalBlocker(self):
            self.pages.forget_all()
        self._switching = False
        self.show_page(current)
        QTimer.singleShot(WARM_UP_DELAY_MS, self, self._warm_up)  # cancelled if the window goes first

    def _set_title(self) -> None:
        session = self.session
        self.setWindowTitle(session.t("ui.window_title") + (session.t("ui.demo_title_suffix")
                                                            if session.services.is_demo else ""))

    def _install_back_button(self) -> None:
        """Back as a custom button in Back's place, with Qt's own (translated) text."""
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(BACK, self.buttonText(QWizard.WizardButton.BackButton))
        self.setOption(QWizard.WizardOption.HaveCustomButton2, True)
        self.setButtonText(MENU, self.session.t("ui.menu"))
        self.setButtonLayout([MENU, QWizard.WizardButton.Stretch, BACK, QWizard.WizardButton.NextButton,
                              QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton])
        self.button(BACK).setAutoDefault(False)
        menu_button = self.button(MENU)
        menu_button.setAutoDefault(False)
        menu_button.setAccessibleName(self.session.t("ui.menu_name"))
        if isinstance(menu_button, QPushButton):
            menu_button.setMenu(self._build_menu())
        self.customButtonClicked.connect(lambda which: self.back() if which == BACK.value else None)

    # -- navigation -------------------------------------------------------------------------------------
    def page_name(self) -> str:
        current = self.currentId()
        return PAGES[current] if 0 <= current < len(PAGES) else PAGES[0]

    def nextId(self) -> int:  # Qt override: the flow names the page after this one
        current = self.currentId()
        if current < 0:
            return 0
        if self._switching:
            return -1
        following = self.session.flow.following(PAGES[current], self.session.context())
        if following is None:
            return -1
        self.pages[following]  # built now if it was not yet: QWizard goes only to registered pages
        return PAGES.index(following)

    def back(self) -> None:  # Qt's back() walks QWizard's history; ours walks the session's stack
        target = self.session.navigator.back()
        if target is not None:
            self.show_page(target)

    def show_page(self, page: str) -> None:
        """Show `page` directly (Back, resume, start over): QWizard can only go there by a restart at it."""
        self.pages[page]
        self.setStartId(PAGES.index(page))
        self.restart()

    def _page_changed(self, index: int) -> None:
        if index < 0:
            return
        name = PAGES[index]
        self.session.arrived(name)
        self._show_steps()
        self._main_action_as_default()
        back = self.button(BACK)
        back.setVisible(name != self.session.flow.start)
        back.setEnabled(self.session.navigator.can_go_back())

    def _show_steps(self) -> None:
        """The step indicator: this journey's steps, where we are, and which are done."""
        if self.currentId() < 0:
            return
        session, name = self.session, self.page_name()
        route = session.flow.route(session.context())
        if name not in route:
            return
        content = load_content(session.language)
        current = route.index(name)
        done = {i for i, page in enumerate(route[:current]) if session.flow.is_complete(page, session.context())}
        self.steps.show_steps([content.title(page, session.state.journey) for page in route], current, done,
                              session.language)

    def _fit_to_screen(self) -> None:
        """Back, Next and Cancel stay on screen at 200 % scaling on a 1920×1080 screen and on 1280×720: the
        window never asks for more than the screen has (the page bodies scroll)."""
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = (available.width(), available.height()) if available is not None else (1024, 768)
        width, height = width - FRAME_ALLOWANCE[0], height - FRAME_ALLOWANCE[1]  # the title bar and borders
        self.setMinimumSize(min(MIN_SIZE[0], width), min(MIN_SIZE[1], height))
        self.resize(min(PREFERRED_SIZE[0], width), min(PREFERRED_SIZE[1], height))
        if available is not None:
            self.move(available.left() + max(0, (available.width() - self.width()) // 2), available.top())

    def _main_action_as_default(self) -> None:
        """While Next is disabled, Enter presses the page's main action (Test token, Add source); never Back."""
        page = self.currentPage()
        if not isinstance(page, WizardPageBase):
            return
        main = page.main_action()
        if main is not None and main.isEnabled() and not self.button(QWizard.WizardButton.NextButton).isEnabled():
            main.setDefault(True)

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
