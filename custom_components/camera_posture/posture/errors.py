"""Errors the engine raises. Messages never carry credentials."""


class PostureError(Exception):
    """Base class for engine errors."""


class CannotConnect(PostureError):
    """The camera did not answer, or answered something unusable."""


class NoConnection(CannotConnect):
    """Not even a TCP connection: nothing listens at that address and port, or no answer.

    Another protocol on the same port (TLS instead of plain HTTP) would fare no better.
    """


class UnusableAnswer(CannotConnect):
    """The camera answered, but not with what was asked.

    No such response, a fault, or text that is no answer at all. Unlike a lost
    connection, the camera is there.
    """


class InvalidAuth(PostureError):
    """The camera rejected the credentials (never retried: lockout risk)."""


class LoginLocked(InvalidAuth):
    """The camera reports a login lock: nothing more is sent (never retried).

    Hikvision reports it before any credential is sent; Reolink only in its answer
    to the one login, which the lock refused without judging the password.
    """


class AuditTimeout(CannotConnect):
    """The camera did not finish answering within the audit's overall deadline.

    Every request has its own timeout, but a camera that drips its answers can make
    each of them wait out its own; the deadline bounds the whole conversation.
    """
