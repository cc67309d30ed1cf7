"""Each built-in type: what it finds, per locale and format, and the look-alikes it leaves alone."""

import pytest

from tests.privacy.detect.helpers import values


@pytest.mark.parametrize(
    "value",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5155 9901 2345 6786",  # Mastercard 51-55
        "2223 0031 2200 3222",  # Mastercard 2-series
        "3782 822463 10005",  # Amex 4-6-5
        "6011 1111 1111 1117",  # Discover
        "3530 1113 3330 0000",  # JCB
        "4222222222222",  # 13-digit Visa
    ],
)
def test_it_finds_payment_cards_as_people_type_them(value):
    assert values(f"My card is {value}, thanks.", "payment_card") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "My card is 4111 1111 1111 1112.",  # Luhn fails
        "My card is 9111 1111 1111 1111.",  # no issuer starts with 9
        "My card is 41 11 11 11 11 11 11 11.",  # not grouped like a card
        "Bestellnummer 4111111111111111",
        "Order 4111 1111 1111 1111 was shipped.",
        "Tracking number 4111111111111111",
        "Rechnung 4111-1111-1111-1111",
        "Reference 41111111111111110000",  # Luhn-valid card inside a longer run
    ],
)
def test_it_does_not_flag_card_look_alikes(text):
    assert values(text, "payment_card") == []


@pytest.mark.parametrize(
    "value",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB29 NWBK 6016 1331 9268 19",
        "FR14 2004 1010 0505 0001 3M02 606",
        "ES91 2100 0418 4502 0005 1332",
        "IT60 X054 2811 1010 0000 0123 456",
        "NL91ABNA0417164300",
    ],
)
def test_it_finds_ibans(value):
    assert values(f"Bitte überweisen Sie auf {value}. Danke", "iban") == [value]


def test_it_ignores_ibans_with_a_bad_checksum():
    assert values("IBAN DE89 3704 0044 0532 0130 01 please", "iban") == []
    assert values("IBAN DE89 3704 0044 0532 0130 01 please", "phone") == []


def test_it_does_not_read_failed_as_the_start_of_an_iban():
    text = "Transfer from ES91 2100 0418 4502 0005 1332 failed yesterday."
    assert values(text, "iban") == ["ES91 2100 0418 4502 0005 1332"]


@pytest.mark.parametrize(
    "value",
    ["jane.doe@example.com", "Marta.Ruiz@Correo-Ejemplo.ES", "max+shop@firma.co.uk", "jürgen@müller.de"],
)
def test_it_finds_email_addresses(value):
    assert values(f"Write to <{value}>.", "email") == [value]


@pytest.mark.parametrize("text", ["@mention me", "user@localhost", "a@b", "foo@.com", "see @ 3 pm"])
def test_it_does_not_flag_things_that_are_not_addresses(text):
    assert values(text, "email") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Call me at (212) 736-5000.", "(212) 736-5000"),
        ("Call me at +1 650-253-0000.", "+1 650-253-0000"),
        ("Phone: 020 7946 0958", "020 7946 0958"),
        ("WhatsApp +44 7911 123456", "+44 7911 123456"),
        ("Rufen Sie mich unter 030 2345 6789 an.", "030 2345 6789"),
        ("Tel.: +49 (0)89 / 12 34 56 78", "+49 (0)89 / 12 34 56 78"),
        ("Handy 0171 2345678", "0171 2345678"),
        ("Mon numéro: 06 12 34 56 78", "06 12 34 56 78"),
        ("Mon numéro: 06.12.34.56.78", "06.12.34.56.78"),
        ("Teléfono 612 345 678", "612 345 678"),
        ("cellulare +39 347 123 4567", "+39 347 123 4567"),
        ("Bel me op +31 20 123 4567", "+31 20 123 4567"),
        ("Call 0044 20 7946 0958", "0044 20 7946 0958"),
        ("Office: 415.867.5309 ext. 204", "415.867.5309 ext. 204"),
    ],
)
def test_it_finds_phone_numbers_in_national_and_international_formats(text, value):
    assert values(text, "phone") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Order 0301234567 is late.",
        "Kundennummer 0301234567",
        "Ticket 2023-721149 is still open.",
        "It happened on 2024-03-12 10:22:33.",
        "Am 12.03.2024 um 10:30 Uhr",
        "I paid $1,299.00 on Monday.",
        "Steuer-ID 12 345 678 903",
        "Sendungsnummer 00340434161094015902",
        "version 10.0.19045.2965",
        "We have 12 users and 3 admins.",
        "12345678",  # a bare number without any cue
    ],
)
def test_it_does_not_flag_phone_look_alikes(text):
    assert values(text, "phone") == []


def test_a_bare_digit_run_needs_a_cue_to_be_a_phone():
    assert values("please use 2127365000 from now on", "phone") == []
    assert values("please call 2127365000", "phone") == ["2127365000"]


