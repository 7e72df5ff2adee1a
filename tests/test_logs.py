"""Case data stays out of the server log: query strings of requests are redacted."""

from __future__ import annotations

import logging

from reconstruct import logs


def test_query_strings_are_redacted(caplog):
    logs.install()
    logs.install()  # idempotent
    log = logging.getLogger("werkzeug")
    assert sum(isinstance(f, logs.RedactQuery) for f in log.filters) == 1
    with caplog.at_level(logging.INFO, logger="werkzeug"):
        log.info('%s - - [%s] "%s" %s %s', "127.0.0.1", "now", "GET /?zoek=Sanne HTTP/1.1", 200, 5)
        log.info('"%s" %s', "GET /assets/style.css HTTP/1.1", 200)
    first, second = (r.getMessage() for r in caplog.records)
    assert "Sanne" not in first and "GET /?… HTTP/1.1" in first
    assert second == '"GET /assets/style.css HTTP/1.1" 200'
