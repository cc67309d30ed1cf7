from audit.checkpoints import checkpoint_create
from audit.services import record_event
from audit.verify import verify_log


def test_it_verifies_an_untouched_log(alice, customer):
    for _ in range(3):
        record_event(action="customer.view", actor=alice, target=customer, fields_shown=["name"])
    checkpoint_create()
    record_event(action="ticket.search", actor=alice, query="4111 1111 1111 1111", result_count=0)
    report = verify_log()
    assert report.ok, report.problems
