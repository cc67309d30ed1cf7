"""Cheap realistic text: a pool of Faker names and sentences drawn once, then combined.

Faker costs tens of microseconds per sentence; 800k rows would spend minutes there. Combining a
few thousand pre-drawn pieces keeps the vocabulary varied enough for word search to be selective.
"""

import random
import unicodedata
from dataclasses import dataclass

from faker import Faker

LOCALES = ("de_DE", "en_GB", "en_US")
DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "shop.example", "firma.example")
TOPICS = (
    "invoice", "refund", "delivery", "password", "login", "subscription", "cancellation", "warranty",
    "shipping", "payment", "discount", "voucher", "return", "exchange", "account", "address",
)


@dataclass
class TextPool:
    rng: random.Random
    first_names: list[str]
    last_names: list[str]
    sentences: list[str]
    subjects: list[str]

    def name(self) -> tuple[str, str]:
        return self.rng.choice(self.first_names), self.rng.choice(self.last_names)

    def email(self, first: str, last: str, serial: int) -> str:
        """Unique by `serial`, so the email blind index has one true match per address."""
        return f"{_ascii(first)}.{_ascii(last)}{serial}@{self.rng.choice(DOMAINS)}"

    def subject(self) -> str:
        return f"{self.rng.choice(self.subjects)} ({self.rng.choice(TOPICS)})"

    def body(self) -> str:
        return " ".join(self.rng.sample(self.sentences, self.rng.randint(2, 5)))


def text_pool(*, seed: int, sentences: int = 3000, names: int = 1500) -> TextPool:
    faker = Faker(list(LOCALES))
    faker.seed_instance(seed)
    return TextPool(
        rng=random.Random(seed),
        first_names=[faker.first_name() for _ in range(names)],
        last_names=[faker.last_name() for _ in range(names)],
        sentences=[faker.sentence(nb_words=12) for _ in range(sentences)],
        subjects=[faker.sentence(nb_words=5).rstrip(".") for _ in range(sentences // 10)],
    )


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded if ch.isalnum()) or "x"
