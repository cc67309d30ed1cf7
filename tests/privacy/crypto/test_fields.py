import json

import pytest
from django import forms
from django.db import connection
from rest_framework import serializers

from privacy.crypto import UNAVAILABLE, envelope, is_unavailable, keyring
from privacy.crypto.exceptions import EncryptedFieldError
from privacy.crypto.fields import Sealed
from tests.privacy.crypto.testapp.models import Message, Person, SystemNote

pytestmark = pytest.mark.django_db


def _raw(model, pk, column):
    sql = f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [model._meta.pk.get_db_prep_value(pk, connection)])
        return bytes(cursor.fetchone()[0])


def _person(**kwargs):
    values = {"name": "Erika", "email": "Erika@Example.de", "phone": "030 1234567", "notes": "likes tea"}
    return Person.objects.create(**{**values, **kwargs})


def test_it_round_trips_every_field_type():
    person = _person(prefs={"lang": "de", "n": [1, 2]}, secret=b"\x00\xffkey")
    loaded = Person.objects.get(pk=person.pk)
    plain = (loaded.name, loaded.email, loaded.phone, loaded.notes)
    assert plain == ("Erika", "Erika@Example.de", "030 1234567", "likes tea")
    assert loaded.prefs == {"lang": "de", "n": [1, 2]}
    assert loaded.secret == b"\x00\xffkey"


def test_it_never_stores_plaintext_in_the_column():
    person = _person(notes="a very secret note")
    for column in ("name", "email", "phone", "notes", "prefs"):
        raw = _raw(Person, person.pk, column)
        assert raw[0] == envelope.VERSION
        assert b"Erika" not in raw and b"secret note" not in raw and b"lang" not in raw


def test_it_keeps_null_as_null():
    person = _person(notes=None)
    assert Person.objects.get(pk=person.pk).notes is None
    assert Person.objects.filter(notes__isnull=True).count() == 1


def test_it_encrypts_rows_made_by_bulk_create():
    people = Person.objects.bulk_create([Person(name=f"P{i}", email=f"p{i}@x.de") for i in range(5)])
    assert sorted(p.name for p in Person.objects.all()) == [f"P{i}" for i in range(5)]
    assert b"P1" not in _raw(Person, people[1].pk, "name")


def test_it_decrypts_lazily_on_first_access():
    person = _person()
    loaded = Person.objects.get(pk=person.pk)
    assert isinstance(loaded.__dict__["name"], Sealed)
    assert loaded.name == "Erika"
    assert loaded.__dict__["name"] == "Erika"


def test_it_fails_a_ciphertext_copied_to_another_row():
    first, second = _person(name="First"), _person(name="Second")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE crypto_tests_person SET name = %s WHERE id = %s",
            [_raw(Person, first.pk, "name"), Person._meta.pk.get_db_prep_value(second.pk, connection)],
        )
    assert is_unavailable(Person.objects.get(pk=second.pk).name)


def test_it_fails_a_ciphertext_copied_to_another_column(caplog):
    person = _person()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE crypto_tests_person SET phone = name WHERE id = %s",
            [Person._meta.pk.get_db_prep_value(person.pk, connection)],
        )
    loaded = Person.objects.get(pk=person.pk)
    assert loaded.phone is UNAVAILABLE
    assert loaded.name == "Erika"
    assert "failed to open" in caplog.text and "Erika" not in caplog.text


def test_it_shows_tampered_values_as_unavailable():
    person = _person()
    raw = bytearray(_raw(Person, person.pk, "name"))
    raw[-3] ^= 0xFF
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE crypto_tests_person SET name = %s WHERE id = %s",
            [bytes(raw), Person._meta.pk.get_db_prep_value(person.pk, connection)],
        )
    assert str(Person.objects.get(pk=person.pk).name) == "data unavailable"


def test_it_refuses_plaintext_through_queryset_update():
    person = _person()
    with pytest.raises(EncryptedFieldError, match="save"):
        Person.objects.filter(pk=person.pk).update(name="Plain")


def test_it_refuses_lookups_on_encrypted_values():
    with pytest.raises(EncryptedFieldError, match="blind"):
        Person.objects.filter(email="erika@example.de").count()


