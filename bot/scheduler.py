"""The timer inside `covalis run`: it only calls the tick; what is due comes from the database."""

import logging
from collections.abc import Callable
from time import monotonic

from apscheduler.schedulers.background import BackgroundScheduler

from bot.container import Services
from bot.services.ticks import SlackPort, TickReport

logger = logging.getLogger(__name__)


def start_scheduler(
    services: Services,
    slack: SlackPort | None,
    before_tick: Callable[[], None] | None = None,
    run: Callable[[], TickReport] | None = None,
) -> BackgroundScheduler:
    """Every COVALIS_TICK_SECONDS (default five minutes), the same tick as `covalis tick`, as of the clock's now:
    with `slack` (one workspace's token), or `run` (installed into many, each workspace with its own)."""
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})

    def _tick() -> None:
        started = monotonic()
        outcome = "error"
        try:
            if before_tick is not None:
                before_tick()
            if run is not None:
                report = run()
            else:
                assert slack is not None
                report = services.ticks.run(slack)
            outcome = "ok"
            logger.info("%s", report)
        except Exception:
            logger.exception("tick failed; the next one will retry")
        finally:
            elapsed = round((monotonic() - started) * 1000)
            fields = {"workspace": "", "surface": "job:tick", "duration_ms": elapsed, "outcome": outcome}
            logger.info("job:tick %d ms %s", elapsed, outcome, extra=fields)

    scheduler.add_job(_tick, "interval", seconds=services.config.tick_seconds, id="tick")
    scheduler.start()
    return scheduler
