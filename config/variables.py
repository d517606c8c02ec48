"""Every environment variable of a settings class, with its default and description.

A plain field is one variable (its name upper-cased). A field holding a nested model
(each provider's :class:`config.providers.ProviderOptions`) is one variable per field
of that model, named ``FIELD_SUBFIELD``, whose description is the sub-field's template
filled with the words the field carries in ``json_schema_extra``. The configuration
reference, ``deckhand config check`` and the tests read the list from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class Variable:
    #: Lower-case; upper-cased it is the environment variable, as given it is a constructor argument.
    name: str
    default: Any
    description: str
    field: FieldInfo


def _nested_model(field: FieldInfo) -> type[BaseModel] | None:
    annotation = field.annotation
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def variables(cls: type[BaseModel]) -> list[Variable]:
    """The variables of ``cls`` in field order, nested models spelled out."""
    found = []
    for name, field in cls.model_fields.items():
        default = field.get_default(call_default_factory=True)
        nested = _nested_model(field)
        if nested is None:
            found.append(Variable(name, default, field.description or "", field))
            continue
        words = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        for sub_name, sub_field in nested.model_fields.items():
            description = (sub_field.description or "").format(**words)
            found.append(Variable(f"{name}_{sub_name}", getattr(default, sub_name), description, sub_field))
    return found


def variable_names(cls: type[BaseModel]) -> set[str]:
    """The upper-case environment variable names of ``cls``."""
    return {variable.name.upper() for variable in variables(cls)}
