"""`check --deploy` refuses a production set-up whose access log could not record or seal events."""

from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

from audit import conf


@register(Tags.security, deploy=True)
def access_log_keys(app_configs, **kwargs) -> list[Error]:
    errors = []
    for read, name in ((conf.chain_key, "SEALDESK_AUDIT_CHAIN_KEY"), (conf.signing_seed, "SEALDESK_AUDIT_SIGNING_KEY")):
        try:
            read()
        except ImproperlyConfigured as exc:
            errors.append(Error(str(exc), hint=f"Set {name} (base64, 32 bytes) or {name}_FILE.", id="audit.E001"))
    return errors
