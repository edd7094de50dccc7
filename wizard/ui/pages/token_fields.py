"""The token page's three fields (AFAS environment with its type, token name, token masked with Show/Hide), each
checked as it is typed and written to the session: the environment and name into the open record, the token into
memory only (never a file)."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from wizard.core.environment import EnvironmentType, parse_environment
from wizard.core.messages import Message, UserInputError, text
from wizard.core.state import Journey, WizardState
from wizard.core.token import check_token
from wizard.ui.context import WindowContext
from wizard.ui.widgets.secret_input import SecretInput
from wizard.ui.widgets.validated_field import ValidatedField


class TokenFields(QWidget):
    edited = Signal()  # the user changed a field (the session has the new value already)

    def __init__(self, ctx: WindowContext, step: dict) -> None:
        super().__init__()
        self.session, self.lang = ctx.session, ctx.session.language
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self._layout = layout
        self._build_fields(step)

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def add(self, widget: QWidget) -> None:
        self._layout.addWidget(widget)

    @property
    def state(self) -> WizardState:
        return self.session.record  # another record may be opened at any time: never keep a reference

    def _build_fields(self, step: dict) -> None:
        self.steps_help = step
        env_row = QWidget()
        row = QHBoxLayout(env_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.environment_edit = QLineEdit()
        self.environment_edit.setPlaceholderText("O12345AA")
        self.type_combo = QComboBox()
        self.type_combo.addItem(self.t("ui.env_type_auto"), "")
        for env_type in EnvironmentType:
            self.type_combo.addItem(env_type.label.text(self.lang), env_type.value)
        self.type_combo.setAccessibleName(self.t("ui.env_type"))
        row.addWidget(self.environment_edit, 1)
        row.addWidget(self.type_combo)
        self.environment_field = ValidatedField(self.t("ui.environment"), env_row, step["environment_help"])
        self.environment_edit.setAccessibleName(self.t("ui.environment"))
        self.environment_field.label.setBuddy(self.environment_edit)
        self.add(self.environment_field)

        self.name_edit = QLineEdit()
        self.name_field = ValidatedField(self.t("ui.token_name"), self.name_edit, step["token_name_help"])
        self.add(self.name_field)

        token_row = SecretInput(self.t("ui.show"), self.t("ui.hide"), self.t("ui.show_token"), self.t("ui.hide_token"))
        self.token_edit, self.show_button = token_row.edit, token_row.toggle
        self.token_edit.setPlaceholderText("<token><version>1</version><data>…</data></token>")
        self.token_field = ValidatedField(self.t("ui.token"), token_row, step["token_help"])
        self.token_edit.setAccessibleName(self.t("ui.token"))
        self.token_field.label.setBuddy(self.token_edit)
        self.add(self.token_field)

        self.environment_edit.textEdited.connect(self._environment_edited)
        self.type_combo.currentIndexChanged.connect(self._environment_edited)
        self.name_edit.textEdited.connect(self._name_edited)
        self.token_edit.textChanged.connect(self._token_edited)

    def load_state(self) -> None:
        self.environment_edit.setText(self.state.environment_text)
        with QSignalBlocker(self.type_combo):
            self.type_combo.setCurrentIndex(max(0, self.type_combo.findData(self.state.environment_type)))
        self.name_edit.setText(self.state.token_name)
        self.token_from_session()
        self._validate_environment()
        self._validate_name()

    def clear_token(self) -> None:
        with QSignalBlocker(self.token_edit):
            self.token_edit.clear()

    def set_enabled(self, enabled: bool) -> None:
        for widget in (self.environment_edit, self.type_combo, self.name_edit, self.token_edit):
            widget.setEnabled(enabled)  # the values under test cannot change halfway

    def first_empty(self) -> QWidget | None:
        for edit in (self.environment_edit, self.name_edit, self.token_edit):
            if not edit.text().strip():
                return edit
        return self.environment_edit if self.session.environment() is None else None

    def token_from_session(self) -> None:
        """The session's token (typed earlier, or read from the password store) belongs in the field."""
        token = self.session.token
        current = check_token(self.token_edit.text()).token if self.token_edit.text() else None
        if current != token and (token is not None or current is not None):
            with QSignalBlocker(self.token_edit):  # half-typed text that is no token yet stays as it is
                self.token_edit.setText(token.reveal() if token is not None else "")
        self._validate_token()

    # -- editing ----------------------------------------------------------------------------------------
    def _environment_edited(self) -> None:
        self.session.edit(environment_text=self.environment_edit.text(),
                          environment_type=self.type_combo.currentData() or "")
        self._validate_environment()
        self._after_edit()

    def _name_edited(self, value: str) -> None:
        self.session.edit(token_name=value)
        self._validate_name()
        self._after_edit()

    def _token_edited(self, value: str) -> None:
        self.session.tokens.set_typed(value)
        self._validate_token()
        self._after_edit()

    def _after_edit(self) -> None:
        self.edited.emit()

    # -- live validation --------------------------------------------------------------------------------
    def _validate_environment(self) -> None:
        if not self.state.environment_text.strip():
            self.environment_field.set_message("")
            return
        try:
            env = parse_environment(self.state.environment_text, self.state.environment_type or None)
        except UserInputError as exc:
            self.environment_field.set_message(exc.text(self.lang), "error")
            return
        lines = [self.t("ui.env_understood", name=env.name, type=env.type.label.text(self.lang), url=env.base_url)]
        lines += [w.text(self.lang) for w in env.warnings]
        self.environment_field.set_message("\n".join(lines), "warning" if env.warnings else "ok")

    def _validate_name(self) -> None:
        missing = not self.state.clean_token_name
        self.name_field.set_message(self.t("ui.token_name_missing") if missing else "", "error")

    def _validate_token(self) -> None:
        value = self.token_edit.text()
        if not value:
            self.token_field.set_message("")
            return
        check = check_token(value)
        if check.error is not None:
            self.token_field.set_message(check.error.text(self.lang), "error")
            return
        assert check.token is not None
        lines = [self.t("ui.token_understood", fingerprint=check.token.fingerprint)]
        warnings = [*check.warnings, *([Message("token.same_as_replaced")]
                                       if self.state.replaces_same_token(check.token) else [])]
        lines += [w.text(self.lang) for w in warnings]
        self.token_field.set_message("\n".join(lines), "warning" if warnings else "ok")

    def set_journey(self, journey: Journey) -> None:
        """The hints say what this journey asks for: renewing wants the new token, not the one it replaces."""
        renewing = journey is Journey.RENEW
        self.token_field.set_help(self.steps_help["renew_token_help" if renewing else "token_help"])
        self.name_field.set_help(self.steps_help["renew_token_name_help" if renewing else "token_name_help"])

