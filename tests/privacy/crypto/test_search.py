import math
from datetime import timedelta

import pytest

from privacy.crypto import keyring, lifecycle
from privacy.crypto.blind_index import bits_for
from privacy.crypto.normalizers import email, external_id, phone
from privacy.crypto.search import find_exact, search, token_search
from privacy.crypto.tokens import tokenize
from tests.privacy.crypto.testapp.models import Message, Person


@pytest.mark.parametrize("rows", [16, 100, 10_000, 200_000, 1_000_000, 10**9])
def test_it_chooses_bits_within_the_ciphersweet_bound(rows):
    coincidences = rows / 2 ** bits_for(rows)
    assert 2 <= coincidences < math.sqrt(rows)


def test_it_normalizes_emails_phones_and_ids(settings):
    settings.SEALDESK_PHONE_REGION = "DE"
    assert email("  Erika.M@Example.DE ") == "erika.m@example.de"
    assert phone("030 1234567") == phone("+49 (30) 123-4567") == "+49301234567"
    assert phone("call me 5") == "5"
    assert phone("0049-30-1234567") == "+49301234567"
    assert external_id("  ABC   12 ") == "abc 12"


def test_it_tokenizes_unicode_and_german_spellings():
    assert tokenize("Müller, MUELLER und Muller") == {"muller"}
    assert tokenize("Straße Strasse") == {"strasse"}
    assert tokenize("The refund of a TV is late") == {"refund", "tv", "late"}
    assert tokenize("Café crème") == {"cafe", "creme"}


@pytest.mark.django_db
def test_it_finds_a_person_by_exact_email_through_the_blind_index(django_assert_max_num_queries):
    erika = Person.objects.create(name="Erika", email="Erika@Example.de", phone="030 1234567")
    Person.objects.create(name="Max", email="max@example.de")
    assert Person._meta.get_field("email_index").bits == bits_for(200_000)
    with django_assert_max_num_queries(4):
        assert find_exact(Person.objects.all(), "email", " erika@EXAMPLE.de") == [erika]
    assert find_exact(Person.objects.all(), "phone_index", "+49 30 1234567") == [erika]
    assert find_exact(Person.objects.all(), "email", "nobody@example.de") == []


@pytest.mark.django_db
def test_it_drops_index_collisions_by_decrypting_candidates():
    erika = Person.objects.create(name="Erika", email="erika@example.de")
    Person.objects.bulk_create([Person(name="Twin", email="twin@example.de", email_index=erika.email_index)])
    assert find_exact(Person.objects.all(), "email", "erika@example.de") == [erika]


@pytest.mark.django_db
def test_it_refreshes_the_index_when_the_source_changes():
    person = Person.objects.create(name="Erika", email="old@example.de")
    person.email = "new@example.de"
    person.save()
    assert find_exact(Person.objects.all(), "email", "new@example.de") == [person]
    assert find_exact(Person.objects.all(), "email", "old@example.de") == []


@pytest.mark.django_db
def test_it_keeps_the_index_of_an_unreadable_value_on_save():
    person = Person.objects.create(name="Erika", email="erika@example.de")
    loaded = Person.objects.get(pk=person.pk)
    dek_id, _ = keyring.dek_for_subject(str(person.pk))
    lifecycle.key_revoke(key_id=str(dek_id), destroy_after=timedelta(days=1))
    loaded.save(update_fields=["email_index"])
    assert Person.objects.get(pk=person.pk).email_index == person.email_index


@pytest.mark.django_db
def test_it_searches_words_and_confirms_by_decrypting():
    person = Person.objects.create(name="Erika")
    hit = Message.objects.create(person=person, subject="Refund please", body="Order 4711 arrived broken")
    Message.objects.create(person=person, subject="Refund", body="Order 1234 never arrived")
    Message.objects.create(person=person, subject="Hello", body="nothing here")
    assert search(Message.objects.all(), "tokens", "refund broken") == [hit]
    assert search(Message.objects.all(), "tokens", "REFUND Broken!") == [hit]
    assert len(search(Message.objects.all(), "tokens", "order arrived")) == 2
    assert search(Message.objects.all(), "tokens", "the a") == []
    assert token_search(Message.objects.all(), "tokens", "refund").count() == 2


@pytest.mark.django_db
def test_it_stores_no_plain_words_in_the_token_index():
    message = Message.objects.create(person=Person.objects.create(name="E"), subject="Refund", body="broken")
    assert all(isinstance(v, int) and 0 <= v < 2**20 for v in Message.objects.get(pk=message.pk).tokens)
