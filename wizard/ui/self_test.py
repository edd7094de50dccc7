"""--self-test: walk every journey (connect, replace the GetConnectors, renew the token) against the demo
stand-ins the way a user would, screenshot each page as `<journey>-<nn>-<page>.png`, save the connection's report
as report.pdf and report.html, and exit 0 only when every page of every journey was reached and everything went
well. Driven by a timer, bounded by a deadline, never by
a processEvents loop."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication

from wizard.app.flow import JOURNEY_ROUTES
from wizard.app.jobs import JobKind, is_running
from wizard.app.reports import write
from wizard.core.state import Journey, SubmissionStatus
from wizard.core.token_test.report import TestOutcome
from wizard.ui.pages.administrations import AdministrationsPage
from wizard.ui.pages.base import NEXT
from wizard.ui.pages.getconnectors import GetConnectorsPage
from wizard.ui.pages.preparation import PreparationPage
from wizard.ui.pages.submit import SubmitPage
from wizard.ui.pages.token import TokenPage
from wizard.ui.pages.welcome import WelcomePage
from wizard.ui.report_pdf import save_pdf
from wizard.ui.wizard_window import WizardWindow

POLL_MS = 50
DEFAULT_TIMEOUT_S = 120.0


class SelfTest(QObject):
    def __init__(self, window: WizardWindow, folder: Path, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        super().__init__(window)
        self.window, self.folder, self.timeout_s = window, folder, timeout_s
        self.session = window.session
        self.journeys = list(Journey)
        self.reached: list[tuple[Journey, str]] = []
        self.failure: str | None = None
        self._deadline = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        self._prepared: set[tuple[Journey, str]] = set()
        self._last_size: tuple[Journey, str, int, int] | None = None

    @property
    def journey(self) -> Journey:
        return self.journeys[0]

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._deadline = time.monotonic() + self.timeout_s
        self._timer.start()

    # -- one tick: act on the current page, or wait for it ------------------------------------------------
    def _poll(self) -> None:
        page = self.window.page_name()
        if time.monotonic() > self._deadline:
            self._finish(f"timed out on page {page} ({self.journey.value})")
            return
        if (self.journey, page) not in self._prepared:
            self._prepared.add((self.journey, page))
            self._prepare(page)
        verdict = self._ready(page)
        if verdict is None:
            return
        if verdict:
            self._finish(f"{self.journey.value} {page}: {verdict}")
            return
        if not self._settled(page):
            return  # wrapped texts are still finding their height: the picture would cut them off
        self._screenshot(page)
        self.reached.append((self.journey, page))
        print(f"ok {self.journey.value} {page}", flush=True)
        if self.session.nav.is_last_page():
            self._next_journey()
            return
        self.window.button(NEXT).click()
        if self.window.page_name() == page:
            self._finish(f"{self.journey.value} {page}: Next did not move on")

    def _next_journey(self) -> None:
        if self.journey is Journey.CONNECT:  # the consultant's hand-over, as the Done page saves it
            report = self.session.reports.current()
            write(report, self.folder / "report.pdf", save_pdf)
            write(report, self.folder / "report.html", save_pdf)
        self.journeys.pop(0)
        if not self.journeys:
            self._finish(None)
            return
        self.session.nav.go_to_start()  # the Done page's "Do something else"

    def _prepare(self, page: str) -> None:
        current = self.window.pages[page]
        if isinstance(current, WelcomePage):
            current.journey_buttons[self.journey].click()
        elif isinstance(current, PreparationPage):
            for box in current.boxes.values():
                box.setChecked(True)
        elif isinstance(current, GetConnectorsPage) and self.journey is Journey.REPLACE:
            current.replace_steps.status_tick.setChecked(True)
        elif isinstance(current, AdministrationsPage):
            current.editor.setPlainText(self.session.services.prefill.get("administrations", ""))
            if self.journey is Journey.REPLACE:
                current.replace_tick.setChecked(True)  # entered again in AFAS
        elif isinstance(current, TokenPage) and not current.token_edit.text():
            current.token_edit.setText(self.session.services.prefill.get("token", ""))

    def _ready(self, page: str) -> str | None:
        """None: keep waiting. "": done, go on. Any other text: what failed."""
        current = self.window.pages[page]
        if isinstance(current, TokenPage):
            return self._token_ready(current)
        if isinstance(current, SubmitPage):
            return self._submit_ready(current)
        if isinstance(current, WelcomePage) and self.session.customers.loading:
            return None  # the picture shows the customers list read, as a user sees it a moment later
        return "" if current.isComplete() else "; ".join(current.blockers())

    def _settled(self, page: str) -> bool:
        """True once the page's content has kept its size for one whole tick (a page just shown lays its
        word-wrapped labels out over several event-loop turns)."""
        content = self.window.pages[page].scroll.widget()
        size = (self.journey, page, content.width(), content.height())
        settled, self._last_size = size == self._last_size, size
        return settled

    def _busy(self, *kinds: JobKind) -> bool:
        return any(is_running(self.session.job(kind)) for kind in kinds)

    def _token_ready(self, page: TokenPage) -> str | None:
        if self._busy(JobKind.TOKEN_TEST, JobKind.TOKEN_STORE, JobKind.TOKEN_READ):
            return None
        if page.isComplete():
            return ""
        if self.session.record.token_test.test_outcome is TestOutcome.FAILED:
            return page.outcome_box.text() or "token test failed"
        if page.test_button.isEnabled():
            page.test_button.click()
            return None
        return "; ".join(page.blockers()) or "the token test could not start"

    def _submit_ready(self, page: SubmitPage) -> str | None:
        if self._busy(JobKind.TOKEN_STORE, JobKind.HANDOVER) or self.session.handover.busy:
            return None
        if page.isComplete():
            return ""
        if self.session.record.submission.status == SubmissionStatus.FAILED:
            return page.submit_box.text() or "submit failed"
        available = self.session.handover.api_available
        if available and page.submit_button.isEnabled():
            page.submit_button.click()
            return None
        if not available:
            page.confirm_box.click()  # the hand-off: the values were copied into Finstack
            return None
        return "; ".join(page.blockers())

    def _screenshot(self, page: str) -> None:
        index = JOURNEY_ROUTES[self.journey].index(page) + 1
        self.window.grab().save(str(self.folder / f"{self.journey.value}-{index:02d}-{page}.png"))

    def _finish(self, failure: str | None) -> None:
        self._timer.stop()
        self.failure = failure
        if failure:
            print(f"self-test failed: {failure}", file=sys.stderr, flush=True)
        expected = [(journey, page) for journey in Journey for page in JOURNEY_ROUTES[journey]]
        missing = [f"{journey.value} {page}" for journey, page in expected if (journey, page) not in self.reached]
        if not failure and missing:
            self.failure = f"pages not reached: {', '.join(missing)}"
        QApplication.instance().exit(1 if self.failure else 0)
