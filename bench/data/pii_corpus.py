"""A deterministic, labelled evaluation set for privacy.detect: support messages in English and German.

Values come from Faker in seven locales, formatted the way people type them (spaces, dashes, dots,
brackets, international prefixes), placed in support-conversation sentences, and mixed with tricky
negatives: order, tracking, invoice and customer numbers, dates, timestamps, versions, UUIDs, amounts,
IBANs with a broken checksum, Luhn-valid digits inside longer runs, and talk *about* passwords.

This module must not import privacy.detect: values it needs to be valid (GB NINO, DE Steuer-IdNr,
US/NL phone numbers) are built here from the published rules, independently of the detector.
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass, field

from faker import Faker

LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL")
TYPES = ("payment_card", "iban", "email", "phone", "national_id", "ip_address", "credential", "person_name")


@dataclass
class Message:
    id: str
    parts: list[str] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def add_labelled(self, template: str, value: str, type_: str | None) -> None:
        """Append ``template`` with "{x}" replaced by ``value``; label the value unless type_ is None."""
        before, after = template.split("{x}", 1)
        self.add(before)
        if type_:
            self.spans.append({"start": self.length, "end": self.length + len(value), "type": type_})
        self.add(value)
        self.add(after)

    def as_dict(self) -> dict:
        return {"id": self.id, "text": "".join(self.parts), "spans": self.spans}


# ---------------------------------------------------------------- values


def _group(digits: str, sizes: list[int], sep: str) -> str:
    out, i = [], 0
    for size in sizes:
        out.append(digits[i : i + size])
        i += size
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(p for p in out if p)


def card(r: random.Random, fk: Faker) -> str:
    kind = r.choice(["visa16", "visa16", "mastercard", "mastercard", "amex", "discover", "jcb16", "diners", "visa13"])
    digits = fk.credit_card_number(kind)
    style = r.random()
    if style < 0.45:
        return digits
    sep = " " if style < 0.8 else "-"
    if kind == "amex":
        return _group(digits, [4, 6, 5], sep)
    return _group(digits, [4, 4, 4, 4, 4], sep)


def iban(r: random.Random, fk: Faker) -> str:
    value = fk.iban()
    return _group(value, [4] * 9, " ") if r.random() < 0.55 else value


def email(r: random.Random, fk: Faker) -> str:
    choice = r.random()
    if choice < 0.5:
        return fk.email()
    if choice < 0.75:
        return fk.free_email()
    first, last = _ascii(fk.first_name()), _ascii(fk.last_name())
    return f"{first}.{last}+{r.choice(['support', 'shop', 'news'])}@{fk.free_email_domain()}".lower()


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return "".join(c for c in plain if c.isalnum() or c == "-") or "x"


US_AREAS = ["212", "213", "305", "312", "404", "415", "503", "512", "617", "646", "702", "713", "718", "818", "917"]
NL_AREAS = ["20", "10", "70", "30", "40", "50", "43", "24"]
DE_MOBILE = ["151", "152", "157", "160", "170", "171", "172", "175", "176", "177", "178", "179"]


def _us_phone(r: random.Random) -> str:
    area, exch, line = (
        r.choice(US_AREAS),
        f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(1, 9)}",
        f"{r.randint(0, 9999):04d}",
    )
    return r.choice(
        [
            f"({area}) {exch}-{line}",
            f"{area}-{exch}-{line}",
            f"{area}.{exch}.{line}",
            f"+1 {area} {exch} {line}",
            f"1-{area}-{exch}-{line}",
            f"+1 ({area}) {exch}-{line}",
        ]
    ) + (f" ext. {r.randint(10, 999)}" if r.random() < 0.08 else "")


def _nl_phone(r: random.Random) -> str:
    if r.random() < 0.5:
        rest = f"{r.randint(10000000, 99999999)}"
        return r.choice(
            [f"06-{rest}", f"06 {rest[:4]} {rest[4:]}", f"+31 6 {rest}", f"+31 (0)6 {rest}", f"0031 6 {rest}"]
        )
    area, rest = r.choice(NL_AREAS), f"{r.randint(2000000, 9999999)}"
    return r.choice([f"0{area} {rest[:3]} {rest[3:]}", f"0{area}-{rest}", f"+31 {area} {rest[:3]} {rest[3:]}"])


def _de_mobile(r: random.Random) -> str:
    prefix, rest = r.choice(DE_MOBILE), f"{r.randint(1000000, 9999999)}"
    if prefix.startswith("15"):
        rest += str(r.randint(0, 9))
    return r.choice(
        [
            f"0{prefix} {rest}",
            f"0{prefix}/{rest}",
            f"+49 {prefix} {rest}",
            f"0049 {prefix} {rest}",
            f"0{prefix}-{rest[:3]} {rest[3:]}",
            f"+49 (0){prefix} {rest}",
        ]
    )


def phone(r: random.Random, fk: Faker, locale: str) -> str:
    if locale == "en_US":
        return _us_phone(r)
    if locale == "nl_NL":
        return _nl_phone(r)
    if locale == "de_DE" and r.random() < 0.4:
        return _de_mobile(r)
    return fk.phone_number()


def _nino(r: random.Random) -> str:
    while True:
        prefix = r.choice("ABCEGHJKLMNOPRSTWXYZ") + r.choice("ABCEGHJKLMNPRSTWXYZ")
        if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
            break
    digits, suffix = f"{r.randint(0, 999999):06d}", r.choice("ABCD")
    if r.random() < 0.5:
        return f"{prefix}{digits}{suffix}"
    return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"


def _idnr(r: random.Random) -> str:
    """A German Steuer-IdNr: 10 digits with exactly one repeated digit, then ISO 7064 MOD 11,10."""
    while True:
        chosen = r.sample(range(10), 9)
        body = [*chosen, r.choice(chosen)]
        r.shuffle(body)
        if body[0] != 0:
            break
    product = 10
    for d in body:
        total = (d + product) % 10 or 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    digits = "".join(map(str, body)) + str(check)
    return digits if r.random() < 0.6 else f"{digits[:2]} {digits[2:5]} {digits[5:8]} {digits[8:]}"


def national_id(r: random.Random, fk: Faker, locale: str) -> tuple[str, str]:
    """(value, scheme) for the locale's national id."""
    if locale == "en_US":
        value = fk.ssn()
        return (value if r.random() < 0.75 else value.replace("-", "")), "ssn"
    if locale == "en_GB":
        return _nino(r), "nino"
    if locale == "de_DE":
        return _idnr(r), "idnr"
    if locale == "fr_FR":
        v = fk.ssn()
        return (v if r.random() < 0.5 else f"{v[0]} {v[1:3]} {v[3:5]} {v[5:7]} {v[7:10]} {v[10:13]} {v[13:]}"), "nir"
    if locale == "es_ES":
        return (fk.nif(), "dni") if r.random() < 0.6 else (fk.nie(), "nie")
    if locale == "it_IT":
        return fk.ssn(), "cf"
    v = fk.ssn()
    return (v if r.random() < 0.7 else f"{v[:4]}.{v[4:6]}.{v[6:]}"), "bsn"


