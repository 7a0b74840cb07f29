"""The service navigation: one list of the site's sections, rendered by base.html."""

from django.urls import reverse

# (label, URL name, the URL namespace whose pages belong to the section; None: only that page itself)
SECTIONS = [
    ("Dashboard", "dashboard", None),
    ("Indicators", "indicators:index", "indicators"),
    ("Partnerships", "partnerships:index", "partnerships"),
    ("Funding", "funding:index", "funding"),
    ("Returns", "returns:index", "returns"),
]


def navigation(request):
    """The sections with their links, the current one marked; read only by pages that show the navigation."""

    def sections():
        match = getattr(request, "resolver_match", None)
        namespaces = match.namespaces if match else []
        here = match.view_name if match else None
        return [
            {"label": label, "url": reverse(name), "active": namespace in namespaces if namespace else here == name}
            for label, name, namespace in SECTIONS
        ]

    return {"navigation": sections}
