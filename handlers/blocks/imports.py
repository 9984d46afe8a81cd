"""The import modal: pick a file and its kind, see what a dry run found, then Import (issue 18)."""

import json
from typing import Any

from bot.i18n import t
from bot.services.import_files import FILE_KINDS
from bot.text import truncate
from handlers import ids
from handlers.blocks import SECTION_MAX, context, esc, option, plain, section

#: What Slack's file_input may take: Slack limits a file to 10 MB.
FILE_TYPES = ["csv", "tsv", "txt", "xlsx"]
OPTIONS = ("skip_bad_rows", "month_first")


def import_modal(lang: str) -> dict[str, Any]:
    kinds = [option(t(lang, f"import.kind.{kind}"), kind) for kind in FILE_KINDS]
    choices = [option(t(lang, f"import.option.{name}"), name) for name in OPTIONS]
    return {
        "type": "modal",
        "callback_id": ids.VIEW_IMPORT,
        "title": plain(t(lang, "import.modal_title")),
        "submit": plain(t(lang, "import.check")),
        "close": plain(t(lang, "modal.close")),
        "blocks": [
            section(t(lang, "import.modal_intro")),
            {
                "type": "input",
                "block_id": ids.BLOCK_IMPORT_KIND,
                "label": plain(t(lang, "import.kind_label")),
                "element": {
                    "type": "static_select",
                    "action_id": ids.ACTION_IMPORT_KIND,
                    "options": kinds,
                    "initial_option": kinds[0],
                },
            },
            {
                "type": "input",
                "block_id": ids.BLOCK_IMPORT_FILE,
                "label": plain(t(lang, "import.file_label")),
                "element": {
                    "type": "file_input",
                    "action_id": ids.ACTION_IMPORT_FILE,
                    "filetypes": FILE_TYPES,
                    "max_files": 1,
                },
            },
            {
                "type": "input",
                "block_id": ids.BLOCK_IMPORT_OPTIONS,
                "optional": True,
                "label": plain(t(lang, "import.options_label")),
                "element": {"type": "checkboxes", "action_id": ids.ACTION_IMPORT_OPTIONS, "options": choices},
            },
        ],
    }


def _lines_block(lines: list[str]) -> dict[str, Any]:
    return section(truncate(esc("\n".join(lines)), SECTION_MAX))


def import_summary(
    lang: str, kind: str, lines: list[str], metadata: dict[str, Any], *, importable: bool
) -> dict[str, Any]:
    """What the dry run found; with **Import** when there is something to write and nothing stops it."""
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": ids.VIEW_IMPORT_CONFIRM,
        "title": plain(t(lang, "import.modal_title")),
        "close": plain(t(lang, "modal.close")),
        "private_metadata": json.dumps(metadata),
        "blocks": [section(t(lang, "import.summary_head", kind=t(lang, f"import.kind.{kind}"))), _lines_block(lines)],
    }
    if importable:
        view["submit"] = plain(t(lang, "import.do_import"))
    else:
        view["blocks"].append(context(t(lang, "import.nothing_to_import")))
    return view


def import_done(lang: str, lines: list[str]) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": ids.VIEW_IMPORT_CONFIRM,
        "title": plain(t(lang, "import.modal_title")),
        "close": plain(t(lang, "import.close")),
        "blocks": [_lines_block(lines)],
    }