def ip(r: random.Random, fk: Faker) -> str:
    return r.choice([fk.ipv4_public, fk.ipv4_private, fk.ipv6, fk.ipv4_public])()


def secret(r: random.Random, fk: Faker) -> tuple[str, str]:
    """(value, kind): kind picks a template family (password, pin or key)."""
    choice = r.random()
    if choice < 0.45:
        return fk.password(length=r.randint(8, 14)), "password"
    if choice < 0.65:
        return f"{fk.word().capitalize()}{r.randint(1, 9999)}{r.choice(['', '!', '#', '?'])}".rstrip("?"), "password"
    if choice < 0.85:
        return f"{r.randint(0, 999999):0{r.choice([4, 4, 6])}d}", "pin"
    return "".join(r.choice(string.ascii_letters + string.digits) for _ in range(r.choice([24, 32, 40]))), "key"


# ---------------------------------------------------------------- sentences

EN = {
    "payment_card": [
        "My card number is {x}.",
        "Please charge {x} instead.",
        "I paid with my credit card {x} but the order failed.",
        "Card: {x}, exp 08/27",
        "Can you refund it to {x}?",
        "The payment on card {x} went through twice.",
        "I used {x} at checkout.",
        "Visa {x} was declined.",
    ],
    "iban": [
        "My IBAN is {x}.",
        "Please refund to {x}.",
        "Bank details: {x}",
        "Transfer from {x} failed yesterday.",
        "Send the refund to this account: {x}",
        "IBAN {x}, BIC as before.",
    ],
    "email": [
        "You can reach me at {x}.",
        "Please send the invoice to {x}",
        "My old address {x} no longer works.",
        "Reply to {x} please.",
        "{x} is my new email.",
        "CC my colleague ({x}) on this.",
    ],
    "phone": [
        "Call me at {x}.",
        "My number is {x}.",
        "Phone: {x}",
        "You can reach me on {x} after 5pm.",
        "I tried calling {x} but nobody answered.",
        "Mobile {x}",
        "Please text me on {x}.",
        "Please use {x} from now on.",
        "I'm at {x} all day today.",
    ],
    "ip_address": [
        "My IP address is {x}.",
        "The login came from {x}.",
        "Our server {x} refuses connections.",
        "Please whitelist {x} for the API.",
        "The log shows requests from {x} at night.",
    ],
    "person_name_intro": ["My name is {x} and I ordered last week.", "Hello, my name is {x}."],
}
DE = {
    "payment_card": [
        "Meine Kartennummer ist {x}.",
        "Bitte buchen Sie von {x} ab.",
        "Ich habe mit der Kreditkarte {x} bezahlt.",
        "Karte: {x}, gültig bis 08/27",
        "Die Zahlung mit {x} wurde doppelt abgebucht.",
        "Visa {x} wurde abgelehnt.",
    ],
    "iban": [
        "Meine IBAN lautet {x}.",
        "Bitte überweisen Sie auf {x}.",
        "Kontoverbindung: {x}",
        "Die Erstattung bitte an {x}.",
        "IBAN {x}, BIC wie gehabt.",
    ],
    "email": [
        "Schreiben Sie mir an {x}.",
        "Meine neue E-Mail ist {x}.",
        "Die Adresse {x} geht nicht mehr.",
        "Bitte antworten Sie an {x}.",
    ],
    "phone": [
        "Rufen Sie mich unter {x} an.",
        "Meine Handynummer: {x}",
        "Tel.: {x}",
        "Sie erreichen mich unter {x}.",
        "Bitte ab sofort {x} verwenden.",
        "Ich bin heute unter {x} erreichbar.",
        "Telefon {x}",
    ],
    "ip_address": [
        "Meine IP-Adresse ist {x}.",
        "Der Zugriff kam von {x}.",
        "Bitte schalten Sie {x} frei.",
    ],
    "person_name_intro": ["Mein Name ist {x}, ich habe letzte Woche bestellt.", "Guten Tag, mein Name ist {x}."],
}
NATIONAL_ID = {
    "ssn": ["My SSN is {x}.", "Social security number: {x}", "SSN {x}", "Here is my social security number {x}."],
    "nino": ["My NI number is {x}.", "National Insurance number: {x}", "NINO {x}", "my national insurance no is {x}"],
    "idnr": [
        "Meine Steuer-ID ist {x}.",
        "Steuer-IdNr: {x}",
        "Steueridentifikationsnummer {x}",
        "Here it is: {x}",
        "My German tax id is {x}.",
    ],
    "nir": [
        "Mon numéro de sécurité sociale: {x}",
        "NIR {x}",
        "My French social security number is {x}.",
        "Here it is: {x}",
    ],
    "dni": ["My DNI is {x}.", "DNI: {x}", "Here is my ID: {x}", "{x} is my document number."],
    "nie": ["My NIE is {x}.", "NIE {x}", "Número de NIE: {x}", "Here it is: {x}"],
    "cf": ["Il mio codice fiscale è {x}.", "Codice fiscale: {x}", "My codice fiscale is {x}.", "Here it is: {x}"],
    "bsn": ["My BSN is {x}.", "BSN: {x}", "Mijn burgerservicenummer is {x}.", "BSN-nummer {x}"],
}
CREDENTIAL = {
    "en": {
        "password": [
            "My password is {x}",
            "password: {x}",
            "The new password is {x} if you need to log in.",
            "login: jdoe / pw: {x}",
            "Try it with password {x} please",
        ],
        "pin": ["The PIN is {x}.", "PIN: {x}", "my pin code is {x}", "Use PIN {x} for the locker."],
        "key": ["API key: {x}", "Our token={x}", "Here is the api key {x} for the integration.", "secret: {x}"],
    },
    "de": {
        "password": [
            "Mein Passwort ist {x}",
            "Passwort: {x}",
            "Das Kennwort lautet {x}",
            "Zugangsdaten: max / {x}",
            "Kennwort: {x}",
        ],
        "pin": ["Die PIN ist {x}.", "PIN: {x}", "Meine Geheimzahl lautet {x}."],
        "key": ["API-Key: {x}", "Hier der Token: {x}", "API key {x}"],
    },
}
GREETING = {
    "en": ["Hi {first},", "Hello {first},", "Dear {title} {last},", "Hey {first}!", "Dear {first} {last},"],
    "de": [
        "Hallo {first},",
        "Hallo {titlede} {last},",
        "Sehr geehrter {titlede} {last},",
        "Liebe {first},",
        "Guten Tag {titlede} {last},",
        "Moin {first},",
    ],
}
SIGNATURE = {
    "en": [
        "Best regards,\n{name}",
        "Kind regards,\n{name}",
        "Thanks,\n{first}",
        "Cheers,\n{first}",
        "Regards\n{name}",
        "Many thanks,\n{name}",
    ],
    "de": [
        "Mit freundlichen Grüßen\n{name}",
        "Viele Grüße\n{name}",
        "Beste Grüße,\n{first}",
        "LG\n{first}",
        "Freundliche Grüße\n{name}",
        "Danke und Gruß\n{name}",
    ],
}
NEUTRAL_GREETING = {
    "en": ["Hi team,", "Hello there,", "Dear Sir or Madam,", "Hi all,", "Hello Support,", "Good morning,"],
    "de": ["Hallo zusammen,", "Sehr geehrte Damen und Herren,", "Liebes Support-Team,", "Hallo,", "Guten Tag,"],
}
NEUTRAL_SIGNATURE = {
    "en": ["Thanks in advance!", "Best regards", "Kind regards,\nThe Acme Support Team", "Sent from my iPhone"],
    "de": ["Vielen Dank im Voraus!", "Mit freundlichen Grüßen\nIhr Kundenservice", "Gesendet von meinem iPhone"],
}
FILLER = {
    "en": [
        "The app crashes when I upload a photo.",
        "Thanks for the quick help last week.",
        "I have been waiting for three days now.",
        "Could you please look into this today?",
        "The export button does nothing in Firefox.",
        "We have 12 users on the team plan.",
        "It worked fine until the update on Monday.",
        "I attached a screenshot of the error.",
        "My colleague has the same problem.",
        "Is there a way to change the delivery address?",
    ],
    "de": [
        "Die App stürzt ab, wenn ich ein Foto hochlade.",
        "Danke für die schnelle Hilfe letzte Woche.",
        "Ich warte seit drei Tagen auf eine Antwort.",
        "Können Sie sich das bitte heute noch ansehen?",
        "Der Export-Knopf tut in Firefox nichts.",
        "Wir haben 12 Nutzer im Team-Tarif.",
        "Bis zum Update am Montag lief alles.",
        "Ich habe einen Screenshot angehängt.",
        "Mein Kollege hat das gleiche Problem.",
        "Kann ich die Lieferadresse noch ändern?",
    ],
}


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _digits(r: random.Random, n: int) -> str:
    return str(r.randint(1, 9)) + "".join(str(r.randint(0, 9)) for _ in range(n - 1))


