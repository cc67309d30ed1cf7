"""What demo conversations say, in German and English, by topic.

Each message is a template whose placeholders are filled with the personal data of the ticket's
customer (name, email, phone, address, order number, now and then a card number or an IBAN),
because that is what real conversations carry and what the privacy features must cope with.
"""

TOPICS = {
    "delivery": {
        "weight": 22,
        "tags": ["shipping"],
        "area": "shipping",
        "de": {
            "subject": ["Bestellung {order} nicht angekommen", "Wo bleibt meine Bestellung {order}?"],
            "open": [
                "meine Bestellung {order} vom {date} ist immer noch nicht da. Laut Sendungsverfolgung liegt sie "
                "seit Tagen im Verteilzentrum. Die Lieferadresse ist:\n\n{address}\n\n"
                "Sie erreichen mich unter {phone_national}.",
                "ich warte seit über einer Woche auf die Bestellung {order}. Können Sie bitte nachsehen, "
                "wo das Paket ist? Bitte schicken Sie die Antwort an {email}.",
            ],
            "reply": [
                "danke für Ihre Geduld. Ich habe beim Versanddienstleister nachgefragt: das Paket mit der "
                "Sendungsnummer {tracking} wird morgen zugestellt.",
                "es tut mir leid, dass Ihre Bestellung {order} auf sich warten lässt. Ich habe einen "
                "Nachforschungsauftrag gestartet und melde mich spätestens übermorgen.",
            ],
            "follow": [
                "das Paket ist leider immer noch nicht da. Ich bin tagsüber unter {phone_national} erreichbar.",
                "danke, ich bin gespannt. Falls der Bote klingelt und niemand da ist: bitte beim Nachbarn abgeben.",
            ],
            "note": [
                "Sendung {tracking} hängt im Hub fest. Kundin/Kunde hat zweimal angerufen ({phone_national}).",
                "Ersatzlieferung freigegeben, falls bis Freitag nichts ankommt. Adresse im ERP geprüft.",
            ],
            "close": ["das Paket wurde laut {carrier} heute zugestellt. Ich schließe die Anfrage."],
        },
        "en": {
            "subject": ["Order {order} has not arrived", "Where is my order {order}?"],
            "open": [
                "my order {order} from {date} still hasn't arrived. Tracking says it has been at the depot for days. "
                "The delivery address is:\n\n{address}\n\nYou can reach me on {phone_national}.",
                "I've been waiting over a week for order {order}. Could you check where the parcel is? "
                "Please reply to {email}.",
            ],
            "reply": [
                "thanks for your patience. I checked with the carrier: parcel {tracking} is out for delivery tomorrow.",
                "I'm sorry order {order} is taking so long. I've opened a trace with the carrier and will update you "
                "within two days.",
            ],
            "follow": [
                "Still nothing, I'm afraid. I'm home most days, or call me on {phone_national}.",
                "Thanks. If nobody is in, the neighbours at number 12 can take it.",
            ],
            "note": [
                "Parcel {tracking} stuck at the hub. Customer called twice ({phone_national}).",
                "Replacement approved if nothing arrives by Friday. Address checked against the ERP.",
            ],
            "close": ["{carrier} confirms delivery today, so I'm closing this request."],
        },
    },
    "address_change": {
        "weight": 12,
        "tags": ["address-change"],
        "area": "shipping",
        "de": {
            "subject": ["Lieferadresse ändern für {order}", "Umzug – neue Adresse"],
            "open": [
                "ich bin umgezogen. Bitte ändern Sie die Lieferadresse für die Bestellung {order} auf:\n\n"
                "{new_address}\n\nDie alte Adresse war:\n{address}",
            ],
            "reply": ["ich habe die Adresse für {order} geändert. Die Bestellung geht an die neue Anschrift."],
            "follow": ["vielen Dank! Bitte auch die Rechnungsadresse ändern, gleiche Anschrift."],
            "note": ["Adresse im Kundenkonto {external_id} angepasst, Rechnungsadresse noch alt."],
            "close": ["Liefer- und Rechnungsadresse sind jetzt aktualisiert."],
        },
        "en": {
            "subject": ["Change delivery address for {order}", "I have moved – new address"],
            "open": [
                "I've moved house. Please send order {order} to:\n\n{new_address}\n\nThe old address was:\n{address}",
            ],
            "reply": ["I've updated the address on {order}; it will go to your new home."],
            "follow": ["Thank you! Could you change the billing address too? Same address."],
            "note": ["Address changed on account {external_id}; billing address still old."],
            "close": ["Delivery and billing address are both updated now."],
        },
    },
    "refund": {
        "weight": 18,
        "tags": ["refund", "billing"],
        "area": "billing",
        "de": {
            "subject": ["Rückerstattung für {order}", "Retoure {order} – wann kommt mein Geld?"],
            "open": [
                "ich habe die Bestellung {order} am {date} zurückgeschickt, aber noch keine Erstattung über "
                "{amount} € erhalten. Bitte überweisen Sie den Betrag auf mein Konto:\n\nIBAN: {iban}\n"
                "Kontoinhaber: {name}",
                "die Retoure zu {order} ist laut Sendungsverfolgung bei Ihnen angekommen. Wann bekomme ich die "
                "{amount} € zurück?",
            ],
            "reply": [
                "die Retoure ist eingegangen. Die Erstattung über {amount} € wird in 3–5 Werktagen auf das Konto "
                "{iban} überwiesen.",
                "vielen Dank für die Rücksendung. Für die Erstattung benötige ich noch Ihre IBAN.",
            ],
            "follow": [
                "hier ist meine IBAN: {iban} (Kontoinhaber {name}).",
                "der Betrag ist noch nicht auf meinem Konto. Meine IBAN lautet {iban}.",
            ],
            "note": [
                "Erstattung {amount} € an {iban} angewiesen. Beleg im Buchhaltungssystem.",
                "Retoure geprüft, Ware unbeschädigt. Erstattung freigegeben.",
            ],
            "close": ["die Erstattung über {amount} € ist heute überwiesen worden."],
        },
        "en": {
            "subject": ["Refund for {order}", "Return {order} – when do I get my money back?"],
            "open": [
                "I returned order {order} on {date} but haven't received the refund of £{amount} yet. Please pay it "
                "into my account:\n\nIBAN: {iban}\nAccount holder: {name}",
                "Tracking shows my return for {order} reached you. When will I get the £{amount} back?",
            ],
            "reply": [
                "your return has arrived. The refund of £{amount} will reach account {iban} within 3–5 working days.",
                "thanks for sending the item back. To issue the refund I need your IBAN.",
            ],
            "follow": ["Here is my IBAN: {iban} (account holder {name}).", "Still no money. My IBAN is {iban}."],
            "note": ["Refund £{amount} sent to {iban}. Receipt in the accounting system.", "Return checked: unused."],
            "close": ["The refund of £{amount} was paid today."],
        },
    },
    "double_charge": {
        "weight": 8,
        "tags": ["payment", "billing"],
        "area": "billing",
        "de": {
            "subject": ["Zweimal abgebucht!", "Doppelte Belastung meiner Kreditkarte"],
            "open": [
                "für die Bestellung {order} wurde meine Kreditkarte {card} zweimal mit {amount} € belastet. "
                "Bitte buchen Sie den doppelten Betrag zurück.",
            ],
            "reply": [
                "bitte schicken Sie uns niemals die vollständige Kartennummer per E-Mail. Ich habe die doppelte "
                "Belastung gefunden und storniert.",
            ],
            "follow": ["danke! Gültig bis 09/27, falls Sie das brauchen. Meine Telefonnummer: {phone_national}."],
            "note": ["Kunde hat die volle Kartennummer ({card}) geschickt – bitte nicht in Notizen kopieren."],
            "close": ["die Rückbuchung über {amount} € ist veranlasst."],
        },
        "en": {
            "subject": ["Charged twice!", "Double charge on my credit card"],
            "open": [
                "for order {order} my card {card} was charged £{amount} twice. Please refund the duplicate.",
            ],
            "reply": [
                "please never email us your full card number. I found the duplicate charge and cancelled it.",
            ],
            "follow": ["Thanks! Expiry is 09/27 if you need it. My phone: {phone_national}."],
            "note": ["Customer sent the full card number ({card}) – do not copy it into notes."],
            "close": ["The duplicate charge of £{amount} has been reversed."],
        },
    },
    "account_access": {
        "weight": 14,
        "tags": ["account"],
        "area": "account",
        "de": {
            "subject": ["Kann mich nicht einloggen", "Passwort zurücksetzen funktioniert nicht"],
            "open": [
                "ich komme nicht mehr in mein Kundenkonto ({email}). Die E-Mail zum Zurücksetzen kommt nicht an. "
                "Kundennummer {external_id}.",
            ],
            "reply": ["ich habe Ihr Konto {email} entsperrt und einen neuen Link zum Zurücksetzen geschickt."],
            "follow": ["hat geklappt, danke! Bitte ändern Sie auch meine Handynummer auf {phone_national}."],
            "note": ["Konto war nach 5 Fehlversuchen gesperrt. Identität per Rückruf ({phone_national}) bestätigt."],
            "close": ["Ihr Konto ist wieder zugänglich. Ich schließe das Ticket."],
        },
        "en": {
            "subject": ["Can't log in", "Password reset isn't working"],
            "open": [
                "I'm locked out of my account ({email}). The reset email never arrives. Customer number {external_id}.",
            ],
            "reply": ["I've unlocked {email} and sent you a fresh reset link."],
            "follow": ["That worked, thanks! Please update my mobile number to {phone_national} as well."],
            "note": ["Locked after 5 failed attempts. Identity confirmed by call-back ({phone_national})."],
            "close": ["Your account is accessible again; closing this ticket."],
        },
    },
    "invoice": {
        "weight": 12,
        "tags": ["billing", "invoice"],
        "area": "billing",
        "de": {
            "subject": ["Rechnung auf Firma ausstellen", "Rechnungskorrektur {order}"],
            "open": [
                "bitte stellen Sie die Rechnung für {order} auf unsere Firma aus:\n\n{company}\nz. Hd. {name}\n"
                "{address}\n\nRückfragen gern an {email} oder {phone_national}.",
            ],
            "reply": ["anbei die korrigierte Rechnung für {order}. Bitte prüfen Sie die Anschrift."],
            "follow": ["perfekt, vielen Dank. Können Sie künftig per Lastschrift von {iban} abbuchen?"],
            "note": ["Rechnung für {order} storniert und neu erstellt. Buchhaltung informiert."],
            "close": ["die Rechnung ist korrigiert."],
        },
        "en": {
            "subject": ["Invoice to our company please", "Invoice correction {order}"],
            "open": [
                "please issue the invoice for {order} to our company:\n\n{company}\nAttn. {name}\n{address}\n\n"
                "Questions to {email} or {phone_national}.",
            ],
            "reply": ["please find the corrected invoice for {order} attached. Could you check the address?"],
            "follow": ["Perfect, thank you. Could you collect future payments by direct debit from {iban}?"],
            "note": ["Invoice for {order} cancelled and reissued. Accounts informed."],
            "close": ["The invoice has been corrected."],
        },
    },
    "damaged": {
        "weight": 10,
        "tags": ["damaged", "shipping"],
        "area": "product",
        "de": {
            "subject": ["Ware beschädigt angekommen ({order})", "Defekt nach zwei Tagen"],
            "open": [
                "das Gerät aus Bestellung {order} ist mit gesprungenem Display angekommen. Fotos folgen. "
                "Bitte rufen Sie mich an: {phone_national}.",
            ],
            "reply": ["das tut mir leid! Ich schicke Ihnen ein Retourenetikett an {email}. Ersatz ist unterwegs."],
            "follow": ["das Etikett ist angekommen, danke. Abholung bitte an: {address}"],
            "note": ["Transportschaden, Reklamation beim Spediteur eröffnet. Ersatz aus Lager Leipzig."],
            "close": ["der Ersatz wurde zugestellt. Gute Nutzung!"],
        },
        "en": {
            "subject": ["Item arrived damaged ({order})", "Broken after two days"],
            "open": [
                "the device from order {order} arrived with a cracked screen. Photos to follow. "
                "Please call me: {phone_national}.",
            ],
            "reply": ["I'm so sorry! I've sent a returns label to {email}; a replacement is on its way."],
            "follow": ["Got the label, thanks. Please collect from: {address}"],
            "note": ["Transport damage; claim opened with the carrier. Replacement from the Leeds warehouse."],
            "close": ["The replacement was delivered. Enjoy!"],
        },
    },
    "gdpr": {
        "weight": 4,
        "tags": ["gdpr", "privacy"],
        "area": "account",
        "de": {
            "subject": ["Auskunft nach Art. 15 DSGVO", "Bitte löschen Sie meine Daten"],
            "open": [
                "hiermit verlange ich Auskunft über alle zu meiner Person gespeicherten Daten.\n\n{name}\n{address}\n"
                "E-Mail: {email}, Geburtsdatum {birthday}",
            ],
            "reply": ["wir haben Ihre Anfrage erhalten und beantworten sie innerhalb eines Monats."],
            "follow": ["danke. Bitte senden Sie die Auskunft per Post an die obige Adresse."],
            "note": ["Betroffenenanfrage an Datenschutz weitergeleitet. Identität über {email} bestätigt."],
            "close": ["die Auskunft wurde Ihnen per Post zugestellt."],
        },
        "en": {
            "subject": ["Subject access request", "Please delete my data"],
            "open": [
                "I am requesting a copy of all personal data you hold about me.\n\n{name}\n{address}\n"
                "Email: {email}, date of birth {birthday}",
            ],
            "reply": ["we have received your request and will answer within one month."],
            "follow": ["Thank you. Please post the copy to the address above."],
            "note": ["Subject request forwarded to the privacy team. Identity confirmed via {email}."],
            "close": ["The copy of your data has been posted to you."],
        },
    },
}

