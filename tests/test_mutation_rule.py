"""The mutation sample's pass rule: fail only when the draw shows the scope below 90 %."""

from tests.mutation import clearly_below_target


def test_a_sample_fails_only_when_it_clearly_shows_fewer_than_ninety_percent() -> None:
    assert not clearly_below_target(40, 40)
    assert not clearly_below_target(36, 40)  # exactly 90 %
    assert not clearly_below_target(31, 40)  # unlucky draws from a 90 % scope happen
    assert clearly_below_target(30, 40)  # fewer than 1 % of draws from a 90 % scope
    assert clearly_below_target(0, 10)
    assert not clearly_below_target(0, 0)