def _bad_iban(r: random.Random, fk: Faker) -> str:
    value = list(fk.iban())
    i = r.randrange(4, len(value))
    while not value[i].isdigit():
        i = r.randrange(4, len(value))
    value[i] = str((int(value[i]) + r.randint(1, 9)) % 10)
    text = "".join(value)
    return _group(text, [4] * 9, " ") if r.random() < 0.5 else text


def decoy(r: random.Random, fk: Faker, lang: str) -> str:
    """A sentence with something that looks like personal data and is not."""
    card_like = _luhn_complete("4" + _digits(r, 14))
    year = r.randint(2019, 2026)
    stamp = fk.date_time_between(start_date="-3y")
    en = [
        f"Order {_digits(r, r.randint(8, 12))} hasn't arrived.",
        f"My order number is {card_like}.",
        f"Order #{_digits(r, 10)} was cancelled.",
        f"Tracking number: 1Z{''.join(r.choice(string.ascii_uppercase + string.digits) for _ in range(16))}",
        f"USPS tracking {_group('9400' + _digits(r, 18), [4] * 6, ' ')}",
        f"Invoice INV-{year}-{r.randint(1, 99999):05d} is wrong.",
        f"invoice {year}-{r.randint(100000, 999999)} shows the old price.",
        f"It happened at {stamp.isoformat()}Z.",
        f"Last login {stamp:%Y-%m-%d %H:%M:%S} from the app.",
        f"on {stamp:%m/%d/%Y} at {stamp:%H:%M}",
        f"I'm on app version {r.randint(1, 12)}.{r.randint(0, 30)}.{r.randint(0, 99)}.",
        f"Version {r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)} still has the bug.",
        f"Windows build 10.0.{r.randint(10000, 22631)}.{r.randint(1000, 4000)}",
        f"Request id {fk.uuid4()}",
        f"I was charged ${r.randint(1, 9)},{r.randint(100, 999)}.{r.randint(0, 99):02d} twice.",
        f"The IBAN {_bad_iban(r, fk)} on the invoice looks wrong.",
        f"Reference {card_like}{_digits(r, 4)}",
        f"Customer number {_digits(r, 9)}",
        f"ISBN 978-3-{r.randint(10, 99)}-{r.randint(100000, 999999)}-{r.randint(0, 9)}",
        "I forgot my password.",
        "The password reset link does not work.",
        "The token expired yesterday.",
        f"Ticket {year}-{r.randint(100000, 999999)} is still open.",
        f"Serial no. {_digits(r, 11)}",
        f"Tracking: {_group('00340434' + _digits(r, 12), [4] * 5, ' ')}",
    ]
    de = [
        f"Bestellnummer {card_like}",
        f"Meine Bestellung {_digits(r, 10)} ist nicht angekommen.",
        f"Auftragsnummer: {_digits(r, 11)}",
        f"DHL Sendungsnummer {'00340434' + _digits(r, 12)}",
        f"Sendungsnummer: JJD{_digits(r, 18)}",
        f"Rechnung Nr. RE-{year}-{r.randint(1, 9999):04d} ist falsch.",
        f"Rechnungsnummer {_digits(r, 10)}",
        f"Am {stamp:%d.%m.%Y} um {stamp:%H:%M} Uhr ging es nicht.",
        f"Zeitstempel {stamp:%Y-%m-%d %H:%M:%S}",
        f"Ich nutze Version {r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(0, 9)}.",
        f"Der Betrag von {r.randint(1, 9)}.{r.randint(100, 999)},{r.randint(0, 99):02d} € wurde doppelt abgebucht.",
        f"Die IBAN {_bad_iban(r, fk)} auf der Rechnung stimmt nicht.",
        f"Kundennummer {_digits(r, 10)}",
        f"Fehler-ID {fk.uuid4()}",
        "Ich habe mein Passwort vergessen.",
        "Das Passwort zurücksetzen funktioniert nicht.",
        "Die PIN wurde gesperrt.",
        f"Vorgang {year}-{r.randint(100000, 999999)}",
        f"Artikelnummer {_digits(r, 8)}",
        f"Paketnummer {_digits(r, 12)}",
    ]
    return r.choice(en if lang == "en" else de)


