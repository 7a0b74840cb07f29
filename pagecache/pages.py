"""Whole page bodies from the cache: a page's blocks rendered once per data version and parameters.

A page template extends ``base_template`` (``{% extends base_template|default:"base.html" %}``). To fill
the cache it is rendered over ``pagecache/blocks.html``, which prints only the page's own blocks (title,
head, back link, content, scripts); every request then renders ``pagecache/page.html`` over ``base.html``
with those blocks, so what belongs to the request and the user (the header, navigation, messages, the
demonstration banner) is never cached. Page blocks must not show anything about the user but what the
caller puts in ``parts``.
"""

from django.http import HttpResponseBase
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from pagecache.cache import keep, key, read

BLOCKS = ("title", "extra_head", "beforecontent", "content", "extra_scripts")
SEPARATOR = "<!--pagecache:block-->"  # as in templates/pagecache/blocks.html


def render_page(request, parts: tuple, build):
    """The page for this request: from the cache, else ``build()``'s ``(template, context)`` rendered and kept.

    ``parts`` are what, beyond the view and its query string, decides what the page shows (the chosen area,
    the user's permissions). ``build()`` may return a response instead (a download): it is returned as is.
    """
    match = request.resolver_match
    name = key(request, match.view_name, match.kwargs, sorted(request.GET.lists()), parts)
    blocks = read(name)
    if blocks is None:
        built = build()
        if isinstance(built, HttpResponseBase):
            return built
        template, context = built
        html = render_to_string(template, {**context, "base_template": "pagecache/blocks.html"}, request)
        blocks = dict(zip(BLOCKS, html.split(SEPARATOR), strict=True))
        keep(name, blocks)
    return render(request, "pagecache/page.html", {"page": {k: mark_safe(v) for k, v in blocks.items()}})  # noqa: S308
