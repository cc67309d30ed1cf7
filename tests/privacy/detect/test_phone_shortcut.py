"""phones._national builds a PhoneNumber without phonenumbers.parse(); it must agree with parse() everywhere."""

import random

import phonenumbers
import pytest

from privacy.detect.phones import _CALLING_CODE, _NO, _POSSIBLE, _VALID, _check, _plausible_in


def _by_parse(digits: str, region: str):
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return _NO, None
    if phonenumbers.is_valid_number(parsed):
        return _VALID, phonenumbers.region_code_for_number(parsed)
    if phonenumbers.is_possible_number(parsed):
        return _POSSIBLE, region
    return _NO, None


def _generated(region: str, rng: random.Random, count: int) -> list[str]:
    """Example numbers of every type in national format, and random digit strings the pre-filter lets through."""
    numbers = []
    for kind in phonenumbers.PhoneNumberType.values():
        example = phonenumbers.example_number_for_type(region, kind)
        if example is not None:
            national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
            numbers.append("".join(ch for ch in national if ch.isdigit()))
    while len(numbers) < count:
        digits = rng.choice("0123456789") + "".join(rng.choice("0123456789") for _ in range(rng.randint(5, 12)))
        if _plausible_in(region, digits):
            numbers.append(digits)
    return numbers


@pytest.mark.parametrize("region", sorted(_CALLING_CODE))
def test_it_agrees_with_phonenumbers_parse(region):
    rng = random.Random(region)
    for digits in _generated(region, rng, 3000):
        assert _check.__wrapped__(digits, region) == _by_parse(digits, region), (region, digits)
