"""Bench data for bench_crypto: customers, tickets and comments written through the real
encrypted fields, with the customers' data keys created in bulk first."""

import random
import uuid

from privacy.crypto import keyring

VOCABULARY_SIZE = 5_000
SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sta", "ber", "tin", "gal", "dor", "fe", "wu", "zen", "pra", "qui"]


def vocabulary(seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    words = set()
    while len(words) < VOCABULARY_SIZE:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def text(rng: random.Random, words: list[str], length: int) -> str:
    """Zipf-like: a few words are common, most are rare, as in real support mail."""
    return " ".join(words[min(int(rng.paretovariate(1.1)) - 1, len(words) - 1)] for _ in range(length))


def deks_create(subjects: list[str]) -> None:
    """Each customer's DEK, made in bulk (one INSERT per 2,000) and kept in the key cache."""
    for start in range(0, len(subjects), 2000):
        keyring.deks_for_subjects(set(subjects[start:start + 2000]))


def build(*, customers: int, tickets: int, comments: int, log) -> None:
    from helpdesk.models import Comment, Customer, Ticket

    rng, words = random.Random(42), vocabulary()
    ids = [uuid.uuid4() for _ in range(customers)]
    deks_create([str(pk) for pk in ids])
    for start in range(0, customers, 2000):
        Customer.objects.bulk_create(
            Customer(id=pk, name=f"Customer {i}", email=f"customer{i}@example.com", phone=f"+4930{i:08d}")
            for i, pk in enumerate(ids[start:start + 2000], start)
        )
    log(f"  {customers:,} customers")
    per_ticket = max(comments // tickets, 1)
    for start in range(0, tickets, 1000):
        batch = [
            Ticket(number=i + 1, subject=text(rng, words, 6), channel="email", requester_id=rng.choice(ids))
            for i in range(start, min(start + 1000, tickets))
        ]
        Ticket.objects.bulk_create(batch)
        Comment.objects.bulk_create(
            Comment(ticket=ticket, body=text(rng, words, rng.randint(10, 40)))
            for ticket in batch
            for _ in range(per_ticket)
        )
        if start % 20_000 == 0:
            log(f"  {start + len(batch):,} tickets")
