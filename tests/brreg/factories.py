"""Units in Enhetsregisteret's real JSON shape (OpenAPI schema `Enhet`, as the API and the bulk file send them)."""

import gzip
import json

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def valid_numbers(count, start=91_000_000):
    """Nine-digit numbers whose MOD11 check digit is right (stdnum.no.orgnr accepts them)."""
    found, base = [], start
    while len(found) < count:
        digits = f"{base:08d}"
        remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS)) % 11
        check = 0 if remainder == 0 else 11 - remainder
        if check != 10:
            found.append(digits + str(check))
        base += 1
    return found


def unit(number, navn, *, kommune="SANDNES", kommunenummer="1108", adresse=("Langgata 12",), postnummer="4306",
         poststed="SANDNES", frivillig=True, konkurs=False, konkursdato=None, avvikling=False, tvang=False,
         slettedato=None, kode="FLI", beskrivelse="Forening/lag/innretning", hjemmeside=None):
    body = {
        "organisasjonsnummer": number,
        "navn": navn,
        "organisasjonsform": {
            "kode": kode, "beskrivelse": beskrivelse,
            "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/organisasjonsformer/{kode}"}},
        },
        "postadresse": {"land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed,
                        "adresse": ["Postboks 17"], "kommune": kommune, "kommunenummer": kommunenummer},
        "registreringsdatoEnhetsregisteret": "2012-04-02",
        "registrertIMvaregisteret": False,
        "naeringskode1": {"kode": "94.991", "beskrivelse": "Aktivitetsfremmende foreninger og klubber"},
        "antallAnsatte": 0,
        "harRegistrertAntallAnsatte": False,
        "forretningsadresse": {"land": "Norge", "landkode": "NO", "postnummer": postnummer, "poststed": poststed,
                               "adresse": list(adresse), "kommune": kommune, "kommunenummer": kommunenummer},
        "stiftelsedato": "2011-11-11",
        "institusjonellSektorkode": {"kode": "7000", "beskrivelse": "Ideelle organisasjoner"},
        "registrertIForetaksregisteret": False,
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": frivillig,
        "konkurs": konkurs,
        "underAvvikling": avvikling,
        "underTvangsavviklingEllerTvangsopplosning": tvang,
        "maalform": "Bokmål",
        "_links": {"self": {"href": f"https://data.brreg.no/enhetsregisteret/api/enheter/{number}"}},
    }
    if konkursdato:
        body["konkursdato"] = konkursdato
    if slettedato:
        body["slettedato"] = slettedato
    if hjemmeside:
        body["hjemmeside"] = hjemmeside
    return body


def write_bulk(path, units, gzipped=True):
    data = json.dumps(units, ensure_ascii=False, indent=1).encode("utf-8")
    if gzipped:
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path
