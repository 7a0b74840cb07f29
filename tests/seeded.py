"""One way to name a row of the seed as a fixture."""

import pytest


def seeded_row(model, **lookup):
    """A fixture giving the seeded row of ``model`` that ``lookup`` finds: ``blaby = seeded_row(Area, name="Blaby")``."""

    @pytest.fixture
    def row(seeded):
        return model._default_manager.get(**lookup)

    return row