GREETING = {
    "de": ("Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,"),
    "en": ("Hi,", "Hello,", "Dear support,"),
}
SIGN_OFF = {
    "de": ("Viele Grüße", "Mit freundlichen Grüßen", "Danke und Gruß"),
    "en": ("Thanks,", "Best,", "Kind regards,"),
}
AGENT_GREETING = {"de": "Hallo {first_name} {last_name},", "en": "Hi {first_name},"}
AGENT_SIGN_OFF = {"de": "Freundliche Grüße\n{agent}\nKundenservice", "en": "Best regards,\n{agent}\nCustomer Support"}
CARRIERS = ("DHL", "DPD", "Hermes", "GLS", "UPS", "Royal Mail")

CANNED_REPLIES = (
    ("Danke für Ihre Geduld", "Vielen Dank für Ihre Geduld. Wir kümmern uns darum und melden uns in Kürze."),
    ("Keine Kartennummern per E-Mail", "Bitte senden Sie uns niemals vollständige Kartennummern per E-Mail."),
    ("Retourenetikett", "Ihr Retourenetikett finden Sie im Anhang. Bitte drucken Sie es aus und kleben Sie es auf."),
    ("Thanks for your patience", "Thank you for your patience. We're looking into this and will be back shortly."),
    ("Never send card numbers", "Please never email us full card numbers; we will never ask for them."),
    ("Returns label", "Your returns label is attached. Please print it and stick it on the parcel."),
    ("Closing – no reply", "As we haven't heard back, we're closing this ticket. Just reply to reopen it."),
    ("Identity check", "To protect your account, please confirm the last four digits of your phone number."),
)

TEAM_NAMES = (
    "Kundenservice DACH",
    "Billing",
    "Technischer Support",
    "Returns & Refunds",
    "UK Support",
    "Onboarding",
    "VIP Accounts",
    "Logistik",
)
