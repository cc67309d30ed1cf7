"""Made-up people and the personal data they write into conversations.

Everything is drawn from one `random.Random` and Faker instances seeded from it, so a seed gives
the same people every time. Card numbers are public test numbers; IBANs carry valid check digits.
"""

import random
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from faker import Faker
from stdnum import iban as stdnum_iban

# (Faker locale, phone region, message language, weight): the first customers are German-speaking teams.
LOCALES = (
    ("de_DE", "DE", "de", 45),
    ("de_AT", "AT", "de", 12),
    ("de_CH", "CH", "de", 10),
    ("en_GB", "GB", "en", 20),
    ("en_US", "US", "en", 13),
)
IBAN_LOCALE = {"de_DE": "de_DE", "de_AT": "de_AT", "de_CH": "de_CH", "en_GB": "en_GB", "en_US": "en_GB"}

# Public test card numbers (Luhn-valid, never issued to a person).
TEST_CARDS = (
    "4111 1111 1111 1111",
    "4242 4242 4242 4242",
    "4000 0566 5566 5556",
    "5555 5555 5555 4444",
    "5105 1051 0510 5100",
    "3782 822463 10005",
)
FREE_MAIL = {
    "de": ("web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com"),
    "en": ("gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com"),
}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _ascii(text: str) -> str:
    """Lower-case ASCII letters and digits only, as people spell their names in addresses."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_UMLAUTS))
    return "".join(ch for ch in text.encode("ascii", "ignore").decode() if ch.isalnum())


@dataclass
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str
    phone_national: str
    address: str
    language: str
    locale: str
    external_id: str
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Identities:
    """One seeded source of people, companies, order numbers, card numbers and IBANs."""

    def __init__(self, rng: random.Random, seed_label: str):
        self.rng = rng
        self.fakers = {}
        for locale, *_ in LOCALES:
            faker = Faker(locale)
            faker.seed_instance(f"{seed_label}:{locale}")
            self.fakers[locale] = faker
        self._emails: set[str] = set()

    def locale(self) -> tuple[str, str, str]:
        locales = [entry[:3] for entry in LOCALES]
        return self.rng.choices(locales, weights=[entry[3] for entry in LOCALES])[0]

    def person(self, *, domain: str = "") -> Person:
        locale, region, language = self.locale()
        faker = self.fakers[locale]
        first, last = faker.first_name(), faker.last_name()
        phone = self.phone(region)
        return Person(
            first_name=first,
            last_name=last,
            email=self._unique_email(first, last, domain or self.rng.choice(FREE_MAIL[language])),
            phone=phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
            phone_national=phonenumbers.format_number(phone, phonenumbers.PhoneNumberFormat.NATIONAL),
            address=faker.address(),
            language=language,
            locale=locale,
            external_id=f"KD-{self.rng.randint(10_000_000, 99_999_999)}",
        )

    def company(self) -> tuple[str, str]:
        locale, _, _ = self.locale()
        name = self.fakers[locale].company()
        slug = _ascii(name)[:20] or "firma"
        return name, f"{slug}.example"

    def phone(self, region: str) -> phonenumbers.PhoneNumber:
        """A number that phonenumbers accepts as valid for the region, built from its mobile pattern."""
        example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        digits = str(example.national_number)
        for _ in range(50):
            tail = "".join(str(self.rng.randint(0, 9)) for _ in range(len(digits) - 3))
            number = phonenumbers.parse(f"+{example.country_code}{digits[:3]}{tail}")
            if phonenumbers.is_valid_number(number):
                return number
        return example

    def order_number(self) -> str:
        return f"{self.rng.choice(('A', 'B', 'W'))}{self.rng.randint(100, 999)}-{self.rng.randint(100_000, 999_999)}"

    def card_number(self) -> str:
        return self.rng.choice(TEST_CARDS)

    def iban(self, locale: str) -> str:
        value = self.fakers[IBAN_LOCALE[locale]].iban()
        return stdnum_iban.format(value) if self.rng.random() < 0.7 else value

    def _unique_email(self, first: str, last: str, domain: str) -> str:
        first, last = _ascii(first) or "kunde", _ascii(last) or "kunde"
        local = self.rng.choice((f"{first}.{last}", f"{first[0]}.{last}", f"{first}{last}", f"{last}.{first}"))
        email, suffix = f"{local}@{domain}", 1
        while email in self._emails:
            suffix += 1
            email = f"{local}{suffix}@{domain}"
        self._emails.add(email)
        return email
