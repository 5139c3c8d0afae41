from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("koordinator/nettverk/", views.relationship_list, name="relationship_list"),
    path("koordinator/nettverk/ny/", views.relationship_create, name="relationship_create"),
    path("koordinator/nettverk/<int:pk>/", views.relationship_edit, name="relationship_edit"),
    path("koordinator/nettverk/<int:pk>/slett/", views.relationship_delete, name="relationship_delete"),
    path("koordinator/nettverk/forslag/<int:pk>/godkjenn/", views.relationship_proposal_approve, name="relationship_proposal_approve"),
    path("koordinator/nettverk/forslag/<int:pk>/avvis/", views.relationship_proposal_reject, name="relationship_proposal_reject"),
    path("mine-organisasjoner/<slug:slug>/nettverk/", views.editor_networks, name="editor_networks"),
    path("mine-organisasjoner/<slug:slug>/nettverk/ny/", views.editor_relationship_propose, name="editor_relationship_propose"),
    path("koordinator/avtaler/", views.agreement_list, name="agreement_list"),
    path("koordinator/avtaler/ny/", views.agreement_create, name="agreement_create"),
    path("koordinator/avtaler/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("koordinator/avtaler/<int:pk>/rediger/", views.agreement_edit, name="agreement_edit"),
    path("koordinator/avtaler/<int:pk>/slett/", views.agreement_delete, name="agreement_delete"),
]
