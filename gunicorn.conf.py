"""gunicorn settings for production: ``gunicorn -c gunicorn.conf.py safercommunities.wsgi`` (see README).

``make run`` uses Django's development server and never reads this file.

A worker that outlives ``timeout`` is killed by gunicorn, which then answers
with its own bare "Internal Server Error" page; so do crashes outside Django.
The worker class below answers with the site's own pages instead: 503 with
Retry-After for a request cut off at the timeout, the site's 500 page otherwise.
The pages are rendered once per worker, when the application has loaded, from
the same templates Django uses (templates/503.html, templates/500.html).
"""

import os
import ssl
from datetime import timedelta
from pathlib import Path

from gunicorn import util
from gunicorn.http.errors import ParseException
from gunicorn.http.wsgi import Response, default_environ
from gunicorn.workers.sync import SyncWorker

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Seconds a request may take before its worker is killed (and the site's 503 page sent).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# The proxy's X-Forwarded-Proto tells Django a request came over HTTPS (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"

RETRY_AFTER_SECONDS = 30
_STATIC_500 = Path(__file__).resolve().parent / "templates" / "500.html"


def _site_pages() -> dict[int, bytes]:
    """The site's 503 and 500 pages; the fully static 500 file if templates cannot be rendered."""
    fallback = _STATIC_500.read_bytes()
    try:
        from safercommunities.errors import server_error_page, service_unavailable_page

        return {503: service_unavailable_page().encode(), 500: server_error_page().encode()}
    except Exception:  # noqa: BLE001 - any failure here must still leave a page to send
        return {503: fallback, 500: fallback}


class SiteErrorPageWorker(SyncWorker):
    """gunicorn's sync worker, answering a killed or crashed request with the site's own page."""

    def load_wsgi(self):
        super().load_wsgi()
        self.site_pages = _site_pages()

    def handle_error(self, req, client, addr, exc):
        if isinstance(exc, (ParseException, ssl.SSLError)):
            super().handle_error(req, client, addr, exc)  # a malformed request: gunicorn's own 4xx
            return
        uri = getattr(req, "uri", "(no URI read)")
        if isinstance(exc, SystemExit):  # the arbiter's SIGABRT at the timeout, or a shutdown
            self.log.error("Worker stopped while handling %s (timeout %ss)", uri, self.cfg.timeout)
            status, reason, extra = 503, "Service Unavailable", f"Retry-After: {RETRY_AFTER_SECONDS}\r\n"
        else:
            self.log.exception("Error handling request %s", uri)
            status, reason, extra = 500, "Internal Server Error", ""
        pages = getattr(self, "site_pages", None) or _site_pages()
        body = pages[status]
        if req is not None:
            addr = addr or ("", -1)
            environ = default_environ(req, client, self.cfg)
            environ["REMOTE_ADDR"], environ["REMOTE_PORT"] = addr[0], str(addr[1])
            resp = Response(req, client, self.cfg)
            resp.status = f"{status} {reason}"
            resp.response_length = len(body)
            self.log.access(resp, req, environ, timedelta(0))  # the access log line gunicorn writes too
        head = (
            f"HTTP/1.1 {status} {reason}\r\n"
            "Connection: close\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            "Cache-Control: no-store\r\n"
            f"{extra}"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        try:
            util.write_nonblock(client, head.encode("latin-1") + body)
        except Exception:  # noqa: BLE001 - the client may already be gone
            self.log.debug("Failed to send the error page.")


worker_class = SiteErrorPageWorker
