"""Keep case data out of the server's logs: the access log of the development server prints each
request line, and a page address can carry a search text (`/?zoek=...`) or a person filter.
`install()` puts a filter on the `werkzeug` logger that drops every query string."""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"\?[^\s\"]*")


class RedactQuery(logging.Filter):
    """Replace query strings in a log record by '?…'."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _QUERY.sub("?…", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def install() -> None:
    log = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactQuery) for f in log.filters):
        log.addFilter(RedactQuery())
