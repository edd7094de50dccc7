"""The window's pages, built when first needed: the Welcome page at start, every other page when a move first shows
it (the largest, GetConnectors, takes some 40 ms here; building them all up front froze the window for as long
right after the first paint). Page `name` lives in wizard/ui/pages/<name>.py (the flow declares the names): adding a
page is that module and one entry in the flow."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from PySide6.QtWidgets import QWizard

from wizard.app.flow import PAGES
from wizard.ui.context import WindowContext
from wizard.ui.pages.base import WizardPageBase


def page_class(name: str) -> type[WizardPageBase]:
    """The class of page `name`: the WizardPageBase in wizard/ui/pages/<name>.py whose page_name is `name`."""
    if name not in PAGES:
        raise KeyError(f"unknown page {name!r}")
    module = importlib.import_module(f"wizard.ui.pages.{name}")
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, WizardPageBase) and value.page_name == name:
            return value
    raise KeyError(f"wizard/ui/pages/{name}.py has no page named {name!r}")


class Pages(Mapping[str, WizardPageBase]):
    """Page name -> page, building (and registering with the wizard) a page the first time it is looked up."""

    def __init__(self, wizard: QWizard, ctx: WindowContext, on_built: Callable[[WizardPageBase], None]) -> None:
        self._wizard, self._ctx, self._on_built = wizard, ctx, on_built
        self._built: dict[str, WizardPageBase] = {}

    def __getitem__(self, name: str) -> WizardPageBase:
        page = self._built.get(name)
        if page is None:
            page = page_class(name)(self._ctx)
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

    def forget_all(self) -> None:
        """Drop every page (a language switch builds them again in the new language, as they are needed)."""
        built, self._built = self._built, {}
        for name, page in built.items():
            self._wizard.removePage(PAGES.index(name))
            page.deleteLater()
