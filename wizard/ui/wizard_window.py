"""The wizard window: a QWizard that shows the page the session is on. Back and Next are the window's own buttons
and ask the session to move; the session's flow decides where they lead. The window keeps the page registry, the
Menu, the step list and its own size; nothing else."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget, QWizard

from wizard.app.flow import PAGES, ImpossibleMove
from wizard.core.content import load_content
from wizard.core.messages import Language
from wizard.ui.announce import WindowVoice
from wizard.ui.context import WindowContext
from wizard.ui.page_registry import Pages
from wizard.ui.pages.base import NEXT, WizardPageBase
from wizard.ui.translation import install_qt_translation
from wizard.ui.widgets.step_list import StepList

_log = logging.getLogger(__name__)
MIN_SIZE, PREFERRED_SIZE, FRAME_ALLOWANCE = (640, 440), (1010, 700), (16, 48)
BACK = QWizard.WizardButton.CustomButton1  # our Back and Next: they ask the session, not QWizard's history
MENU = QWizard.WizardButton.CustomButton2  # language, the report, a new customer: at any point


class WizardWindow(QWizard):
    def __init__(self, ctx: WindowContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.session = ctx, ctx.session
        self._closing = False
        app = QApplication.instance()
        app.setProperty("wizard_language", self.session.language)
        app.styleHints().colorSchemeChanged.connect(self._scheme_changed)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.steps = StepList()
        self.setSideWidget(self.steps)
        self._install_buttons()
        self.pages = Pages(self, ctx, self._page_built)
        self._set_texts()
        self.show_page(self.session.page)
        fit_to_screen(self)
        bridge = ctx.bridge
        bridge.page_changed.connect(self.show_page)
        bridge.language_changed.connect(self.set_language)
        self.voice = WindowVoice(self, ctx)  # what a screen reader hears (and a failed save, said at once)
        for signal in (bridge.record_changed, bridge.token_changed, bridge.job_changed, bridge.record_opened):
            signal.connect(self._refresh)

    def _install_buttons(self) -> None:
        for option in (QWizard.WizardOption.HaveCustomButton1, QWizard.WizardOption.HaveCustomButton2,
                       QWizard.WizardOption.HaveCustomButton3):
            self.setOption(option, True)
        self.setButtonLayout([MENU, QWizard.WizardButton.Stretch, BACK, NEXT, QWizard.WizardButton.FinishButton,
                              QWizard.WizardButton.CancelButton])
        for which in (BACK, MENU):
            self.button(which).setAutoDefault(False)
        self.customButtonClicked.connect(self._custom_clicked)

    def _set_texts(self) -> None:
        """Window title, Back and Next (Qt's own, translated texts), the Menu and its contents."""
        session = self.session
        self.setWindowTitle(session.t("ui.window_title") + (session.t("ui.demo_title_suffix")
                                                            if session.services.is_demo else ""))
        self.setButtonText(BACK, session.t("ui.back"))  # our own texts: their mnemonics are chosen with the pages'
        self.setButtonText(NEXT, session.t("ui.next"))
        self.setButtonText(QWizard.WizardButton.FinishButton, session.t("ui.finish"))
        self.setButtonText(MENU, session.t("ui.menu"))
        menu_button = self.button(MENU)
        menu_button.setAccessibleName(session.t("ui.menu_name"))
        if isinstance(menu_button, QPushButton):
            from wizard.ui.report_actions import ReportActions
            from wizard.ui.window_menu import build_menu

            actions = ReportActions(self.ctx, self)
            from wizard.ui.log_folder import open_log_folder

            menu_button.setMenu(build_menu(self, session, save_report=actions.save, copy_summary=actions.copy,
                                           open_log=lambda: open_log_folder(self, session, self.ctx.desktop)))

    def _custom_clicked(self, which: int) -> None:
        try:
            if which == BACK.value:
                self.session.nav.back()
            elif which == NEXT.value:
                self.session.nav.next()
        except ImpossibleMove as move:  # the button was enabled by mistake: nothing moves, and it is noted
            _log.warning("%s", move)
            self._refresh()

    # -- showing the session's page ---------------------------------------------------------------------
    def page_name(self) -> str:
        current = self.currentId()
        return PAGES[current] if 0 <= current < len(PAGES) else PAGES[0]

    def nextId(self) -> int:  # Qt override: only for QWizard's own Finish button; moves go through the session
        if self._closing or self.currentId() < 0:
            return -1
        try:
            following = self.session.flow.following(self.page_name(), self.session.context())
        except ImpossibleMove:
            return -1
        return PAGES.index(following) if following is not None else -1

    def show_page(self, page: str) -> None:
        """Show `page`: QWizard can only go straight to a page by a restart at it."""
        self.pages[page]
        if self.currentId() != PAGES.index(page):
            self.setStartId(PAGES.index(page))
            self.restart()
        self._refresh()

    def _page_built(self, page: WizardPageBase) -> None:
        page.completeChanged.connect(self._refresh)

    def _refresh(self) -> None:
        """Back, Next and the step list, after anything that may change them."""
        if self._closing or self.currentId() < 0:
            return
        nav = self.session.nav
        back, following = self.button(BACK), self.button(NEXT)
        back.setVisible(self.page_name() != self.session.flow.start)
        back.setEnabled(nav.can_back())
        last = nav.is_last_page()
        following.setVisible(not last)
        following.setEnabled(nav.can_next())
        self._default_button(following)
        self._show_steps()

    def _default_button(self, following: QWidget) -> None:
        """Enter presses Next while it is enabled, else the page's main action (Test token); never Back."""
        page = self.currentPage()
        main = page.main_action() if isinstance(page, WizardPageBase) else None
        if isinstance(following, QPushButton):
            following.setDefault(following.isEnabled())
        if main is not None and main.isEnabled() and not following.isEnabled():
            main.setDefault(True)

    def _show_steps(self) -> None:
        session, name = self.session, self.page_name()
        route = session.nav.route()
        if name not in route:
            return
        content = load_content(session.language)
        current = route.index(name)
        done = {i for i, page in enumerate(route[:current]) if session.flow.is_complete(page, session.context())}
        self.steps.show_steps([content.title(page, session.record.journey) for page in route], current, done,
                              session.language)

    def set_language(self, language: Language) -> None:
        """Every page, and Qt's own buttons, in `language` at once; the page, its fields and its jobs stay."""
        app = QApplication.instance()
        install_qt_translation(app, language)
        app.setProperty("wizard_language", language)
        self.rebuild()

    def rebuild(self) -> None:
        """Build every page again (a new language, a new colour scheme); the page, its fields and its jobs stay."""
        style = self.wizardStyle()  # re-applying the style makes QWizard fetch its button texts again
        other = QWizard.WizardStyle.ModernStyle if style != QWizard.WizardStyle.ModernStyle \
            else QWizard.WizardStyle.ClassicStyle
        self.setWizardStyle(other)
        self.setWizardStyle(style)
        self._set_texts()
        with QSignalBlocker(self):
            self.pages.forget_all()
        self.steps.show_steps([], 0, set(), self.session.language)
        self.show_page(self.session.page)

    def _scheme_changed(self) -> None:
        """The operating system switched between light and dark while the wizard runs: follow it (unless the
        scheme was chosen with --color-scheme)."""
        from wizard.ui.look import apply_color_scheme

        app = QApplication.instance()
        if (app.property("wizard_color_scheme") or "auto") == "auto":
            apply_color_scheme(app, "auto")
            self.rebuild()

    # -- closing ----------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Save and stop the session's jobs (never waiting long on one that hangs); say what was not kept."""
        if self._closing:
            return
        self._closing = True
        self.hide()
        said = self.session.shutdown()
        self.ctx.bridge.detach()
        if said:
            text = "\n\n".join(message.text(self.session.language) for message in said)
            self.ctx.desktop.tell(None, self.windowTitle(), text, wait=True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        """Escape never closes the wizard (a dialog's habit): a slip of the finger must not end a journey."""
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def _may_close(self) -> bool:
        """Mid-journey, Cancel and the window's close button ask first, and say that everything is kept."""
        if self._closing or self.session.page in (self.session.flow.start, "done"):
            return True
        t = self.session.t
        return self.ctx.desktop.confirm(self, t("ui.close_title"), t("ui.close_question"), t("ui.close_yes"),
                                        t("ui.close_no"))

    def reject(self) -> None:  # Qt override: Cancel
        if self._may_close():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if not self._may_close():
            event.ignore()
            return
        self.shutdown()
        super().closeEvent(event)

    def done(self, result: int) -> None:  # Qt override
        self.shutdown()
        super().done(result)


def fit_to_screen(window: QWizard) -> None:
    """Back, Next and Cancel stay on screen at 200 % scaling on a 1920×1080 screen and on 1280×720: the
    window never asks for more than the screen has (the page bodies scroll)."""
    screen = window.screen() or QApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    width, height = (available.width(), available.height()) if available is not None else (1024, 768)
    width, height = width - FRAME_ALLOWANCE[0], height - FRAME_ALLOWANCE[1]  # the title bar and borders
    window.setMinimumSize(min(MIN_SIZE[0], width), min(MIN_SIZE[1], height))
    window.resize(min(PREFERRED_SIZE[0], width), min(PREFERRED_SIZE[1], height))
    if available is not None:
        window.move(available.left() + max(0, (available.width() - window.width()) // 2), available.top())
