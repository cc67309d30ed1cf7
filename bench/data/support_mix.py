"""Support e-mails as they arrive: a few paragraphs of prose, a signature, a quoted earlier reply.

The throughput set for privacy.detect that looks like a helpdesk's inbox, next to the dense generated
set (bench/data/pii_corpus.py), where every short message is packed with numbers. English and German,
some messages with personal data (one of pii_corpus's sentences, a phone in the signature, the
sender's address in the quote header), the rest only with the numbers support mail is full of (order
numbers, dates, versions, amounts). Deterministic for a seed. Its spans are incomplete (the quote
header's name and address are not labelled), so it measures speed, not precision or recall.
"""

from __future__ import annotations

import random

from bench.data.pii_corpus import FILLER, GREETING, LOCALES, SIGNATURE, Message, _fakers, _name_line, _positive, decoy

PROSE = {
    "en": [
        "Since this morning none of our agents can log in to the dashboard.",
        "The page loads for a while and then shows a blank screen without any error message.",
        "We cleared the browser cache and tried Chrome, Firefox and Edge, with the same result.",
        "I have attached the screenshots you asked for in your last reply.",
        "The problem started right after we switched our account to the new billing plan.",
        "Our finance team needs a corrected invoice before the end of the month.",
        "The export to CSV works, but the dates in the file are in the wrong time zone.",
        "Could you tell me whether this is a known issue and when a fix is planned?",
        "Two of my colleagues see the same thing, so it is not limited to my laptop.",
        "We rely on the weekly report for our management meeting on Monday mornings.",
        "Last week the sync ran fine, but since Thursday it stops halfway through.",
        "I would also like to know how to add a second administrator to our account.",
        "The notification e-mails arrive twice, sometimes with a delay of several hours.",
        "Please let me know if you need any more information from our side.",
        "We are happy with the product in general, this is the first problem we have had.",
        "The delivery was supposed to arrive on Tuesday, but the tracking page has not changed since.",
        "When I open the mobile app it asks me to update, and after the update it crashes on start.",
        "Our customers complain that the confirmation e-mail goes to their spam folder.",
        "I followed the steps in your help article, but the option it mentions is not in my menu.",
        "It would help us a lot if the search could also find archived tickets.",
    ],
    "de": [
        "Seit heute Morgen kann sich keiner unserer Mitarbeiter mehr im Dashboard anmelden.",
        "Die Seite lädt eine Weile und zeigt dann eine leere Fläche ohne Fehlermeldung.",
        "Wir haben den Browser-Cache geleert und Chrome, Firefox und Edge probiert, leider ohne Erfolg.",
        "Die gewünschten Screenshots habe ich Ihnen angehängt.",
        "Das Problem trat direkt nach der Umstellung auf den neuen Tarif auf.",
        "Unsere Buchhaltung braucht bis Monatsende eine korrigierte Rechnung.",
        "Der Export als CSV funktioniert, aber die Uhrzeiten in der Datei sind um eine Stunde verschoben.",
        "Können Sie mir sagen, ob das Problem bekannt ist und wann es behoben wird?",
        "Zwei Kollegen haben dasselbe Problem, es liegt also nicht an meinem Rechner.",
        "Wir brauchen den Wochenbericht jeden Montag für unsere Teambesprechung.",
        "Letzte Woche lief die Synchronisation noch, seit Donnerstag bricht sie in der Mitte ab.",
        "Außerdem würde ich gern wissen, wie ich einen zweiten Administrator hinzufüge.",
        "Die Benachrichtigungen kommen doppelt an, manchmal mit mehreren Stunden Verspätung.",
        "Bitte melden Sie sich, falls Sie noch weitere Informationen von uns brauchen.",
        "Grundsätzlich sind wir sehr zufrieden, das ist das erste Problem seit Vertragsbeginn.",
        "Die Lieferung sollte am Dienstag kommen, die Sendungsverfolgung zeigt seitdem keinen neuen Stand.",
        "Nach dem letzten Update stürzt die App auf meinem Handy direkt beim Start ab.",
        "Unsere Kunden beschweren sich, dass die Bestätigungsmail im Spam-Ordner landet.",
        "Ich habe die Schritte aus Ihrem Hilfeartikel befolgt, aber die Option fehlt in meinem Menü.",
        "Es wäre hilfreich, wenn die Suche auch archivierte Tickets finden würde.",
    ],
}
QUOTE_HEADER = {
    "en": "On {date}, {name} <{email}> wrote:",
    "de": "Am {date} schrieb {name} <{email}>:",
}
AGENT_REPLY = {
    "en": [
        "Thank you for contacting us.",
        "I am sorry for the trouble this causes.",
        "Our engineers are looking into it and I will update you as soon as I hear back.",
        "Could you send us the exact time the error occurred and the browser version you use?",
        "In the meantime you can use the desktop app, which is not affected.",
    ],
    "de": [
        "Vielen Dank für Ihre Nachricht.",
        "Es tut mir leid, dass es Probleme gibt.",
        "Unsere Technik prüft den Fall, ich melde mich, sobald ich Neues weiß.",
        "Können Sie uns den genauen Zeitpunkt des Fehlers und Ihre Browserversion schicken?",
        "Bis dahin können Sie die Desktop-App nutzen, die nicht betroffen ist.",
    ],
}
COMPANY_LINE = {
    "en": ["Acme Logistics Ltd.", "Head of Operations, Brightside Inc.", "Customer Success | Northwind"],
    "de": ["Müller & Söhne GmbH", "Leitung Einkauf, Berger AG", "Technischer Support | Kranich GmbH"],
}
PHONE_LINE = {"en": "Phone: {x}", "de": "Tel.: {x}"}


