"""Run as a subprocess: open the wizard, type an environment on the token page and press Enter (a committed
edit), say "edited", then wait in the event loop until killed. The caller kills it with SIGKILL at once, well
before the 300 ms typing delay, and checks that the edit was saved anyway."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from wizard.ui.services import Services
from wizard.ui.session import WizardSession
from wizard.ui.wizard_window import WizardWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = WizardWindow(WizardSession(Services(), "en"))
    window.show()
    window.show_page("token")
    app.processEvents()
    edit = window.pages["token"].environment_edit
    QTest.keyClicks(edit, sys.argv[1])
    QTest.keyClick(edit, Qt.Key.Key_Return)
    print("edited", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
