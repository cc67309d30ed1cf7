"""Redaction: destroy personal data in stored text for good, by hand, in bulk or on arrival.

Works on any model the personal-data registry declares (privacy.registry); it never imports the
helpdesk. See docs/redaction.md.
"""
