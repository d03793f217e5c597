"""Which connector types exist, and the connector instances the settings ask for.

Connector types come in through one door: ``ConnectorRegistry.register``. The built-in ones are
modules listed in ``BUILTIN_CONNECTORS``; connectors installed as separate packages declare a
module (or a ``module:Class``) in the entry-point group ``blankett.connectors``::

    # pyproject.toml of a connector package
    [project.entry-points."blankett.connectors"]
    acme = "acme_blankett.connector"

Both are loaded the same way. ``registry`` below is the process-wide default that ``@register``
fills; tests build their own ``ConnectorRegistry()`` and load into it what they need.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import re
from collections.abc import Iterable, Iterator, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from jsonschema import Draft202012Validator, SchemaError, ValidationError

from ..errors import ConfigurationError, ConnectorMisconfigured
from .base import Connector

if TYPE_CHECKING:
    from ..settings import Settings

BUILTIN_CONNECTORS = (
    "blankett_connectors.webhook",
    "blankett_connectors.filedrop",
    "blankett_connectors.email.connector",
    "blankett_connectors.earchive.connector",
    "blankett_connectors.inbox",
)
ENTRY_POINT_GROUP = "blankett.connectors"

# Type ids end up in settings files; instance names in outbox rows and audit actors (100 chars).
_TYPE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_INSTANCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_LEVELS = range(5)  # KLASSA consequence levels 0-4
_MARK = "__blankett_connector__"

ConnectorT = TypeVar("ConnectorT", bound=type[Connector[Any]])


class ConnectorRegistry:
    """Connector types by id. Registration checks everything it can, so a broken connector
    fails when the platform starts rather than when a case is delivered."""

    def __init__(self) -> None:
        self._types: dict[str, type[Connector[Any]]] = {}
        self._loaded_all = False

    def register(self, cls: ConnectorT) -> ConnectorT:
        """Class decorator: check ``cls`` and add it; a second type with the same id is refused.

        ::

            @registry.register
            class DemoConnector(Connector[DemoOptions]):
                id = "demo"
                ...
        """
        _check_connector_class(cls)
        existing = self._types.get(cls.id)
        if existing is not None and existing is not cls:
            raise ConfigurationError(
                f"Connector type id {cls.id!r} of {_qualname(cls)} is already taken by {_qualname(existing)}."
            )
        self._types[cls.id] = cls
        setattr(cls, _MARK, cls.id)  # lets load_module find it for other registries too
        return cls

    def get(self, type_id: str) -> type[Connector[Any]]:
        try:
            return self._types[type_id]
        except KeyError:
            known = ", ".join(sorted(self._types)) or "none"
            raise ConfigurationError(f"Unknown connector type {type_id!r} (known: {known}).") from None

    def __contains__(self, type_id: object) -> bool:
        return type_id in self._types

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._types))

    def load_module(self, module: str | ModuleType) -> None:
        """Import a module and register every connector class it declares with ``@register``."""
        if isinstance(module, str):
            module = importlib.import_module(module)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Connector)
                and value.__module__ == module.__name__
                and vars(value).get(_MARK) is not None
            ):
                self.register(value)

    def load_builtins(self) -> None:
        for path in BUILTIN_CONNECTORS:
            self.load_module(path)

    def load_entry_points(self, entry_points: Iterable[importlib.metadata.EntryPoint] | None = None) -> None:
        """Load the installed connector packages (or the given entry points, for tests)."""
        if entry_points is None:
            entry_points = importlib.metadata.entry_points(group=ENTRY_POINT_GROUP)
        for entry_point in entry_points:
            try:
                loaded = entry_point.load()
            except Exception as exc:
                raise ConfigurationError(
                    f"Connector package entry point {entry_point.name} = {entry_point.value!r} "
                    f"could not be loaded: {exc!r}"
                ) from exc
            if isinstance(loaded, ModuleType):
                self.load_module(loaded)
            elif inspect.isclass(loaded) and issubclass(loaded, Connector):
                self.register(loaded)
            else:
                raise ConfigurationError(
                    f"Connector package entry point {entry_point.name} = {entry_point.value!r} "
                    "names neither a module nor a Connector class."
                )

    def load_all(self) -> None:
        """Built-ins, then installed packages; once per registry."""
        if not self._loaded_all:
            self.load_builtins()
            self.load_entry_points()
            self._loaded_all = True

    def build(self, settings: Settings) -> dict[str, Connector[Any]]:
        """One connector object per ``[connectors.<name>]`` table, options validated.

        Every problem of every table is reported at once, each naming ``connectors.<name>``
        and the JSON pointer of the option.
        """
        built: dict[str, Connector[Any]] = {}
        for name, cls, options in self._checked(settings):
            try:
                built[name] = cls(name, options, settings)
            except ConnectorMisconfigured as exc:
                raise ConfigurationError(f"connectors.{name}: {exc}") from exc
        return built

    def types(self, settings: Settings) -> dict[str, type[Connector[Any]]]:
        """The connector type of each configured instance, options checked, nothing opened."""
        return {name: cls for name, cls, _ in self._checked(settings)}

    def _checked(self, settings: Settings) -> list[tuple[str, type[Connector[Any]], dict[str, Any]]]:
        planned: list[tuple[str, type[Connector[Any]], dict[str, Any]]] = []
        problems: list[str] = []
        for name, table in settings.connectors.items():
            where = f"connectors.{name}"
            try:
                cls, options = self._plan(name, table)
            except ConfigurationError as exc:
                problems.append(f"{where}: {exc}")
                continue
            problems.extend(f"{where}:{pointer}: {reason}" for pointer, reason in check_options(cls, options))
            planned.append((name, cls, options))
        if problems:
            raise ConfigurationError("Connector settings are invalid:\n" + "\n".join(problems))
        return planned

    def _plan(self, name: str, table: Mapping[str, Any]) -> tuple[type[Connector[Any]], dict[str, Any]]:
        if not _INSTANCE_NAME.match(name):
            raise ConfigurationError(
                "the name may hold letters, digits, '.', '_' and '-' (at most 64), "
                "starting with a letter or digit."
            )
        if not isinstance(table, Mapping):
            raise ConfigurationError("must be a table of options ([connectors.<name>]).")
        options = dict(table)
        type_id = options.pop("type", None)
        if not isinstance(type_id, str):
            raise ConfigurationError('say which connector type this is, e.g. type = "webhook".')
        return self.get(type_id), options


def check_options(cls: type[Connector[Any]], options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(json_pointer, reason)`` for each way ``options`` break ``cls.options_schema``."""
    validator = Draft202012Validator(cls.options_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(dict(options)), key=lambda e: list(map(str, e.absolute_path)))
    return [(_pointer(error) or "/", _reason(error)) for error in errors]


