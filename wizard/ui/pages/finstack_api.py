"""The optional "Submit through Finstack's API" section of the Submit page.

Finstack publishes no API; the wizard defines one (docs/finstack-source-api.md). Without it the Submit page
hands the three values over, and that stays the default. Here a user who has an API address and key saves
them: the address goes into the saved state (not secret), the key only into the password store. Every
password-store call runs on the window's worker; the section only ever holds the key in its masked field,
which is cleared as soon as the key is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QVBoxLayout, QWidget

from wizard.core.finstack_api import (
    FinstackUrlError,
    check_api_url,
    forget_api_settings,
    load_finstack_config,
    save_api_settings,
)
from wizard.core.messages import Language, Message, UserInputError, text
from wizard.ui.pages.base import wrapped
from wizard.ui.widgets.buttons import action_button
from wizard.ui.widgets.secret_input import SecretInput
from wizard.ui.widgets.validated_field import ValidatedField
from wizard.ui.widgets.warning_box import WarningBox
from wizard.ui.worker import Worker

if TYPE_CHECKING:
    from wizard.ui.wizard_window import WizardWindow


class FinstackApiSection(QWidget):
    """Collapsed by default. `config` is the FinstackConfig loaded from the saved address and the password
    store, or None (then the page offers the hand-off). `config_changed` fires whenever that may have changed."""

    config_changed = Signal()

    def __init__(self, wizard_window: WizardWindow, language: Language) -> None:
        super().__init__()
        self.wiz, self.lang = wizard_window, language
        self.config: Any = None  # a finstack_client.FinstackConfig; never shown, its repr hides the key
        self.worker: Worker | None = None  # the one password-store job of this section that is running
        self._loaded_for: str | None = None  # the address `config` was looked up for

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

        self.panel = QWidget()
        panel = QVBoxLayout(self.panel)
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

        buttons = QHBoxLayout()
        self.save_button = action_button(
            self.t("ui.finstack_api_save"), self.t("ui.finstack_api_save_name"), self.save)
        self.forget_button = action_button(
            self.t("ui.finstack_api_forget"), self.t("ui.finstack_api_forget_name"), self.forget)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.forget_button)
        buttons.addStretch(1)
        panel.addLayout(buttons)
        self.status_box = WarningBox("", "info")
        self.status_box.setObjectName("finstack_api_status")
        panel.addWidget(self.status_box)
        outer.addWidget(self.panel)
        self.set_expanded(False)

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def set_expanded(self, expanded: bool) -> None:
        if self.toggle.isChecked() != expanded:
            self.toggle.setChecked(expanded)  # calls back here once with the same value
            return
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.panel.setVisible(expanded)

    def _refresh_buttons(self, submitting: bool = False) -> None:
        usable = not self.busy and not submitting
        self.save_button.setEnabled(usable)
        self.forget_button.setEnabled(usable and bool(self.wiz.state.finstack_api_url))

    def set_submitting(self, submitting: bool) -> None:
        """No changes to where the source goes while it is being sent."""
        self._refresh_buttons(submitting)

    def reset(self) -> None:
        self.key_edit.clear()
        self.url_field.set_message("")
        self.key_field.set_message("")
        self.status_box.show_message("", "info")
        self._loaded_for = None

    # -- loading ----------------------------------------------------------------------------------------
    def load(self) -> None:
        """Look the saved address's key up in the password store (on the worker); called on entering the page."""
        url = self.wiz.state.finstack_api_url.strip()
        if not self.url_edit.text().strip() or self._loaded_for != url:
            self.url_edit.setText(url)
        if self.busy:
            self._refresh_buttons()
            return
        if not url:
            self._set_config(None, url)
            self._refresh_buttons()
            return
        try:
            check_api_url(url)
        except FinstackUrlError as exc:  # a hand-edited state file: say so, and hand over instead
            self._set_config(None, url)
            self.url_field.set_message(exc.text(self.lang))
            self.set_expanded(True)
            self._refresh_buttons()
            return
        secrets = self.wiz.services.secrets

        def job(_ctx: object) -> tuple[Any, Message]:  # worker thread: the keyring may wait for a prompt
            return load_finstack_config(url, secrets), secrets.where()

        self.status_box.show_message(self.t("ui.finstack_api_loading"), "info")
        self._start(job, "load_finstack_api", lambda found: self._loaded(url, found))

    def _loaded(self, url: str, found: tuple[Any, Message]) -> None:
        config, where = found
        self._set_config(config, url)
        if config is not None:
            self.status_box.show_message(self.t("ui.finstack_api_active", url=config.base_url,
                                                where=where.text(self.lang)), "ok")
        else:
            self.status_box.show_message(self.t("ui.finstack_api_no_key", url=url, where=where.text(self.lang)),
                                         "warning")
            self.set_expanded(True)  # the user has to act: show what is wrong

    # -- saving and forgetting --------------------------------------------------------------------------
    def save(self) -> None:
        if self.busy:
            return
        typed = self.url_edit.text().strip()
        try:
            url = check_api_url(typed)
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
        secrets, previous = self.wiz.services.secrets, self.wiz.state.finstack_api_url

        def job(_ctx: object) -> tuple[Any, Message]:  # worker thread
            save_api_settings(secrets, url, key, previous)  # one address in use: no key left behind for the old one
            return load_finstack_config(url, secrets), secrets.where()

        self.status_box.show_message(self.t("ui.finstack_api_saving"), "info")
        self._start(job, "save_finstack_api", lambda found: self._saved(url, found))

    def _saved(self, url: str, found: tuple[Any, Message]) -> None:
        self.key_edit.clear()  # stored: the widget need not hold it any longer
        self.url_edit.setText(url)
        self.wiz.state.finstack_api_url = url
        self.wiz.save_now()  # a setting, not typing: on disk at once, like the command line does
        self._loaded(url, found)

    def forget(self) -> None:
        url = self.wiz.state.finstack_api_url.strip()
        if self.busy or not url:
            return
        secrets = self.wiz.services.secrets

        def job(_ctx: object) -> bool:  # worker thread
            return forget_api_settings(secrets, url)

        self._start(job, "forget_finstack_api", lambda _found: self._forgotten())

    def _forgotten(self) -> None:
        self.key_edit.clear()
        self.url_edit.clear()
        self.wiz.state.finstack_api_url = ""
        self.wiz.save_now()
        self._set_config(None, "")
        self.status_box.show_message(self.t("ui.finstack_api_forgotten"), "info")

    # -- the worker -------------------------------------------------------------------------------------
    def _start(self, job: Any, name: str, on_result: Any) -> None:
        self.worker = self.wiz.pool.submit(job, name=name, on_result=on_result, on_error=self._failed,
                                           on_finished=self._done)
        self._refresh_buttons()

    def _failed(self, exc: object) -> None:
        # A SecretStoreError (a UserInputError) explains itself plainly; anything else only by its class name.
        if isinstance(exc, UserInputError):
            reason = exc.text(self.lang)
        else:
            reason = self.t("ui.unexpected", detail=type(exc).__name__)
        self.status_box.show_message(self.t("ui.finstack_api_failed", reason=reason), "warning")
        self.set_expanded(True)
        self.config_changed.emit()

    def _done(self) -> None:
        self.worker = None
        self._refresh_buttons()
        self.config_changed.emit()

    def _set_config(self, config: Any, url: str) -> None:
        self.config, self._loaded_for = config, url
        self.config_changed.emit()
