"""Pictures drawn server-side: the people map and a supplier's trend, as PNG bytes.

matplotlib's Agg backend, imported on first use (it costs memory and half a second to import) and only through its
object-oriented API — a Figure with its own FigureCanvasAgg per picture — because Bolt runs listeners on a thread
pool and pyplot's global state is not thread-safe. Fonts are the DejaVu ones matplotlib ships, so no system package
is needed. What to draw is decided elsewhere (bot/services/people_map.py, bot/services/trend.py); this module only
places it, in the reader's language. Math text is off: a `$` in a name is a dollar sign.
"""

import io
import threading
import zlib
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from bot.i18n import month_label, t
from bot.services.coverage import COLD, COOLING, DORMANT, WARM
from bot.services.people_map import COLOURS, LEFT, PIXELS_PER_ROW, STYLES, TITLE_ROWS, WIDTH_PX, PeopleMap
from bot.services.trend import Trend

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

DPI = 100
FONT = "DejaVu Sans"
INK = "#222222"
MUTED = "#777777"
ALERT = "#D55E00"  # Okabe–Ito vermillion: a needed interface nobody reaches, the flags
OUR_X, THEIR_X = 240.0, 440.0
LABEL_CHARS = 34
DASHES: dict[str, Any] = {"solid": "-", "dashdot": "-.", "dotted": ":", "sparse": (0, (1, 4)), "dashed": (0, (5, 3))}
TREND_HEIGHT = 480
OURS_COLOUR, THEIRS_COLOUR = "#0072B2", "#E69F00"


_set_up = False
_set_up_lock = threading.Lock()


def _set_up_matplotlib() -> None:
    """Once per process, before the first picture: hinting snaps glyphs to pixels at a cost; without it text draws
    faster and looks the same at these sizes. Nothing else in the process draws with matplotlib."""
    global _set_up
    if _set_up:
        return
    with _set_up_lock:
        if not _set_up:
            import matplotlib

            matplotlib.rcParams["text.hinting"] = "no_hinting"
            _set_up = True


def _figure(height: int) -> tuple["Figure", "FigureCanvasAgg"]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    _set_up_matplotlib()
    figure = Figure(figsize=(WIDTH_PX / DPI, height / DPI), dpi=DPI, facecolor="white")
    return figure, FigureCanvasAgg(figure)


def _png(canvas: "FigureCanvasAgg") -> bytes:
    """Drawn once and written as an RGB PNG with light compression: savefig's extra pass and alpha channel and a
    harder squeeze cost more time than the bytes are worth. The canvas's RGBA is read as RGB in one pass (its alpha
    is opaque: the figure is white), and zlib's run-length strategy suits a picture of flat colour: a few ms less
    than the default strategy for some 8% more bytes."""
    from PIL import Image

    canvas.draw()  # type: ignore[no-untyped-call]
    width, height = canvas.get_width_height()
    rgba = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    image = Image.frombytes("RGB", (width, height), rgba, "raw", "RGBX")
    out = io.BytesIO()
    image.save(out, format="png", compress_level=1, compress_type=zlib.Z_RLE)
    return out.getvalue()


def _cut(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(ax: "Axes", x: float, y: float, text: str, **style: Any) -> None:
    """Text at a pixel position from the top left, drawn on the figure: an Axes' text would be clipped to it, and
    setting up the clip costs more than drawing the text."""
    figure = cast("Figure", ax.get_figure(root=True))
    width, height = figure.get_size_inches() * DPI
    font = _font(style.pop("fontsize", 10), style.pop("fontweight", "normal"))
    figure.text(
        x / width,
        1 - y / height,
        text,
        fontproperties=font,
        parse_math=False,
        va="center",
        color=style.pop("color", INK),
        **style,
    )


@cache
def _font(size: float, weight: str) -> "FontProperties":
    """One FontProperties per size and weight, shared: looking the font up for every label costs more than the label."""
    from matplotlib.font_manager import FontProperties

    return FontProperties(family=FONT, size=size, weight=weight)


def render_people_map(lang: str, people: PeopleMap) -> bytes:
    """800 px wide, 28 px a row (400 at least): our colleagues left, their people right by interface, a line a tie."""
    from matplotlib.collections import LineCollection

    height = people.height_px
    figure, canvas = _figure(height)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH_PX)
    ax.set_ylim(height, 0)
    ax.axis("off")
    top = TITLE_ROWS * PIXELS_PER_ROW
    data_rows = max(1, people.rows - TITLE_ROWS)
    row_height = (height - top) / data_rows

    def y(row: float) -> float:
        return top + (row + 0.5) * row_height

    _map_title(ax, lang, people)
    ours = {p.key: y(p.row) for p in people.ours}
    theirs = {p.key: y(p.row) for p in people.theirs}
    segments = [((OUR_X, ours[line.colleague]), (THEIR_X, theirs[line.contact])) for line in people.lines]
    ax.add_collection(
        LineCollection(
            segments,
            colors=[line.colour for line in people.lines],
            linewidths=[line.width for line in people.lines],
            linestyles=[DASHES[line.style] for line in people.lines],
            capstyle="round",
        )
    )
    if people.ours:
        ax.scatter([OUR_X] * len(ours), list(ours.values()), s=60, color=INK, zorder=3)
    for person in people.ours:
        _text(ax, OUR_X - 12, ours[person.key], _cut(person.label, 30), ha="right", fontsize=10)
    _their_side(ax, lang, people, theirs, y)
    return _png(canvas)


