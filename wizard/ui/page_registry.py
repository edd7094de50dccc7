"""The window's pages, built when first needed: the Welcome page at start, every other page when Next, Back,
resume or a test first asks for it (or, right after the first paint, in the background one at a time). A page's
module is imported only then, so the first window is on screen before the rest of the wizard is loaded."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QWizard

from wizard.core.flow import PAGES
from wizard.ui.pages.base import WizardPageBase
from wizard.ui.session import WizardSession


def page_class(name: str) -> type[WizardPageBase]:
    """The class of page `name`, its module imported now (each import is written out, so packagers see it)."""
    if name == "welcome":
        from wizard.ui.pages.welcome import WelcomePage as Page
    elif name == "preparation":
        from wizard.ui.pages.preparation import PreparationPage as Page
    elif name == "app_connector":
        from wizard.ui.pages.app_connector import AppConnectorPage as Page
    elif name == "getconnectors":
        from wizard.ui.pages.getconnectors import GetConnectorsPage as Page
    elif name == "administrations":
        from wizard.ui.pages.administrations import AdministrationsPage as Page
    elif name == "updateconnectors":
        from wizard.ui.pages.updateconnectors import UpdateConnectorsPage as Page
    elif name == "new_token":
        from wizard.ui.pages.new_token import NewTokenPage as Page
    elif name == "token":
        from wizard.ui.pages.token import TokenPage as Page
    elif name == "submit":
        from wizard.ui.pages.submit import SubmitPage as Page
    elif name == "done":
        from wizard.ui.pages.done import DonePage as Page
    else:
        raise KeyError(f"unknown page {name!r}")
    return Page


class Pages(Mapping[str, WizardPageBase]):
    """Page name -> page, building (and registering with the wizard) a page the first time it is looked up."""

    def __init__(self, wizard: QWizard, session: WizardSession, on_built: Callable[[WizardPageBase], None]) -> None:
        self._wizard, self._session, self._on_built = wizard, session, on_built
        self._built: dict[str, WizardPageBase] = {}

    def __getitem__(self, name: str) -> WizardPageBase:
        page = self._built.get(name)
        if page is None:
            page = page_class(name)(self._session)
            self._built[name] = page
            self._wizard.setPage(PAGES.index(name), page)
            self._on_built(page)
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(PAGES)

    def __len__(self) -> int:
        return len(PAGES)

    def is_built(self, name: str) -> bool:
        return name in self._built

    def build_next_missing(self) -> bool:
        """Build one page not built yet (in the flow's order); False when every page is built."""
        missing = next((name for name in PAGES if name not in self._built), None)
        if missing is None:
            return False
        self[missing]
        return True

    def forget_all(self) -> None:
        """Drop every page (a language switch builds them again in the new language, as they are needed)."""
        built, self._built = self._built, {}
        for name, page in built.items():
            self._wizard.removePage(PAGES.index(name))
            page.deleteLater()
