"""Understanding a question: text cleanup, number words, time phrases, companies, filters and
the intent, assembled into a :class:`~bot.nlu.parse.Frame` by :func:`~bot.nlu.parse.parse`."""

from bot.nlu.companies import CompanyIndex
from bot.nlu.parse import Frame, parse
from bot.nlu.timephrase import Period, parse_period

__all__ = ["CompanyIndex", "Frame", "Period", "parse", "parse_period"]
