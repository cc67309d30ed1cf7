from django.db import transaction

from helpdesk.models import Sequence


@transaction.atomic
def next_numbers(name: str, count: int = 1) -> range:
    """Reserve `count` consecutive numbers of a named sequence; safe under concurrency."""
    Sequence.objects.get_or_create(name=name)
    sequence = Sequence.objects.select_for_update().get(name=name)
    start = sequence.last_value + 1
    sequence.last_value += count
    sequence.save(update_fields=["last_value"])
    return range(start, start + count)
