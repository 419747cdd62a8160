"""Value classes: frozen dataclasses whose equality, hash, order and repr are written once.

``@dataclass`` writes each method it adds as source text, for each class, and compiles it, at
every start. Ritmas's ~50 frozen classes spent about 5 ms of every start (a sixth of its own
imports) compiling ``__eq__``, ``__hash__``, ``__repr__`` and the four comparisons.
:func:`value_class` makes the same frozen dataclass (its ``__init__`` and frozen ``__setattr__``
still made by ``dataclasses``) and gives it these methods from here, shared by every class: they
compare the same fields, in the same order, as the generated ones would, and only objects of one
class.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

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
    """``@dataclass(frozen=True)`` (with ``order``, ``slots`` as there), its equality, hash,
    repr and order from this module."""

    def make(cls: type[T]) -> type[T]:
        methods = {**_METHODS, **(_ORDER if order else {})}
        for name, method in methods.items():
            if name in cls.__dict__:
                raise TypeError(f"{cls.__qualname__} defines {name}: not a plain value class")
            setattr(cls, name, method)
        return dataclass(frozen=True, eq=False, repr=False, slots=slots)(cls)

    return make if cls is None else make(cls)
