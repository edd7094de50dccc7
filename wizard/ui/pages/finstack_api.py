"""The optional "Submit through Finstack's API" section of the Submit page.

Finstack publishes no API; the wizard defines one (docs/finstack-source-api.md). Without it the Submit page
hands the three values over, and that stays the default. Here a user who has an API address and key saves
them: the address is a setting of this computer (not secret), the key goes only into the password store, through
the session's hand-over (a job). The section holds the key only in its masked field, cleared as soon as the key
is stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QToolButton, QVBoxLayout, QWidget

from wizard.core.finstack_api import FinstackUrlError, check_api_url
from wizard.core.messages import text
from wizard.ui.context import WindowContext
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.labels import wrapped
from wizard.ui.widgets.secret_input import SecretInput
from wizard.ui.widgets.validated_field import ValidatedField
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.widgets.wrapping import button_row


class FinstackApiSection(QWidget):
    """Collapsed by default; opens itself when the user has something to do (no key, a failure)."""

    def __init__(self, ctx: WindowContext) -> None:
        super().__init__()
        self.session, self.lang = ctx.session, ctx.session.language
        self.handover = ctx.session.handover
        self._saving = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setText(self.t("ui.finstack_settings_toggle"))
        self.toggle.setAccessibleName(self.t("ui.finstack_settings_toggle"))
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a tool button is not in the Tab order by default
        self.toggle.toggled.connect(self.set_expanded)
        outer.addWidget(self.toggle)
        self.panel = self._build_panel()
        outer.addWidget(self.panel)
        self.set_expanded(False)
        ctx.bridge.api_changed.connect(self._api_changed)

    def _build_panel(self) -> QWidget:
        panel_widget = QWidget()
        panel = QVBoxLayout(panel_widget)
        panel.setContentsMargins(16, 0, 0, 0)
        panel.addWidget(wrapped(self.t("ui.finstack_settings_intro")))
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://…")
        self.url_edit.setInputMethodHints(Qt.InputMethodHint.ImhUrlCharactersOnly)
        self.url_edit.textEdited.connect(lambda _text: self.url_field.set_message(""))
        self.url_field = ValidatedField(self.t("ui.finstack_api_url"), self.url_edit,
                                        self.t("ui.finstack_api_url_help"))
        panel.addWidget(self.url_field)
        key_row = SecretInput(self.t("ui.show_key"), self.t("ui.hide_key"), self.t("ui.show_api_key"),
                              self.t("ui.hide_api_key"))
        self.key_edit, self.show_key_button = key_row.edit, key_row.toggle
        self.key_edit.textEdited.connect(lambda _text: self.key_field.set_message(""))
        self.key_field = ValidatedField(self.t("ui.finstack_api_key"), key_row, self.t("ui.finstack_api_key_help"))
        self.key_edit.setAccessibleName(self.t("ui.finstack_api_key"))  # the field named the row, not the edit
        self.key_field.label.setBuddy(self.key_edit)
        panel.addWidget(self.key_field)
        self.save_button = action_button(
            self.t("ui.finstack_api_save"), self.t("ui.finstack_api_save_name"), self.save)
        self.forget_button = action_button(
            self.t("ui.finstack_api_forget"), self.t("ui.finstack_api_forget_name"), self.forget)
        panel.addWidget(button_row(self.save_button, self.forget_button))
        self.status_box = WarningBox("", "info")
        self.status_box.setObjectName("finstack_api_status")
        panel.addWidget(self.status_box)
        return panel_widget

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # calls back here once with the same value
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.panel.setVisible(expanded)

    def _refresh_buttons(self, submitting: bool = False) -> None:
        usable = not self.handover.busy and not submitting
        self.save_button.setEnabled(usable)
        self.forget_button.setEnabled(usable and bool(self.session.computer.finstack_api_url))

    def set_submitting(self, submitting: bool) -> None:
        """No changes to where the source goes while it is being sent."""
        self._refresh_buttons(submitting)

    def reset(self) -> None:
        self.key_edit.clear()
        self.url_field.set_message("")
        self.key_field.set_message("")
        self.status_box.show_message("", "info")

    # -- loading ----------------------------------------------------------------------------------------
    def load(self) -> None:
        """Look the saved address's key up in the password store (a job); called on entering the page."""
        url = self.session.computer.finstack_api_url.strip()
        if not self.url_edit.text().strip() or self.handover.loaded_for != url:
            self.url_edit.setText(url)
        self.handover.load_api()
        self._api_changed()

    def _api_changed(self) -> None:
        note = self.handover.note
        self.status_box.show_message(note[0].text(self.lang) if note else "", note[1] if note else "info")
        if note is not None and note[1] == "warning" and not self.handover.busy:
            self.set_expanded(True)  # the user has to act: show what is wrong
        if self._saving and not self.handover.busy:
            self._saving = False
            if self.handover.user_config is not None:
                self.key_edit.clear()  # stored: the widget need not hold it any longer
        self._refresh_buttons()

    # -- saving and forgetting --------------------------------------------------------------------------
    def save(self) -> None:
        if self.handover.busy:
            return
        try:
            url = check_api_url(self.url_edit.text())
        except FinstackUrlError as exc:
            self.url_field.set_message(exc.text(self.lang))
            self.url_edit.setFocus()
            return
        key = self.key_edit.text().strip()
        if not key:
            self.key_field.set_message(self.t("ui.finstack_api_key_empty"))
            self.key_edit.setFocus()
            return
        self.url_field.set_message("")
        self.key_field.set_message("")
        self.url_edit.setText(url)
        self._saving = self.handover.save_api(url, key) is not None

    def forget(self) -> None:
        if self.handover.forget_api() is not None:
            self.key_edit.clear()
            self.url_edit.clear()
