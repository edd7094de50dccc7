"""Welcome: what the wizard does, what you need (with Finstack's article one click away), what you came to do
(connect, replace the GetConnectors, renew the token), and "continue where you stopped" for that journey."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QButtonGroup, QGroupBox, QHBoxLayout, QRadioButton, QVBoxLayout, QWidget

from wizard import __version__
from wizard.app.book import CustomerSummary, summarize
from wizard.app.events import Notice
from wizard.app.jobs import JobKind
from wizard.core.state import Journey
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.customer_list import CustomerList, when
from wizard.ui.widgets.labels import heading, wrapped
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row


class WelcomePage(WizardPageBase):
    page_name = "welcome"
    job_kinds = (JobKind.TOKEN_READ,)

    def build(self) -> None:
        step = self.content.step("welcome")
        self.article_url: str = step["article_url"]
        self.add(self._build_language_switch())
        self.notice = WarningBox("", "warning")
        self.add(self.notice)
        self.add(wrapped(step["intro"]))
        # What to do first (it fits a 1366×768 screen without scrolling), then the customers, then what you need.
        self.add(self._build_journeys(step))
        self.journey_note = WarningBox("", "info")
        self.add(self.journey_note)
        self.add(self._build_resume())
        self.customer_list = CustomerList(self.lang, self._describe_row)
        self.customer_list.continue_requested.connect(self.session.customers.continue_)
        self.customer_list.remove_requested.connect(self._remove)
        self.customer_list.new_requested.connect(self.session.customers.new)
        self.add(self.customer_list)
        self.add(heading(self.t("ui.welcome_needs")))
        for need in step["needs"]:
            self.add(wrapped(f"• {need}"))
        article_row = QHBoxLayout()
        self.article_button = action_button(self.t("ui.open_article"), self.t("ui.open_article_name"),
                                            self.open_article)
        article_row.addWidget(self.article_button)
        article_row.addStretch(1)
        self.body.addLayout(article_row)
        self.add(wrapped(step["duration"]))
        self.version = wrapped(self.t("ui.version", version=__version__))
        self.version.setObjectName("version")
        self.add(self.version)
        bridge = self.ctx.bridge
        bridge.token_changed.connect(self.refresh_resume)
        bridge.customers_changed.connect(self.refresh_customers)
        bridge.notice.connect(lambda _notice: self._show_notices())  # the list fills in load_state, when shown

    def _build_language_switch(self) -> QWidget:
        """English / Nederlands, each named in its own language, at the top where a Dutch user looks first."""
        row_widget = QWidget()
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(wrapped(self.t("ui.language")))
        self.language_buttons: dict[str, QRadioButton] = {}
        for language, name in (("en", "English"), ("nl", "Nederlands")):
            button = QRadioButton(name)
            button.setAccessibleName(self.t("ui.language_named", name=name))
            button.setChecked(language == self.lang)
            button.toggled.connect(lambda checked, chosen=language: checked and self._language_chosen(chosen))
            self.language_buttons[language] = button
            row.addWidget(button)
        self.language_group = QButtonGroup(self)
        for button in self.language_buttons.values():
            self.language_group.addButton(button)
        return row_widget

    def _language_chosen(self, language: str) -> None:
        if language != self.lang:
            self.session.set_language(language)  # type: ignore[arg-type]

    def _build_journeys(self, step: dict) -> QGroupBox:
        box = QGroupBox(step["question"])
        layout = QVBoxLayout(box)
        self.journey_group = QButtonGroup(self)
        self.journey_buttons: dict[Journey, QRadioButton] = {}
        for journey in Journey:
            texts = step["journeys"][journey.value]
            button = QRadioButton(texts["title"])
            button.setAccessibleName(texts["title"])
            button.setAccessibleDescription(texts["text"])
            self.journey_group.addButton(button)
            self.journey_buttons[journey] = button
            layout.addWidget(button)
            description = wrapped(texts["text"])
            description.setContentsMargins(24, 0, 0, 6)
            layout.addWidget(description)
            button.toggled.connect(lambda checked, j=journey: checked and self._chosen(j))
        return box

    def _build_resume(self) -> QGroupBox:
        self.resume_box = QGroupBox(self.t("ui.resume_title"))
        layout = QVBoxLayout(self.resume_box)
        self.resume_label = wrapped("")
        layout.addWidget(self.resume_label)
        self.resume_button = action_button(self.t("ui.resume"), self.t("ui.resume"), self.session.nav.resume)
        self.start_over_button = action_button(self.t("ui.start_over"), self.t("ui.start_over"),
                                               self.session.nav.start_over)
        layout.addWidget(button_row(self.resume_button, self.start_over_button))
        self.resume_box.setVisible(False)
        return self.resume_box

    def load_state(self) -> None:
        self._show_notices()
        current = self.journey_buttons[Journey(self.state.journey)]
        with QSignalBlocker(current):
            current.setChecked(True)
        self.refresh_resume()
        self.refresh_customers()

    def _show_notices(self) -> None:
        """What the session said since the start (a record set aside, repaired, migrated), newest last."""
        notices: list[Notice] = self.session.notices[-5:]
        shown = "\n\n".join(notice.message.text(self.lang) for notice in notices)
        worst = "warning" if any(n.tone in ("warning", "error") for n in notices) else "info"
        self.notice.show_message(shown, worst)

    def job_changed(self, job: object) -> None:
        self.refresh_resume()

    # -- customers ----------------------------------------------------------------------------------------
    def refresh_customers(self, changed: frozenset[str] = frozenset()) -> None:
        session, current_id = self.session, self.state.customer_id
        if changed and changed <= {current_id} and not self.is_current():
            return  # typing on another page changed only the open customer: nothing in the list moves
        in_hand = self.state
        current = summarize(in_hand, session.flow) if in_hand.has_content() else None
        self.customer_list.setVisible(current is not None or len(session.book) > 0)
        self.customer_list.show_current(current, self._describe)
        others = [row for row in session.customers.rows() if row.id != current_id]
        changed_others = changed - {current_id} if changed else changed
        self.customer_list.show_others(others, session.customers.loading, changed_others)
        with QSignalBlocker(self.journey_buttons[Journey(in_hand.journey)]):
            self.journey_buttons[Journey(in_hand.journey)].setChecked(True)

    def _describe(self, summary: CustomerSummary) -> str:
        journey = self.content.step("welcome")["journeys"][summary.journey]["title"]
        if summary.finished:
            where = self.t("ui.customer_finished")
        elif summary.page == self.session.flow.start:
            where = self.t("ui.customer_not_started")
        else:
            where = self.t("ui.customer_stopped_at", page=self.content.title(summary.page, summary.journey))
        name = " · ".join(part for part in (summary.label, summary.environment) if part) or self.t("ui.customer_new")
        return f"{name} · {journey} · {where}"

    def _describe_row(self, summary: CustomerSummary) -> str:
        stamp = when(summary.updated_at, self.lang)
        return self._describe(summary) + (f" · {stamp}" if stamp else "")

    def _remove(self, record_id: str) -> None:
        row = self.session.book.get(record_id)
        if row is None and record_id == self.state.customer_id:
            row = summarize(self.state)
        if row is None:
            return
        name = row.label or row.environment or self.t("ui.customer_new")
        question = self.t("ui.customer_remove_question", name=name)
        if self.ctx.desktop.confirm(self, self.t("ui.customer_remove_title"), question,
                                    self.t("ui.customer_remove_yes"), self.t("ui.customer_remove_no")):
            self.session.customers.remove(record_id)

    def first_field(self) -> QWidget | None:
        return self.journey_buttons[Journey(self.state.journey)]

    def _chosen(self, journey: Journey) -> None:
        notes = self.session.nav.choose_journey(journey)
        self.journey_note.show_message("\n".join(note.text(self.lang) for note in notes), "info")
        self.refresh_resume()
        self.changed()

    def open_article(self) -> None:
        self.ctx.desktop.open_url(self.article_url)

    def refresh_resume(self) -> None:
        """Offer to resume only when the chosen journey has saved progress; wait for the stored token first."""
        saved = self.session.nav.resume_target()
        self.resume_box.setVisible(saved is not None)
        if saved is None:
            return
        loading = self.session.tokens.reading
        self.resume_label.setText(self.t("ui.resume_loading_token") if loading
                                  else self.t("ui.resume_text", page=self.content.title(saved, self.state.journey)))
        self.resume_button.setEnabled(not loading)
