"""Run as a subprocess: open the wizard with a typing delay of a minute (so only a commit can save), type an
environment on the token page and press Enter (a committed edit), say "edited" once the writer has nothing left
to write, then wait in the event loop until killed. The caller kills it with SIGKILL at once and checks that the
edit was saved."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from wizard.app.services import Services
from wizard.ui.app import open_window


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = open_window(Services(), "en")
    writer = window.session.keeper.writer
    writer.delay = 60.0  # typing alone would not be saved before the kill
    window.show()
    window.show_page("token")
    app.processEvents()
    edit = window.pages["token"].environment_edit
    QTest.keyClicks(edit, sys.argv[1])
    QTest.keyClick(edit, Qt.Key.Key_Return)
    while writer.has_pending():
        app.processEvents()
    print("edited", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
