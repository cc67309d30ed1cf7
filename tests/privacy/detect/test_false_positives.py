"""Business numbers that look like personal data must come out clean: none of these is personal data."""

import pytest

from privacy.detect import detect

NOT_PERSONAL = [
    "Order 4111111111111111 was shipped.",
    "Bestellnummer 4111111111111111",
    "Meine Bestellung 0301234567 ist nicht angekommen.",
    "Auftragsnummer: 65929970489",
    "Tracking number: 1Z999AA10123456784",
    "Tracking 1Z 999 AA1 01 2345 6784 arrived damaged",
    "USPS 9400 1000 0000 0000 0000 00",
    "USPS 9400100000000000000000",
    "DHL Sendungsnummer 00340434161094015902",
    "Sendungsnummer: JJD000390007880123456",
    "Invoice INV-2024-00981 is wrong.",
    "Rechnung Nr. RE-2024-0815 über 249,90 €",
    "Rechnungsnummer 5155990123456786 wurde doppelt bezahlt.",
    "invoice 2024-118823 shows the old price",
    "It happened at 2024-03-12T10:22:33Z.",
    "Last login 2024-03-12 10:22:33 from the app.",
    "on 03/12/2024 at 10:22",
    "Am 12.03.2024 um 10:30 Uhr",
    "timestamp 1712743200",
    "I'm on app version 4.18.2.",
    "Version 1.2.3.4 still has the bug.",
    "Windows build 10.0.19045.2965",
    "Chrome 124.0.6367.118",
    "Request id 123e4567-e89b-12d3-a456-426614174000",
    "I was charged $1,299.00 twice.",
    "Der Betrag von 1.299,00 € wurde doppelt abgebucht.",
    "EUR 1.234,56 und 12 345,00 €",
    "The IBAN DE89 3704 0044 0532 0130 01 on the invoice looks wrong.",
    "Die IBAN GB56ZHWX88868252912547 stimmt nicht.",
    "Reference 41111111111111110000",
    "ISBN 978-3-16-148410-0",
    "EAN 4006381333931, SKU 7312-55-001",
    "Customer number 232262536",
    "Kundennummer 4400123987",
    "Serial no. 36467010659",
    "Ticket 2023-721149 is still open.",
    "Mo-Fr 08:00-18:00, PLZ 80331",
    "We have 12 users on the team plan and 3 admins.",
    "commit 3f9a2c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_it_flags_nothing_in_business_numbers(text):
    assert [(s.type, text[s.start : s.end]) for s in detect(text)] == []