# ---------------------------------------------------------------- messages


def _fakers(seed: int) -> dict[str, Faker]:
    fakers = {}
    for i, locale in enumerate(LOCALES):
        fk = Faker(locale)
        fk.seed_instance(seed * 100 + i)
        fakers[locale] = fk
    return fakers


def _positive(msg: Message, r: random.Random, fk: Faker, locale: str, lang: str, type_: str) -> None:
    table = EN if lang == "en" else DE
    if type_ == "payment_card":
        msg.add_labelled(r.choice(table["payment_card"]), card(r, fk), type_)
    elif type_ == "iban":
        msg.add_labelled(r.choice(table["iban"]), iban(r, fk), type_)
    elif type_ == "email":
        msg.add_labelled(r.choice(table["email"]), email(r, fk), type_)
    elif type_ == "phone":
        msg.add_labelled(r.choice(table["phone"]), phone(r, fk, locale), type_)
    elif type_ == "national_id":
        value, scheme = national_id(r, fk, locale)
        msg.add_labelled(r.choice(NATIONAL_ID[scheme]), value, type_)
    elif type_ == "ip_address":
        msg.add_labelled(r.choice(table["ip_address"]), ip(r, fk), type_)
    elif type_ == "credential":
        value, kind = secret(r, fk)
        msg.add_labelled(r.choice(CREDENTIAL[lang][kind]), value, type_)
    else:
        msg.add_labelled(r.choice(table["person_name_intro"]), f"{fk.first_name()} {fk.last_name()}", type_)


