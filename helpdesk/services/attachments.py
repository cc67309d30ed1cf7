import mimetypes

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from audit.services import record_event
from helpdesk import attachment_store
from helpdesk.attachment_checks import attachment_check
from helpdesk.models import Attachment, Comment, Ticket

MAX_FILENAME_LENGTH = 255


def _read_limited(upload) -> bytes:
    """Read an upload chunk by chunk, refusing as soon as it passes the size limit."""
    limit = settings.ATTACHMENT_MAX_BYTES
    chunks, total = [], 0
    for chunk in upload.chunks():
        total += len(chunk)
        if total > limit:
            raise ValidationError({"file": f"The file is larger than {limit // (1024 * 1024)} MB."})
        chunks.append(chunk)
    return b"".join(chunks)


def _clean_filename(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    if not name:
        raise ValidationError({"file": "The file needs a name."})
    return name[-MAX_FILENAME_LENGTH:]


@transaction.atomic
def attachment_add(*, ticket: Ticket, upload, comment: Comment | None = None, actor=None) -> Attachment:
    data = _read_limited(upload)
    attachment_check(data=data)
    filename = _clean_filename(upload.name)
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    attachment = Attachment(
        ticket=ticket,
        comment=comment,
        filename=filename,
        content_type=content_type,
        size=len(data),
        blob_name=attachment_store.new_blob_name(),
        uploaded_by_agent=actor,
    )
    attachment_store.write_blob(attachment.blob_name, _seal(attachment, data))
    try:
        attachment.save()
    except Exception:
        attachment_store.delete_blob(attachment.blob_name)
        raise
    if actor is not None:
        record_event(action="attachment.upload", actor=actor, target=attachment, metadata={"ticket": str(ticket.pk)})
    return attachment


def attachment_read(*, attachment: Attachment) -> bytes:
    return _open(attachment, attachment_store.read_blob(attachment.blob_name))


def _aad(attachment: Attachment) -> bytes:
    return f"{Attachment._meta.db_table}|content|{attachment.pk}".encode()


def _seal(attachment: Attachment, data: bytes) -> bytes:
    from privacy.crypto.blobs import seal_blob

    return seal_blob(data, subject=attachment.encryption_subject(), associated_data=_aad(attachment))


def _open(attachment: Attachment, sealed: bytes) -> bytes:
    from privacy.crypto.blobs import open_blob

    return open_blob(sealed, associated_data=_aad(attachment))
