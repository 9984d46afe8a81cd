"""The confirmation modals of merging duplicates and forgetting a person, and what they turn into when done."""

import json
from typing import Any

from bot.i18n import t
from bot.services.forgetting import ForgetPlan
from bot.services.merging import MergePlan
from handlers import ids
from handlers.blocks import context, esc, plain, section


def merge_modal(lang: str, plan: MergePlan) -> dict[str, Any]:
    """What moves, counted, before anything does; **Merge** does it. The ids travel in private_metadata and are
    checked again (and the rights) on submit."""
    names = {"merged": esc(plan.from_name), "kept": esc(plan.into_name), "supplier": esc(plan.supplier_name)}
    counts = "\n".join(f"• {t(lang, f'merge.count.{key}', count=count)}" for key, count in plan.counts)
    metadata = {"kind": plan.kind, "from": plan.from_id, "into": plan.into_id, "supplier": plan.supplier_id}
    return {
        "type": "modal",
        "callback_id": ids.VIEW_MERGE,
        "title": plain(t(lang, "merge.modal_title"), 24),
        "submit": plain(t(lang, "merge.submit"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": json.dumps(metadata),
        "blocks": [section(t(lang, f"merge.confirm_{plan.kind}", **names)), section(counts)],
    }


def forget_modal(lang: str, plan: ForgetPlan) -> dict[str, Any]:
    text = t(
        lang,
        "forget.confirm",
        name=esc(plan.contact_name),
        supplier=esc(plan.supplier_name),
        marker=esc(plan.marker),
        count=plan.interactions,
    )
    return {
        "type": "modal",
        "callback_id": ids.VIEW_FORGET,
        "title": plain(t(lang, "forget.modal_title"), 24),
        "submit": plain(t(lang, "forget.submit"), 24),
        "close": plain(t(lang, "modal.close"), 24),
        "private_metadata": json.dumps({"supplier": plan.supplier_id, "contact": plan.contact_id}),
        "blocks": [section(text), context(t(lang, "forget.out_of_reach"))],
    }


def done_modal(lang: str, title_key: str, text: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain(t(lang, title_key), 24),
        "close": plain(t(lang, "modal.notice_close"), 24),
        "blocks": [section(text)],
    }
