"""Qt's own texts (QWizard's Back/Next/Finish/Cancel, dialog buttons) in the wizard's language, switchable while
the wizard runs: one translator at a time, replaced on a switch."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from wizard.core.messages import Language

_installed: list[QTranslator] = []  # the one translator in use (kept referenced, or Qt would lose it)


def install_qt_translation(app: QCoreApplication, language: Language) -> QTranslator | None:
    """Use Qt's `qtbase_<language>` texts (English needs none); the previous language's translator goes."""
    QLocale.setDefault(QLocale(QLocale.Language.Dutch if language == "nl" else QLocale.Language.English))
    while _installed:
        app.removeTranslator(_installed.pop())
    if language == "en":
        return None
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        return None
    app.installTranslator(translator)
    _installed.append(translator)
    return translator
