"""Read SPF/DKIM/DMARC verdicts from the Authentication-Results header our own server added.

Anyone can write an Authentication-Results header into a message. Ours is the topmost one (servers
prepend), or the one carrying our authserv-id when SEALDESK_EMAIL_AUTHSERV_ID is set.
"""

import re

from helpdesk.inbound import conf

RESULT = re.compile(r"\b(spf|dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)
FAILING = {"fail", "softfail", "permerror"}


def trusted_header(values: list[str]) -> str:
    wanted = conf.authserv_id()
    if not wanted:
        return values[0] if values else ""
    for value in values:
        if value.split(";", 1)[0].strip().lower() == wanted:
            return value
    return ""


def failed_checks(values: list[str]) -> list[str]:
    """Names of the checks that failed ('dkim', 'dmarc', 'spf'); a check passed by any signature counts as pass."""
    verdicts: dict[str, set[str]] = {}
    for method, result in RESULT.findall(trusted_header(values)):
        verdicts.setdefault(method.lower(), set()).add(result.lower())
    return sorted(method for method, results in verdicts.items() if results & FAILING and "pass" not in results)