def test_it_reencrypts_when_a_row_is_copied_under_a_new_pk():
    original = Person.objects.get(pk=_person().pk)
    original.pk = None
    original.id = Person._meta.pk.get_default()
    original._state.adding = True
    original.save()
    assert Person.objects.get(pk=original.pk).name == "Erika"


def test_it_keeps_unread_values_untouched_on_save():
    person = _person()
    before = _raw(Person, person.pk, "notes")
    loaded = Person.objects.get(pk=person.pk)
    loaded.name = "Changed"
    loaded.save()
    assert _raw(Person, person.pk, "notes") == before
    assert Person.objects.get(pk=person.pk).name == "Changed"


def test_it_uses_the_subject_data_key():
    person = _person()
    message = Message.objects.create(person=person, subject="Hi", body="Body")
    dek_id, _ = keyring.dek_for_subject(str(person.pk))
    assert envelope.read_header(_raw(Message, message.pk, "body")).dek_id == dek_id
    system_dek, _ = keyring.dek_for_subject(None)
    note = SystemNote.objects.create(text="system")
    assert envelope.read_header(_raw(SystemNote, note.pk, "text")).dek_id == system_dek != dek_id


def test_it_supports_deferred_loading():
    person = _person()
    loaded = Person.objects.only("id").get(pk=person.pk)
    assert loaded.name == "Erika"


def test_it_validates_like_the_plain_field():
    class PersonForm(forms.ModelForm):
        class Meta:
            model = Person
            fields = ["name", "email", "notes", "prefs"]

    form = PersonForm(data={"name": "x" * 21, "email": "not-an-email", "notes": "", "prefs": "{}"})
    assert not form.is_valid()
    assert set(form.errors) == {"name", "email"}
    form = PersonForm(data={"name": "Max", "email": "max@example.de", "notes": "n", "prefs": '{"a": 1}'})
    assert form.is_valid(), form.errors
    saved = form.save()
    assert Person.objects.get(pk=saved.pk).prefs == {"a": 1}


def test_it_serializes_with_drf():
    class PersonSerializer(serializers.ModelSerializer):
        class Meta:
            model = Person
            fields = ["id", "name", "email", "prefs"]

    person = _person(prefs={"a": 1})
    data = PersonSerializer(Person.objects.get(pk=person.pk)).data
    assert (data["name"], data["email"], data["prefs"]) == ("Erika", "Erika@Example.de", {"a": 1})
    created = PersonSerializer(data={"name": "Neu", "email": "neu@example.de", "prefs": {}})
    assert created.is_valid(), created.errors
    assert Person.objects.get(pk=created.save().pk).name == "Neu"
    assert not PersonSerializer(data={"name": "x" * 21, "email": "bad"}).is_valid()


def test_it_shows_plaintext_in_admin_forms_and_lists(rf):
    from django.contrib.admin import AdminSite, ModelAdmin
    from django.contrib.admin.utils import display_for_field, lookup_field

    model_admin = ModelAdmin(Person, AdminSite())
    person = Person.objects.get(pk=_person().pk)
    form = model_admin.get_form(rf.get("/"), person, fields=["name", "email"])(instance=person)
    assert form.initial["name"] == "Erika"
    field, _, value = lookup_field("email", person, model_admin)
    assert display_for_field(value, field, "-") == "Erika@Example.de"


def test_it_dumps_json_with_plaintext_for_fixtures():
    person = _person(prefs={"a": 1})
    field = Person._meta.get_field("prefs")
    assert json.loads(json.dumps(field.value_from_object(Person.objects.get(pk=person.pk)))) == {"a": 1}


def test_it_round_trips_every_field_type_under_every_backend(kms):
    person = _person(prefs={"k": kms}, secret=b"\x01\x02")
    keyring.forget_keys()
    loaded = Person.objects.get(pk=person.pk)
    assert (loaded.name, loaded.email, loaded.notes, loaded.prefs, loaded.secret) == (
        "Erika", "Erika@Example.de", "likes tea", {"k": kms}, b"\x01\x02"
    )
