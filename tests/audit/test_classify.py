import pytest

from audit.classify import classify


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("4111 1111 1111 1111", ["payment_card"]),
        ("4111-1111-1111-1112", ["number"]),
        ("DE89 3704 0044 0532 0130 00", ["bank_account"]),
        ("erika@example.de", ["email"]),
        ("+49 30 1234567", ["phone"]),
        ("Erika Mustermann", ["name"]),
        ("4711", ["number"]),
        ("refund order", []),
        ("", []),
        ("x" * 10_000, []),
    ],
)
def test_it_classifies_queries_by_their_shape(query, expected):
    assert classify(query) == expected