def _map_title(ax: "Axes", lang: str, people: PeopleMap) -> None:
    _text(ax, 16, 18, _cut(t(lang, "map.title", supplier=people.supplier), 70), fontsize=14, fontweight="bold")
    flags = [t(lang, "flag_name." + flag) for flag in people.flags]
    if people.rests_on is not None and "rests_on_one" in people.flags:
        flags[people.flags.index("rests_on_one")] = t(lang, "map.rests_on", colleague=_cut(people.rests_on, 24))
    if flags:
        _text(ax, 16, 44, t(lang, "map.flags", flags=", ".join(flags)), fontsize=10, color=ALERT)
    for slot, kind in enumerate((WARM, COOLING, COLD, DORMANT, LEFT)):
        x = 16.0 + 100 * slot
        ax.plot([x, x + 24], [68, 68], color=COLOURS[kind], linestyle=DASHES[STYLES[kind]], linewidth=2.5)
        _text(ax, x + 29, 68, t(lang, "map.legend." + kind), fontsize=8.5, color=MUTED)
    width_note = t(lang, "map.legend.width")
    if people.hidden:
        width_note += " · " + t(lang, "map.hidden", count=people.hidden)
    _text(ax, 16, 88, width_note, fontsize=8.5, color=MUTED)
    _text(ax, OUR_X, 106, t(lang, "map.ours"), ha="right", fontsize=10, fontweight="bold", color=MUTED)
    _text(ax, THEIR_X, 106, _cut(people.supplier, 40), fontsize=10, fontweight="bold", color=MUTED)


def _their_side(ax: "Axes", lang: str, people: PeopleMap, theirs: dict[str, float], y: Any) -> None:
    for group in people.groups:
        heading = t(lang, "interface." + group.interface).capitalize()
        if group.missing:
            heading += " ✗ " + t(lang, "map.nobody" if group.empty else "map.missing")
        _text(
            ax,
            THEIR_X - 8,
            y(group.row),
            heading,
            fontsize=9.5,
            fontweight="bold",
            color=ALERT if group.missing else MUTED,
        )
    if people.theirs:
        colours = [COLOURS[LEFT] if person.left else INK for person in people.theirs]
        ax.scatter(
            [THEIR_X] * len(people.theirs),
            [theirs[person.key] for person in people.theirs],
            s=60,
            zorder=3,
            facecolors=[c if p.tied else "white" for c, p in zip(colours, people.theirs, strict=True)],
            edgecolors=colours,
            linewidths=1.5,
        )
    for person in people.theirs:
        colour = COLOURS[LEFT] if person.left else INK
        extra = [person.role] if person.role else []
        if person.left:
            extra.append(t(lang, "map.left"))
        elif not person.tied:
            extra.append(t(lang, "map.no_tie"))
        if person.key_contact:
            extra.append(t(lang, "map.key"))
        label = _cut(person.label, 30) + (f" ({_cut(', '.join(extra), 30)})" if extra else "")
        _text(ax, THEIR_X + 12, theirs[person.key], label, ha="left", fontsize=10, color=colour)


def render_trend(lang: str, trend: Trend) -> bytes:
    """800 × 480 px: touches per month on top; per quarter the active ties and interfaces covered as bars, with
    promises kept and the pulse written under each quarter."""
    from matplotlib.ticker import MaxNLocator

    figure, canvas = _figure(TREND_HEIGHT)
    figure.suptitle(t(lang, "trend.title", supplier=_cut(trend.supplier, 60)), fontfamily=FONT, fontweight="bold")
    months = figure.add_axes((0.07, 0.58, 0.9, 0.3))
    counts = [count for _, count in trend.months]
    months.bar(range(len(counts)), counts, color=OURS_COLOUR)
    months.set_xticks(range(len(counts)), [month_label(lang, day) for day, _ in trend.months], fontfamily=FONT)
    months.set_title(t(lang, "trend.touches"), fontfamily=FONT, fontsize=10, loc="left")
    months.yaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        months.spines[side].set_visible(False)
    quarters = figure.add_axes((0.07, 0.2, 0.9, 0.25))
    positions = range(len(trend.quarters))
    ties = [q.active_ties for q in trend.quarters]
    covered = [q.interfaces_covered for q in trend.quarters]
    quarters.bar([p - 0.18 for p in positions], ties, width=0.35, color=OURS_COLOUR, label=t(lang, "trend.ties"))
    needed = trend.quarters[-1].interfaces_needed if trend.quarters else 0
    quarters.bar(
        [p + 0.18 for p in positions],
        covered,
        width=0.35,
        color=THEIRS_COLOUR,
        hatch="//",
        label=t(lang, "trend.interfaces", needed=needed),
    )
    labels = [_quarter_label(lang, q) for q in trend.quarters]
    quarters.set_xticks(list(positions), labels, fontfamily=FONT, fontsize=8.5)
    quarters.set_title(t(lang, "trend.quarters"), fontfamily=FONT, fontsize=10, loc="left")
    quarters.yaxis.set_major_locator(MaxNLocator(integer=True))
    legend_font = {"family": FONT, "size": 8}
    quarters.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2, frameon=False, prop=legend_font)
    for side in ("top", "right"):
        quarters.spines[side].set_visible(False)
    return _png(canvas)


def _score(value: float | None, lang: str) -> str:
    return t(lang, "trend.none") if value is None else f"{value:.1f}"


def _quarter_label(lang: str, quarter: Any) -> str:
    kept = f"{quarter.promises_kept}/{quarter.promises_decided}" if quarter.promises_decided else t(lang, "trend.none")
    return (
        f"{quarter.label}\n{t(lang, 'trend.promises')} {kept}\n"
        f"{t(lang, 'trend.pulse')} {_score(quarter.ours, lang)} / {_score(quarter.theirs, lang)}"
    )
