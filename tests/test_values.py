"""Value classes behave as the frozen dataclasses they replace (equality, hash, order, repr)."""

from __future__ import annotations

import dataclasses
from dataclasses import FrozenInstanceError, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.periods import Month, Week
from tui.core.values import init_class, value_class


@value_class(order=True)
class Made:
    """A value class."""

    number: int
    text: str
    note: str = field(default="", compare=False)


@dataclasses.dataclass(frozen=True, order=True)
class Generated:
    """The same, as ``dataclasses`` makes it."""

    number: int
    text: str
    note: str = field(default="", compare=False)


@value_class
class One:
    only: int


@value_class
class NoFields:
    pass


values = st.tuples(st.integers(-3, 3), st.sampled_from(["", "a", "b", "ą"]), st.text(max_size=2))


@given(values, values)
def test_equality_hash_and_order_are_those_of_a_frozen_dataclass(
    a: tuple[int, str, str], b: tuple[int, str, str]
) -> None:
    made_a, made_b = Made(*a), Made(*b)
    gen_a, gen_b = Generated(*a), Generated(*b)
    assert (made_a == made_b) == (gen_a == gen_b)
    assert (made_a != made_b) == (gen_a != gen_b)
    assert (made_a < made_b) == (gen_a < gen_b)
    assert (made_a <= made_b) == (gen_a <= gen_b)
    assert (made_a > made_b) == (gen_a > gen_b)
    assert (made_a >= made_b) == (gen_a >= gen_b)
    if made_a == made_b:
        assert hash(made_a) == hash(made_b)
    assert repr(made_a) == repr(gen_a).replace("Generated", "Made")


def test_a_field_left_out_of_comparison_is_left_out() -> None:
    assert Made(1, "a", note="x") == Made(1, "a", note="y")
    assert hash(Made(1, "a", note="x")) == hash(Made(1, "a", note="y"))
    assert Made(1, "a") != Made(2, "a")


def test_objects_of_another_class_are_never_equal_nor_ordered() -> None:
    assert Made(1, "a") != Generated(1, "a")
    assert Week(2026, 11) != Month(2026, 11)
    assert len({Week(2026, 11), Month(2026, 11)}) == 2
    with pytest.raises(TypeError):
        _ = Week(2026, 11) < Month(2026, 12)  # type: ignore[operator]


def test_one_field_and_no_field() -> None:
    assert One(1) == One(1) and One(1) != One(2) and hash(One(3)) == hash(One(3))
    assert NoFields() == NoFields() and hash(NoFields()) == hash(NoFields())
    assert repr(One(1)) == "One(only=1)" and repr(NoFields()) == "NoFields()"


def test_still_frozen_and_replaceable() -> None:
    made = Made(1, "a")
    with pytest.raises(FrozenInstanceError):
        made.number = 2  # type: ignore[misc]
    assert dataclasses.replace(made, number=2) == Made(2, "a")
    assert Week(2026, 48) < Week(2026, 49) < Week(2027, 1)
    assert sorted([Week(2027, 1), Week(2026, 49)]) == [Week(2026, 49), Week(2027, 1)]


def test_a_class_with_its_own_equality_is_refused() -> None:
    with pytest.raises(TypeError, match="defines __eq__"):

        @value_class
        class Own:
            x: int

            def __eq__(self, other: object) -> bool:
                return True


@value_class(slots=True)
class WithDefaults:
    """Defaults, a factory and a field left out of comparison, in slots."""

    name: str
    tags: list[str] = field(default_factory=list)
    count: int = 0
    note: str = field(default="", compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class WithDefaultsGenerated:
    """The same, as ``dataclasses`` makes it."""

    name: str
    tags: list[str] = field(default_factory=list)
    count: int = 0
    note: str = field(default="", compare=False)


@value_class
class Checked:
    """A ``__post_init__`` that checks."""

    number: int

    def __post_init__(self) -> None:
        if self.number < 0:
            raise ValueError("negative")


def test_fields_defaults_factories_and_slots_as_dataclasses_make_them() -> None:
    made, generated = WithDefaults("a"), WithDefaultsGenerated("a")
    assert [f.name for f in dataclasses.fields(made)] == [
        f.name for f in dataclasses.fields(generated)
    ]
    assert dataclasses.asdict(made) == dataclasses.asdict(generated)
    assert made.tags == [] and made.tags is not WithDefaults("b").tags  # a new list each
    assert dataclasses.replace(made, count=2) == WithDefaults("a", [], 2)
    assert dataclasses.is_dataclass(made) and not hasattr(made, "__dict__")
    assert WithDefaults("a", note="x") == WithDefaults("a", note="y")
    assert repr(made) == repr(generated).replace("WithDefaultsGenerated", "WithDefaults")
    with pytest.raises(FrozenInstanceError):
        made.count = 3  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del made.count  # type: ignore[misc]
    with pytest.raises(TypeError):
        WithDefaults()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        WithDefaults("a", unknown=1)  # type: ignore[call-arg]


def test_post_init_runs_on_make_and_on_replace() -> None:
    assert Checked(1).number == 1
    with pytest.raises(ValueError, match="negative"):
        Checked(-1)
    with pytest.raises(ValueError, match="negative"):
        dataclasses.replace(Checked(1), number=-2)
    assert Checked.__match_args__ == ("number",)


@pytest.mark.parametrize("value", [WithDefaults("a", ["x"], 2, "n"), Made(1, "b", "c"), One(3)])
def test_copied_and_pickled_alike(value: object) -> None:
    import copy
    import pickle

    assert copy.copy(value) == value
    assert copy.deepcopy(value) == value
    assert pickle.loads(pickle.dumps(value)) == value


@init_class
class Said:
    """A plain class with an __init__ and a repr only."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        self.seen = True


def test_an_init_class_is_made_calls_post_init_and_compares_by_identity() -> None:
    said = Said("labas")
    assert (said.text, said.level, said.seen) == ("labas", 1, True)
    assert repr(said) == "Said(text='labas', level=1)"
    assert said != Said("labas") and said == said
    said.level = 2  # not frozen
    assert [f.name for f in dataclasses.fields(said)] == ["text", "level"]


def test_a_class_inheriting_fields_is_refused() -> None:
    with pytest.raises(TypeError, match="does not inherit fields"):

        @value_class
        class More(One):
            other: int
