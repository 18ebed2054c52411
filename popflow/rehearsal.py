"""A rehearsal: `popflow tick --once --now …` applies the time rules as at another moment and
sends the mails that makes, now, itself (issue 20).

The rules, the POPs' states and the timeline are as at the rehearsed moment; the mails are
dated and due at the real time (shared/outbox.py, UnitOfWork.wall_clock), so the Date header
and the outbox agree with the clock the recipients read. This process delivers them after
commit, whether or not workers run beside it. It publishes no nudge for them: the claim in
notifier/deliver.py gives each row to one sender only, and a row this process could not send
(it died, or the SMTP server refused) is published again by the running tick once stale.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from notifier.deliver import SmtpConnections, deliver
from shared.db import GROUP_SIZE
from shared.outbox import DELIVER
from shared.runtime import Runtime
from workflow.tick import tick


def rehearse(runtime: Runtime, at: datetime) -> dict:
    """One tick pass as at `at`, then its mails sent. The tick's report, with what was sent."""
    with runtime.uow() as uow:
        uow.wall_clock = runtime.now()
        report = tick(uow, at, runtime.config.republish_after_seconds, inline=True, tz=runtime.config.timezone)
        outbox_ids = uow.take_grouped(DELIVER)
        uow.commit()
    outcomes: list[str] = []
    if outbox_ids:
        connections = SmtpConnections(runtime.config.smtp_url)
        try:
            for start in range(0, len(outbox_ids), GROUP_SIZE):
                outcomes += deliver(runtime, connections, outbox_ids[start : start + GROUP_SIZE])
        finally:
            connections.close_all()
    # Rows a worker claimed first are not in outcomes: sent once, by it.
    others = Counter(outcome for outcome in outcomes if outcome != "sent")
    return {**report.__dict__, "sent": outcomes.count("sent"), "not_sent": dict(sorted(others.items()))}