def _pointer(error: ValidationError) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path)


def _reason(error: ValidationError) -> str:
    # A secret's value must not end up in an error message (and so in a log or a terminal).
    if isinstance(error.schema, Mapping) and error.schema.get("writeOnly"):
        return f"the value (not shown: it is secret) fails {error.validator!s}"
    return str(error.message)


def _check_connector_class(cls: Any) -> None:
    if not (inspect.isclass(cls) and issubclass(cls, Connector)):
        raise ConfigurationError(f"{cls!r} is not a subclass of blankett.connectors.Connector.")
    name = _qualname(cls)
    type_id = getattr(cls, "id", None)
    if not isinstance(type_id, str) or not _TYPE_ID.match(type_id):
        raise ConfigurationError(
            f"{name}.id must be a lower-case name of at most 40 letters, digits, '_' or '-', not {type_id!r}."
        )
    if not isinstance(getattr(cls, "label", None), str) or not cls.label:
        raise ConfigurationError(f"{name}.label must be a short human name.")
    level = getattr(cls, "max_confidentiality", None)
    if not isinstance(level, int) or isinstance(level, bool) or level not in _LEVELS:
        raise ConfigurationError(
            f"{name}.max_confidentiality must be the highest KLASSA confidentiality level (0-4) it may carry."
        )
    schema = getattr(cls, "options_schema", None)
    if not isinstance(schema, dict):
        raise ConfigurationError(f"{name}.options_schema must be a JSON Schema (a dict).")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise ConfigurationError(
            f"{name}.options_schema is not a valid JSON Schema 2020-12: {exc.message}"
        ) from exc
    if cls.deliver is Connector.deliver:
        raise ConfigurationError(f"{name} must implement deliver().")


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


_default_registry = ConnectorRegistry()
registry = _default_registry
"""The process-wide default; tests may build their own ``ConnectorRegistry()`` instead."""


def register(cls: ConnectorT) -> ConnectorT:
    """Class decorator registering a connector type in the default ``registry``."""
    return _default_registry.register(cls)


def connector_types(
    settings: Settings, registry: ConnectorRegistry | None = None
) -> dict[str, type[Connector[Any]]]:
    """The type of each configured connector instance, its options checked; nothing is opened."""
    if registry is None:
        registry = _default_registry
        registry.load_all()
    return registry.types(settings)


def build_connectors(
    settings: Settings, registry: ConnectorRegistry | None = None
) -> dict[str, Connector[Any]]:
    """Connector instances for ``settings.connectors``, by instance name.

    Without ``registry`` the default one is used, loaded with the built-in connectors and the
    installed connector packages; a given registry is used as it is.
    """
    if registry is None:
        registry = _default_registry
        registry.load_all()
    return registry.build(settings)
