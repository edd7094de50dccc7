"""The article's content (steps, checklist, App connector settings, warnings) loaded from resources/content."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from wizard.core.messages import Language
from wizard.core.resources import resource_path


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    text: str
    detail: str
    menu_path: tuple[str, ...]
    tab: str


@dataclass(frozen=True)
class ConnectorSetting:
    id: str
    label: str  # AFAS's Dutch field label, as on screen
    english: str
    value: str  # exactly what to type or choose


class ArticleContent:
    """Typed access to one language's article file."""

    def __init__(self, raw: dict[str, Any], language: Language) -> None:
        self.raw = raw
        self.language = language

    def step(self, page: str) -> dict[str, Any]:
        return self.raw["steps"][page]

    def title(self, page: str, journey: str = "connect") -> str:
        """The page's title; a page that reads differently in a journey has its own (e.g. replacing)."""
        variant = self.step(page).get(journey)
        return variant["title"] if isinstance(variant, dict) and "title" in variant else self.step(page)["title"]

    def warning(self, key: str) -> str:
        return self.raw["warnings"][key]

    def step_warnings(self, page: str) -> list[str]:
        return [self.warning(key) for key in self.step(page).get("warnings", [])]

    def checklist(self) -> list[ChecklistItem]:
        return [
            ChecklistItem(i["id"], i["text"], i["detail"], tuple(i["menu_path"]), i["tab"])
            for i in self.step("preparation")["checklist"]
        ]

    def app_connector_settings(self) -> list[ConnectorSetting]:
        return [ConnectorSetting(**s) for s in self.step("app_connector")["settings"]]

    @staticmethod
    def menu_path(parts: list[str] | tuple[str, ...]) -> str:
        return " > ".join(parts)


@cache
def load_content(language: Language = "en") -> ArticleContent:
    with resource_path("content", f"article.{language}.json").open(encoding="utf-8") as fh:
        return ArticleContent(json.load(fh), language)


def checklist_ids() -> tuple[str, ...]:
    """Checklist item ids; the same in every language (a test keeps them in step)."""
    return tuple(item.id for item in load_content("en").checklist())
