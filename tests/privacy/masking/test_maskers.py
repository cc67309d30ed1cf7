import pytest

from privacy.masking import maskers


@pytest.mark.parametrize(
    "classification,value,expected",
    [
        ("email", "jane.doe@example.com", "j•••@example.com"),
        ("email", "not-an-email", maskers.HIDDEN_TEXT),
        ("phone", "+49 30 1234567", "••• ••• 567"),
        ("phone", "12", maskers.HIDDEN_TEXT),
        ("payment_card", "4111-1111-1111-1234", "•••• •••• •••• 1234"),
        ("bank_account", "DE89 3704 0044 0532 0130 00", "DE••• 3000"),
        ("name", "Erika Mustermann", "Erika M."),
        ("name", "Erika von der Heide", "Erika H."),
        ("name", "Cher", "C•••"),
        ("national_id", "123-45-6789", "•••789"),
        ("external_id", "CRM-889123", "•••9123"),
        ("date_of_birth", "03.02.1979", "•••.1979"),
        ("address", "Hauptstraße 5, 10115 Berlin", "•••, 10115 Berlin"),
        ("ip_address", "203.0.113.7", "203.0.•.•"),
        ("credential", "hunter2", maskers.HIDDEN_TEXT),
    ],
)
def test_it_keeps_only_what_confirms_an_identity(classification, value, expected):
    assert maskers.partial(classification, value) == expected


def test_it_does_not_reveal_the_length_of_what_it_hides():
    short, long = maskers.partial("email", "a@x.io"), maskers.partial("email", "abcdefgh@x.io")
    assert len(short.split("@")[0]) == len(long.split("@")[0])
    assert len(maskers.partial("phone", "+1 555 0100")) == len(maskers.partial("phone", "+44 20 7946 0958 111"))
