"""This app's entries in the record of processing (portal.privacy.processing).

Relationships and agreements are between organisations: no field holds a person; a proposal
keeps the accounts of the editor who sent it and the coordinator who decided it. An agreement's
free text may still name someone who signed it, so it is declared, and erasing a contact person
redacts them from the agreements their organisation is a party to (networks.services
.contact_person_shred); a relationship's note is reached by the erasure service's sweep of the
free text of every record pointing at the person's organisation."""

from django.utils.translation import gettext_lazy as _

from portal.privacy import processing, roles


processing.declare(
    "networks.RelationshipProposal",
    category=_("Forslag til forbindelser fra organisasjonene"),
    fields=["submitted_by", "reviewed_by"],
    purpose=_("Hvem som foreslo eller behandlet forslaget, så koordinatorene kan følge opp arbeidet."),
    seen_by=[roles.COORDINATOR, roles.ORGANISATION_EDITOR],
    retention=_("Så lenge posten finnes."),
    erasure=_("Feltene tømmes når kontoen slettes; forslaget slettes med organisasjonen."),
)
processing.declare(
    "networks.Agreement",
    category=_("Avtaleregisteret"),
    fields=["text"],
    purpose=_("Hva organisasjonene og de kommunale virksomhetene har avtalt; teksten kan nevne hvem som signerte."),
    seen_by=[roles.COORDINATOR, roles.COUNCIL_STAFF, processing.PUBLIC],
    retention=_("Så lenge avtalen er i registeret."),
    erasure=_("Slettetjenesten fjerner en kontaktpersons navn, e-post og telefon fra avtalene organisasjonen er part i."),
)
