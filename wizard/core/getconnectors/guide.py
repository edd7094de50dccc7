"""A step-by-step for creating one Finstack GetConnector by hand in AFAS Profit, for customers who cannot
import the .gcn file. Generated from the definition, so the guide can never drift from what Finstack reads.

Profit's menu, field and button names (Algemeen > Uitvoer > ..., Omschrijving, Naam, Voltooien) stay Dutch in
both languages: they are what the customer sees on screen in a Dutch Profit and what AFAS's help quotes.
"""

from __future__ import annotations

from wizard.core.getconnectors.definitions import ADMINISTRATIONS_CONNECTOR, ConnectorDefinition, FilterCriterion
from wizard.core.messages import Language, text

# A stored filter may name its operator by the REST operatortypes number; people read the symbol.
_OPERATOR_SYMBOLS = {
    "1": "=", "2": ">=", "3": "<=", "4": ">", "5": "<", "6": "*", "7": "!=", "8": "[]", "9": "![]",
    "10": "@", "11": "!*", "12": "!@", "13": "&", "14": "!&", "15": "Sf",
}


_TYPE_KEYS = {"int": "guide.type.int", "string": "guide.type.string", "decimal": "guide.type.decimal",
              "date": "guide.type.date", "boolean": "guide.type.boolean"}


def _type_name(data_type: str, language: Language) -> str:
    """AFAS's dataType in words; an unknown type as AFAS writes it."""
    return text(_TYPE_KEYS[data_type], language) if data_type in _TYPE_KEYS else data_type


def _criterion(criterion: FilterCriterion, language: Language) -> str:
    operator = _OPERATOR_SYMBOLS.get(criterion.operator, criterion.operator)
    return text("guide.filter_criterion", language, field=criterion.field, operator=operator, value=criterion.value)


def _steps(definition: ConnectorDefinition, language: Language) -> list[tuple[str, list[str]]]:
    """(step, sub-items) pairs in the order the customer works through Profit's GetConnector wizard."""
    code = text("guide.collection_code", language, code=definition.data_collection_code) \
        if definition.data_collection_code else ""
    collection_key = "guide.step.collection" if definition.standard_connector else "guide.step.collection_plain"
    steps: list[tuple[str, list[str]]] = [
        (text("guide.step.open", language), []),
        (text(collection_key, language, name=definition.data_collection_name, code=code,
              standard=definition.standard_connector), []),
        (text("guide.step.description", language, description=definition.description), []),
        (text("guide.step.external_name", language, external_name=definition.external_name), []),
        (text("guide.step.fields", language, count=len(definition.fields)),
         [text("guide.field", language, label=f.label_nl, alias=f.alias, type=_type_name(f.type, language))
          for f in definition.fields]),
    ]
    if definition.stored_filter:
        steps.append((text("guide.step.stored_filter", language),
                      [_criterion(c, language) for c in definition.stored_filter]))
    edit = definition.customer_edit
    if edit is not None and edit.kind == "filter_values":
        steps.append((text("guide.step.admin_filter", language, field=edit.field), []))
    elif not definition.stored_filter:
        # Say it outright: an empty filter is deliberate, not a step the customer forgot.
        steps.append((text("guide.step.no_filter", language, admin_connector=ADMINISTRATIONS_CONNECTOR), []))
    steps.append((text("guide.step.finish", language), []))
    steps.append((text("guide.step.app_connector", language, external_name=definition.external_name), []))
    return steps


def render_guide(definition: ConnectorDefinition, language: Language) -> str:
    """The hand-made creation guide for `definition` as plain text with numbered steps, in `language`."""
    lines = [
        text("guide.title", language, external_name=definition.external_name),
        "",
        text("guide.intro", language, file_name=definition.file_name),
        text("guide.purpose", language, purpose=definition.purpose_text(language)),
        "",
    ]
    for number, (step, items) in enumerate(_steps(definition, language), start=1):
        lines.append(f"{number}. {step}")
        lines.extend(f"   {number}.{index} {item}" for index, item in enumerate(items, start=1))
    return "\n".join(lines) + "\n"
