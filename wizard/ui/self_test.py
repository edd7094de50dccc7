"""--self-test: walk every page against the demo stand-ins the way a user would, screenshot each page,
and exit 0 only when every page was reached and everything went well. Driven by a timer, bounded by a
deadline, never by a processEvents loop."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from wizard.core.flow import PAGES
from wizard.core.state import SubmissionStatus
from wizard.core.token_test.report import TestOutcome
from wizard.ui.pages.administrations import AdministrationsPage
from wizard.ui.pages.preparation import PreparationPage
from wizard.ui.pages.submit import SubmitPage
from wizard.ui.pages.token import TokenPage
from wizard.ui.wizard_window import WizardWindow

POLL_MS = 50
DEFAULT_TIMEOUT_S = 90.0


class SelfTest(QObject):
    def __init__(self, window: WizardWindow, folder: Path, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        super().__init__(window)
        self.window, self.folder, self.timeout_s = window, folder, timeout_s
        self.reached: list[str] = []
        self.failure: str | None = None
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._prepared: set[str] = set()

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._deadline = time.monotonic() + self.timeout_s
        self._timer.start()

    # -- one tick: act on the current page, or wait for it ------------------------------------------------
    def _poll(self) -> None:
        if time.monotonic() > self._deadline:
            self._finish(f"timed out on page {self.window.page_name()}")
            return
        page = self.window.page_name()
        if page not in self._prepared:
            self._prepared.add(page)
            self._prepare(page)
        verdict = self._ready(page)
        if verdict is None:
            return
        if verdict:
            self._finish(f"{page}: {verdict}")
            return
        self._screenshot(page)
        self.reached.append(page)
        print(f"ok {page}", flush=True)
        if page == PAGES[-1]:
            self._finish(None)
            return
        self.window.next()
        if self.window.page_name() == page:
            self._finish(f"{page}: Next did not move on")

    def _prepare(self, page: str) -> None:
        current = self.window.pages[page]
        if isinstance(current, PreparationPage):
            for box in current.boxes.values():
                box.setChecked(True)
        elif isinstance(current, AdministrationsPage) and not current.editor.toPlainText():
            current.editor.setPlainText(self.window.session.services.prefill.get("administrations", ""))

    def _ready(self, page: str) -> str | None:
        """None: keep waiting. "": done, go on. Any other text: what failed."""
        current = self.window.pages[page]
        if isinstance(current, TokenPage):
            return self._token_ready(current)
        if isinstance(current, SubmitPage):
            return self._submit_ready(current)
        return "" if current.isComplete() else "; ".join(current.blockers())

    def _token_ready(self, page: TokenPage) -> str | None:
        if page.test_worker is not None:
            return None
        if page.isComplete():
            return ""
        if self.window.session.state.token_test.test_outcome is TestOutcome.FAILED:
            return page.outcome_box.text() or "token test failed"
        if page.test_button.isEnabled():
            page.test_button.click()
            return None
        return "; ".join(page.blockers()) or "the token test could not start"

    def _submit_ready(self, page: SubmitPage) -> str | None:
        if page.store_worker is not None or page.submit_worker is not None or page.config_worker is not None:
            return None
        if page.isComplete():
            return ""
        if self.window.session.state.submission.status == SubmissionStatus.FAILED:
            return page.submit_box.text() or "submit failed"
        if page.api_available and page.submit_button.isEnabled():
            page.submit_button.click()
            return None
        return "; ".join(page.blockers())

    def _screenshot(self, page: str) -> None:
        index = PAGES.index(page) + 1
        self.window.grab().save(str(self.folder / f"{index:02d}-{page}.png"))

    def _finish(self, failure: str | None) -> None:
        self._timer.stop()
        self.failure = failure
        if failure:
            print(f"self-test failed: {failure}", file=sys.stderr, flush=True)
        missing = [p for p in PAGES if p not in self.reached]
        if not failure and missing:
            self.failure = f"pages not reached: {', '.join(missing)}"
        QApplication.instance().exit(1 if self.failure else 0)
