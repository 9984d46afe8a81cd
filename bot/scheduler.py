"""The timer inside `covalis run`: it only calls the tick; what is due comes from the database."""

import logging

from apscheduler.schedulers.background import BackgroundScheduler

from bot.container import Services
from bot.services.ticks import TickService

logger = logging.getLogger(__name__)
TICK_MINUTES = 5


def start_scheduler(services: Services) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
    ticks = TickService(services.pending)

    def _tick() -> None:
        try:
            logger.info("%s", ticks.run())
        except Exception:
            logger.exception("tick failed; the next one will retry")

    scheduler.add_job(_tick, "interval", minutes=TICK_MINUTES, id="tick", next_run_time=None)
    scheduler.start()
    return scheduler
