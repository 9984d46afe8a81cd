"""The timer inside `covalis run`: it only calls the tick; what is due comes from the database."""

import logging

from apscheduler.schedulers.background import BackgroundScheduler

from bot.container import Services
from bot.services.ticks import SlackPort

logger = logging.getLogger(__name__)
TICK_MINUTES = 5


def start_scheduler(services: Services, slack: SlackPort) -> BackgroundScheduler:
    """Every few minutes, the same tick as `covalis tick`, as of the system clock's now."""
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})

    def _tick() -> None:
        try:
            logger.info("%s", services.ticks.run(slack))
        except Exception:
            logger.exception("tick failed; the next one will retry")

    scheduler.add_job(_tick, "interval", minutes=TICK_MINUTES, id="tick")
    scheduler.start()
    return scheduler
