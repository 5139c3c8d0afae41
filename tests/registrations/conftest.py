import pytest
from django.core.cache import cache

from tests.brreg.conftest import register_offline, register_server  # noqa: F401 (the stand-in for data.brreg.no)

# A unit as the register's API answers it (OpenAPI `Enhet`); 974760673 passes the MOD11 check.
NUMBER = "974760673"


def unit(number=NUMBER, name="TAMILSK KULTURFORENING SANDNES", frivillig=True):
    return {
        "organisasjonsnummer": number,
        "navn": name,
        "organisasjonsform": {"kode": "FLI", "beskrivelse": "Forening/lag/innretning"},
        "forretningsadresse": {"adresse": ["Langgata 12"], "postnummer": "4306", "poststed": "SANDNES",
                               "kommune": "SANDNES", "kommunenummer": "1108"},
        "registrertIFrivillighetsregisteret": frivillig,
        "konkurs": False,
    }


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate limits count in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(register_server):
    register_server.units[NUMBER] = unit()
    return register_server
