from indicators.models import Measurement


def synthetic_figures(request):
    """Whether any synthetic demonstration figure exists, for the banner on every page.

    One cheap EXISTS query per page, evaluated only if a template reads it.
    """
    return {"synthetic_figures_present": lambda: Measurement.objects.filter(is_synthetic=True).exists()}
