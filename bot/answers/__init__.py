"""Per-intent answers: a parsed :class:`~bot.nlu.parse.Frame` in, a :class:`~bot.reply.Reply` out."""

from __future__ import annotations

from collections.abc import Callable

from bot.answers.base import Context
from bot.answers.chart import attach_chart
from bot.answers.company import answer_percent, answer_rounds, answer_total
from bot.answers.compare import answer_compare, answer_compare_periods
from bot.answers.guide import EXAMPLES, answer_help, answer_unknown
from bot.answers.market import (
    answer_biggest_rounds,
    answer_overview,
    answer_percent_all,
    answer_rank,
)
from bot.answers.news import answer_latest, answer_planned
from bot.answers.periods import answer_rank_periods
from bot.reply import Reply

__all__ = ["Context", "answer_frame", "EXAMPLES"]

_COMPANY: dict[str, Callable[[Context], Reply]] = {
    "total": answer_total,
    "rounds": answer_rounds,
    "percent": answer_percent,
    "planned": answer_planned,
    "latest": answer_latest,
    "compare": answer_compare,
}
_MARKET: dict[str, Callable[[Context], Reply]] = {
    "rank": answer_rank,
    "overview": answer_overview,
    "latest": answer_latest,
    "planned": answer_planned,
    "percent": answer_percent_all,
    "rounds": answer_latest,
    "total": answer_overview,
}


def _from_table(intent: str) -> Callable[[Context], Reply] | None:
    """The answer function of an intent's row in :data:`bot.nlu.intents.INTENT_TABLE` (an intent
    added by a row needs no edit here)."""
    import importlib

    from bot.nlu.intents import INTENT_TABLE

    for rule in INTENT_TABLE:
        if rule.intent == intent:
            module, _, name = rule.answer.partition(":")
            return getattr(importlib.import_module(module), name)  # type: ignore[no-any-return]
    return None


def answer_frame(ctx: Context) -> Reply:
    frame = ctx.frame
    intent = frame.intent
    if intent not in _COMPANY and intent not in _MARKET and intent not in ("help", "unknown"):
        handler = _from_table(intent)
        if handler is not None:
            reply = handler(ctx)
            return attach_chart(reply, ctx) if frame.chart else reply
    if intent == "help":
        return answer_help(ctx)
    if intent == "unknown":
        return answer_unknown(ctx)
    if frame.rank_periods:
        reply = answer_rank_periods(ctx)
        return attach_chart(reply, ctx) if frame.chart else reply
    if frame.periods and intent == "compare" and len(frame.companies) <= 1:
        reply = answer_compare_periods(ctx)
        return attach_chart(reply, ctx) if frame.chart else reply
    if frame.companies:
        if intent == "compare" and len(frame.companies) < 2:
            intent = frame.intent = "total"
        if intent == "rank":
            intent = frame.intent = "compare" if len(frame.companies) >= 2 else "rounds"
            frame.sort = "size"
        if intent in ("total", "rounds", "percent") and len(frame.companies) >= 2:
            intent = frame.intent = "compare"
        handler = _COMPANY.get(intent, answer_total)
    elif intent == "rounds" and frame.sort == "size":
        handler = answer_biggest_rounds
    else:
        handler = _MARKET.get(intent, answer_overview)
    reply = handler(ctx)
    if frame.chart:
        reply = attach_chart(reply, ctx)
    return reply
