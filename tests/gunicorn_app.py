"""The site's WSGI application plus one path that outlives gunicorn's worker timeout (tests/test_errors.py)."""

import time

from safercommunities.wsgi import application as site


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/__slow__":
        time.sleep(60)
    return site(environ, start_response)
