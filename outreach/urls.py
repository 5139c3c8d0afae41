from django.urls import path

from outreach import views

app_name = "outreach"

urlpatterns = [
    path("koordinator/kontakt/", views.dashboard, name="dashboard"),
    path("koordinator/kontakt/ikke-kontaktet/", views.not_contacted, name="not_contacted"),
    path("koordinator/kontakt/logg/", views.contact_list, name="contact_list"),
    path("koordinator/kontakt/ny/", views.contact_create, name="contact_create"),
    path("koordinator/kontakt/organisasjonssok/", views.organisation_search, name="organisation_search"),
    path("koordinator/kontakt/<int:pk>/", views.contact_edit, name="contact_edit"),
    path("koordinator/kontakt/<int:pk>/slett/", views.contact_delete, name="contact_delete"),
    path("koordinator/kontakt/<int:pk>/fulgt-opp/", views.contact_follow_up_done, name="contact_follow_up_done"),
    path("koordinator/veiledning/", views.guidance_list, name="guidance_list"),
    path("koordinator/veiledning/ny/", views.guidance_form, name="guidance_create"),
    path("koordinator/veiledning/<int:pk>/", views.guidance_form, name="guidance_edit"),
    path("koordinator/veiledning/<int:pk>/slett-person/", views.guidance_erase_person, name="guidance_erase_person"),
    path("koordinator/invitasjoner/", views.invitation_list, name="invitation_list"),
    path("koordinator/invitasjoner/ny/", views.invitation_form, name="invitation_create"),
    path("koordinator/invitasjoner/<int:pk>/", views.invitation_form, name="invitation_edit"),
    path("koordinator/kontaktpersoner/<int:pk>/personvern/", views.person_privacy, name="person_privacy"),
    path("koordinator/kontaktpersoner/<int:pk>/personvern.json", views.person_export, name="person_export"),
]
