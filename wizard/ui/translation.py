"""Qt's own texts (QWizard's Back/Next/Finish/Cancel, dialog buttons) in the wizard's language, switchable while
the wizard runs: one translator at a time, replaced on a switch."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from wizard.core.messages import Language, text

_installed: list[QTranslator] = []  # the one translator in use (kept referenced, or Qt would lose it)


def install_qt_translation(app: QCoreApplication, language: Language) -> QTranslator | None:
    """Use Qt's texts for `language` (the catalog names its locale and Qt's translation file; English needs none);
    the previous language's translator goes."""
    QLocale.setDefault(QLocale(text("ui.qt_locale", language)))
    while _installed:
        app.removeTranslator(_installed.pop())
    qt_file = text("ui.qt_translation", language)
    if not qt_file:
        return None
    translator = QTranslator(app)
    if not translator.load(qt_file, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        return None
    app.installTranslator(translator)
    _installed.append(translator)
    return translator
