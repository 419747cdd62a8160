"""Value classes: frozen dataclasses made without ``dataclasses`` writing code for each.

``@dataclass`` writes each method it adds as source text, for each class, and compiles it, at
every start: for a frozen class, ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``, ``__delattr__`` and, ordered, four comparisons. Ritmas's ~50 such classes spent
about 10 ms of every start on that (over a third of its own imports). :func:`value_class` makes
the same class: the same fields, described the same way in ``__dataclass_fields__`` (so
``dataclasses.fields``, ``replace`` and ``asdict`` work on it, and type checkers see a frozen
dataclass), with one ``__init__`` compiled for it; its equality, hash, order, repr and the
refusal to change a field are functions written once here, shared by every class. They compare
the same fields in the same order as the generated ones would, and only objects of one class
(``tests/test_values.py`` holds them to what ``dataclasses`` makes).

What it does not do (no class here needs it): inheritance between value classes, ``ClassVar``
or ``InitVar`` annotations, keyword-only fields.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_FIELD = dataclasses._FIELD  # type: ignore[attr-defined]  # marks a field in __dataclass_fields__

T = TypeVar("T")

_Key = Callable[[Any], tuple[Any, ...]]
_KEYS: dict[type, _Key] = {}  # per class: its compared fields' values, as a tuple


def _key(cls: type) -> _Key:
    """What a class's objects are compared and hashed by (made at the first comparison)."""
    key = _KEYS.get(cls)
    if key is None:
        names = [f.name for f in fields(cls) if f.compare]
        if len(names) > 1:
            key = attrgetter(*names)  # a tuple of them, in C
        elif names:
            one = attrgetter(names[0])
            key = lambda obj: (one(obj),)  # noqa: E731 - a closure over ``one``
        else:
            key = lambda obj: ()  # noqa: E731
        _KEYS[cls] = key
    return key


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = _key(self.__class__)
        return key(self) == key(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(_key(self.__class__)(self))


def _repr(self: Any) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
    return f"{self.__class__.__qualname__}({shown})"


def _lt(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = _key(self.__class__)
        return key(self) < key(other)
    return NotImplemented


def _le(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = _key(self.__class__)
        return key(self) <= key(other)
    return NotImplemented


def _gt(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = _key(self.__class__)
        return key(self) > key(other)
    return NotImplemented


def _ge(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        key = _key(self.__class__)
        return key(self) >= key(other)
    return NotImplemented


_METHODS: dict[str, Callable[..., Any]] = {"__eq__": _eq, "__hash__": _hash, "__repr__": _repr}
_ORDER: dict[str, Callable[..., Any]] = {"__lt__": _lt, "__le__": _le, "__gt__": _gt, "__ge__": _ge}


@overload
def value_class(cls: type[T], /) -> type[T]: ...


@overload
def value_class(*, order: bool = False, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def value_class(
    cls: type[T] | None = None, /, *, order: bool = False, slots: bool = False
) -> type[T] | Callable[[type[T]], type[T]]:
    """As ``@dataclass(frozen=True)`` (with ``order`` and ``slots`` as there); see the module
    docstring."""

    def make(cls: type[T]) -> type[T]:
        methods = {**_METHODS, **_FROZEN, **(_ORDER if order else {})}
        for name in methods:
            if name in cls.__dict__:
                raise TypeError(f"{cls.__qualname__} defines {name}: not a plain value class")
        return _made(cls, methods, slots)

    return make if cls is None else make(cls)


@dataclass_transform(field_specifiers=(field,))
def init_class(cls: type[T]) -> type[T]:
    """A plain (not frozen) dataclass with its ``__init__`` (one compiled function, calling
    ``__post_init__`` if the class has one) and a repr of its fields, no equality of its own:
    for messages, which are never compared (Textual's calls ``__post_init__`` to set itself up)."""
    if "__repr__" in cls.__dict__:
        raise TypeError(f"{cls.__qualname__} defines __repr__: not a plain init class")
    return _made(cls, {"__repr__": _repr}, slots=False)


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


_FROZEN: dict[str, Callable[..., Any]] = {
    "__setattr__": _frozen_setattr,
    "__delattr__": _frozen_delattr,
}
_HAS_FACTORY = object()  # an argument left out whose default a factory makes


def _slots_getstate(self: Any) -> list[Any]:
    return [getattr(self, spec.name) for spec in fields(self)]


def _slots_setstate(self: Any, state: list[Any]) -> None:
    for spec, value in zip(fields(self), state, strict=True):
        object.__setattr__(self, spec.name, value)


# Copying or pickling a frozen object with slots sets its fields one by one: as dataclasses does.
_SLOTS_STATE: dict[str, Callable[..., Any]] = {
    "__getstate__": _slots_getstate,
    "__setstate__": _slots_setstate,
}


def _made(cls: type[T], methods: dict[str, Callable[..., Any]], slots: bool) -> type[T]:
    """``cls`` as ``dataclasses`` makes a frozen dataclass of it (its fields, in the same
    ``__dataclass_fields__``, so ``fields``, ``replace`` and ``asdict`` work), with one
    ``__init__`` compiled and ``methods`` shared."""
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: a value class does not inherit fields")
    own = cls.__dict__
    made: dict[str, Field[Any]] = {}
    for name, annotation in own.get("__annotations__", {}).items():
        given = own.get(name, MISSING)
        spec: Field[Any] = given if isinstance(given, Field) else field(default=given)
        spec.name, spec.type = name, annotation
        spec._field_type = _FIELD  # type: ignore[attr-defined]  # a field, not a ClassVar
        made[name] = spec
    if slots:  # a new class, its fields in __slots__ (class attributes would clash with them)
        attributes = {k: v for k, v in own.items() if k not in made and k != "__dict__"}
        attributes.pop("__weakref__", None)
        attributes["__slots__"] = tuple(made)
        new: type[T] = type(cls.__name__, cls.__bases__, attributes)
        new.__qualname__ = cls.__qualname__
        cls = new
    else:
        for name, spec in made.items():
            if spec.default is not MISSING:
                setattr(cls, name, spec.default)  # as dataclasses leaves it, on the class
            elif name in own:
                delattr(cls, name)
    extra = {
        **methods,
        **(_SLOTS_STATE if slots else {}),
        "__dataclass_fields__": made,
        "__match_args__": tuple(made),
        "__init__": _init_of(cls, list(made.values())),
    }
    for name, value in extra.items():
        setattr(cls, name, value)
    return cls


def _init_of(cls: type, specs: list[Field[Any]]) -> Callable[..., None]:
    """The ``__init__`` of a frozen dataclass of ``specs``, compiled as one function."""
    names: dict[str, Any] = {"__set": object.__setattr__, "__HAS_FACTORY": _HAS_FACTORY}
    params, body = ["self"], []
    for spec in specs:
        name = spec.name
        if spec.default is not MISSING:
            names[f"__default_{name}"] = spec.default
            params.append(f"{name}=__default_{name}")
            body.append(f"  __set(self, {name!r}, {name})")
        elif spec.default_factory is not MISSING:
            names[f"__factory_{name}"] = spec.default_factory
            params.append(f"{name}=__HAS_FACTORY")
            made = f"__factory_{name}() if {name} is __HAS_FACTORY else {name}"
            body.append(f"  __set(self, {name!r}, {made})")
        else:
            params.append(name)
            body.append(f"  __set(self, {name!r}, {name})")
    if hasattr(cls, "__post_init__"):
        body.append("  self.__post_init__()")
    text = f"def __init__({', '.join(params)}):\n" + ("\n".join(body) or "  pass") + "\n"
    scope: dict[str, Any] = {}
    exec(compile(text, f"<{cls.__qualname__}.__init__>", "exec"), names, scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
