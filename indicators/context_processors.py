from indicators.models import Measurement
from pagecache.cache import cached


def synthetic_figures(request):
    """Whether any synthetic demonstration figure exists, for the banner on every page.

    One cheap EXISTS query, evaluated only if a template reads it, and kept per data version.
    """

    def present():
        return cached(request, "synthetic figures", (), Measurement.objects.filter(is_synthetic=True).exists)

    return {"synthetic_figures_present": present}