def _sentences(r: random.Random, lang: str) -> list[str]:
    """The message's prose in a random order, so no sentence is used twice in one message."""
    return r.sample(PROSE[lang] + FILLER[lang], len(PROSE[lang]) + len(FILLER[lang]))


def _paragraph(r: random.Random, sentences: list[str]) -> str:
    return " ".join(sentences.pop() for _ in range(min(len(sentences), r.randint(2, 5))))


def _body(msg: Message, r: random.Random, fk, locale: str, lang: str, sentences: list[str]) -> None:
    """Two to four paragraphs; about half the messages carry one piece of personal data in them."""
    paragraphs = r.randint(2, 4)
    with_pii = r.random() < 0.5
    for k in range(paragraphs):
        msg.add(_paragraph(r, sentences))
        if r.random() < 0.4:
            msg.add(" " + decoy(r, fk, lang))
        if with_pii and k == paragraphs // 2:
            msg.add(" ")
            _positive(msg, r, fk, locale, lang, r.choice(["payment_card", "iban", "email", "phone", "national_id"]))
        msg.add("\n\n")


def _signature(msg: Message, r: random.Random, fk, lang: str) -> None:
    _name_line(msg, r.choice(SIGNATURE[lang]), fk, r)
    if r.random() < 0.6:
        msg.add("\n" + r.choice(COMPANY_LINE[lang]))
    if r.random() < 0.3:
        msg.add("\n")
        msg.add_labelled(PHONE_LINE[lang], fk.phone_number(), "phone")


def _quote(msg: Message, r: random.Random, fk, lang: str, sentences: list[str]) -> None:
    """The agent's earlier reply, quoted with "> ", under a header naming its sender."""
    header = QUOTE_HEADER[lang].format(
        date=fk.date_time_between(start_date="-1y").strftime("%d.%m.%Y %H:%M" if lang == "de" else "%a, %d %b %Y"),
        name=fk.name(),
        email=fk.email(),
    )
    lines = [header, *r.sample(AGENT_REPLY[lang], r.randint(2, 4))]
    if r.random() < 0.5:
        lines.append(_paragraph(r, sentences))
    msg.add("\n\n" + "\n".join("> " + line for line in lines))


def _message(i: int, r: random.Random, fakers: dict) -> dict:
    locale = r.choice(LOCALES)
    fk = fakers[locale]
    lang = "de" if locale == "de_DE" or (locale not in ("en_US", "en_GB") and r.random() < 0.25) else "en"
    msg = Message(id=f"mix-{i:05d}")
    _name_line(msg, r.choice(GREETING[lang]), fk, r)
    msg.add("\n\n")
    sentences = _sentences(r, lang)
    _body(msg, r, fk, locale, lang, sentences)
    _signature(msg, r, fk, lang)
    if r.random() < 0.6:
        _quote(msg, r, fk, lang, sentences)
    return msg.as_dict()


def generate(n: int = 2000, seed: int = 7) -> list[dict]:
    """``n`` support e-mails as {"id", "text", "spans"}; the same for the same seed."""
    r = random.Random(seed)
    fakers = _fakers(seed)
    return [_message(i, r, fakers) for i in range(n)]