@pytest.mark.parametrize(
    ("text", "value", "hint"),
    [
        ("My SSN is 536-22-8412.", "536-22-8412", "us_ssn"),
        ("SSN 536228412", "536228412", "us_ssn"),
        ("NI number JG 10 37 02 A", "JG 10 37 02 A", "gb_nino"),
        ("National Insurance number: JG103702A", "JG103702A", "gb_nino"),
        ("Steuer-IdNr: 65929970489", "65929970489", "de_idnr"),
        ("NIR 2 69 02 99 341 732 85", "2 69 02 99 341 732 85", "fr_nir"),
        ("numéro de sécu 269029934173285", "269029934173285", "fr_nir"),
        ("DNI 47115814S", "47115814S", "es_dni"),
        ("NIE Y2345678Z", "Y2345678Z", "es_nie"),
        ("BSN 232262536", "232262536", "nl_bsn"),
        ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S", "it_cf"),
    ],
)
def test_it_finds_national_ids_with_their_scheme(text, value, hint):
    from privacy.detect import detect

    spans = [s for s in detect(text) if s.type == "national_id"]
    assert [(text[s.start : s.end], s.value_hint) for s in spans] == [(value, hint)]


@pytest.mark.parametrize(
    "text",
    [
        "Here it is: 232262536",  # BSN's 11-test is weak: needs "BSN"
        "Here it is: JG103702A",  # a NINO has no check digit: needs a cue
        "Steuer-ID 65929970488",  # check digit wrong
        "DNI 47115814T",  # check letter wrong
        "NIE Y2345678A",
        "codice fiscale RSSMRA85T10A562X",
        "Order 536-22-8412",
        "NIR 2 69 02 99 341 732 86",
    ],
)
def test_it_does_not_flag_national_id_look_alikes(text):
    assert values(text, "national_id") == []


@pytest.mark.parametrize(
    "value", ["203.0.113.77", "10.0.0.12", "2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "::1"]
)
def test_it_finds_ip_addresses(value):
    assert values(f"Requests came from {value} last night.", "ip_address") == [value]


@pytest.mark.parametrize(
    "text",
    ["app version 1.2.3.4", "Version 10.0.0.1 fixes it", "999.1.1.1", "at 12:30:45", "MAC 00:1A:2B:3C:4D:5E"],
)
def test_it_does_not_flag_versions_times_or_macs_as_ip_addresses(text):
    assert values(text, "ip_address") == []


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("password: hunter2", "hunter2"),
        ("My password is Summer2024!", "Summer2024!"),
        ("Mein Passwort ist Sommer2024", "Sommer2024"),
        ("das Kennwort lautet Frühling!2024", "Frühling!2024"),
        ("PIN 4711", "4711"),
        ("Meine Geheimzahl lautet 0815.", "0815"),
        ("API key: sk_test_4eC39HqLyjWDarjtT1zdp7dc", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        ("token=ab12cd34ef56ab12cd34ef56", "ab12cd34ef56ab12cd34ef56"),
        ("Zugangsdaten: max / S3cret!", "S3cret!"),
        ("passcode: 'correct horse'", "correct"),
        ("here: AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
    ],
)
def test_it_finds_secrets_after_a_cue_and_marks_only_the_secret(text, secret):
    assert values(text, "credential") == [secret]


@pytest.mark.parametrize(
    "text",
    [
        "I forgot my password.",
        "The password reset link does not work.",
        "Ich habe mein Passwort vergessen.",
        "Das Passwort zurücksetzen funktioniert nicht.",
        "The PIN is wrong.",
        "The token expired yesterday.",
        "password: ********",
        "My password is correct, I checked.",
        "Shopping spinning tokens",
    ],
)
def test_it_does_not_flag_talk_about_secrets(text):
    assert values(text, "credential") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Hi Anna,\nthanks!", ["Anna"]),
        ("Dear Mr Smith,\nplease see below.", ["Smith"]),
        ("Hallo Frau Müller,\nanbei die Rechnung.", ["Müller"]),
        ("Sehr geehrter Herr Dr. Weiß,", ["Weiß"]),
        ("Danke!\n\nMit freundlichen Grüßen\nJonas Weber", ["Jonas Weber"]),
        ("Thanks again.\n\nBest regards,\nJane Doe", ["Jane Doe"]),
        ("Thanks for the help. Best regards,\nSanne van der Berg", ["Sanne van der Berg"]),
        ("Hello, my name is Maria Garcia and I need help.", ["Maria Garcia"]),
        ("Guten Tag, mein Name ist Jonas Weber.", ["Jonas Weber"]),
    ],
)
def test_it_finds_names_in_greetings_signatures_and_introductions(text, names):
    assert values(text, "person_name") == names


@pytest.mark.parametrize(
    "text",
    [
        "Hi team,\nthe export is broken.",
        "Hallo zusammen,\nes geht nicht.",
        "Dear Sir or Madam,",
        "Sehr geehrte Damen und Herren,",
        "Best regards,\nThe Support Team",
        "Mit freundlichen Grüßen\nIhr Kundenservice",
        "Die Rechnung kommt von Frau Holle Versand GmbH morgen.",
        "This is Urgent: the app is down.",
    ],
)
def test_it_does_not_take_greeting_words_or_teams_for_names(text):
    assert values(text, "person_name") == []
