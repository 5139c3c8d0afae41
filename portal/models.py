"""The portal app's own models live next to the code that uses them; this module only makes
Django find them."""

from portal.web.formkeys import FormKey  # noqa: F401
from portal.background.jobs import Job  # noqa: F401