def _name_line(msg: Message, template: str, fk: Faker, r: random.Random) -> None:
    """Greeting or signature: label each name slot, never the title."""
    first, last = fk.first_name(), fk.last_name()
    values = {
        "first": first,
        "last": last,
        "name": f"{first} {last}",
        "title": r.choice(["Mr", "Mrs", "Ms", "Dr"]),
        "titlede": r.choice(["Frau", "Herr"]),
    }
    pos = 0
    # "{first} {last}" is one name, so merge adjacent name slots into one labelled span.
    template = template.replace("{first} {last}", "{name}")
    while "{" in template[pos:]:
        open_ = template.index("{", pos)
        close = template.index("}", open_)
        msg.add(template[pos:open_])
        key = template[open_ + 1 : close]
        msg.add_labelled("{x}", values[key], "person_name" if key in ("first", "last", "name") else None)
        pos = close + 1
    msg.add(template[pos:])


def _message(i: int, r: random.Random, fakers: dict[str, Faker]) -> dict:
    locale = r.choice(LOCALES)
    fk = fakers[locale]
    lang = "de" if locale == "de_DE" or (locale != "en_US" and locale != "en_GB" and r.random() < 0.25) else "en"
    msg = Message(id=f"gen-{i:05d}")
    greeting = r.random()
    if greeting < 0.3:
        _name_line(msg, r.choice(GREETING[lang]), fk, r)
        msg.add("\n")
    elif greeting < 0.55:
        msg.add(r.choice(NEUTRAL_GREETING[lang]) + "\n")
    body: list = [("pii", r.choice(TYPES[:7])) for _ in range(r.choice([1, 1, 2]))]
    body += [("decoy", None) for _ in range(r.choice([1, 1, 2]))]
    body += [("filler", None) for _ in range(r.choice([0, 1, 2]))]
    if r.random() < 0.06:
        body.append(("pii", "person_name"))
    r.shuffle(body)
    for k, (kind, type_) in enumerate(body):
        if k:
            msg.add(" ")
        if kind == "pii":
            _positive(msg, r, fk, locale, lang, type_)
        elif kind == "decoy":
            msg.add(decoy(r, fk, lang))
        else:
            msg.add(r.choice(FILLER[lang]))
    closing = r.random()
    if closing < 0.35:
        msg.add("\n\n")
        _name_line(msg, r.choice(SIGNATURE[lang]), fk, r)
    elif closing < 0.6:
        msg.add("\n\n" + r.choice(NEUTRAL_SIGNATURE[lang]))
    return msg.as_dict()


def generate(n: int = 5000, seed: int = 7) -> list[dict]:
    """``n`` messages as {"id", "text", "spans": [{"start", "end", "type"}]}; the same for the same seed."""
    r = random.Random(seed)
    fakers = _fakers(seed)
    return [_message(i, r, fakers) for i in range(n)]
