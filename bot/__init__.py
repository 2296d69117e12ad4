"""layoffbot core: question in, :class:`~bot.reply.Reply` out.  Never imports an adapter or names a platform."""

from bot.reply import Reply

__all__ = ["Reply"]
__version__ = "0.1.0"
