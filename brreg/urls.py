from django.urls import path

from brreg import views

app_name = "brreg"

urlpatterns = [
    path("koordinator/enhetsregisteret/", views.overview, name="overview"),
    path("koordinator/enhetsregisteret/import/<int:pk>/", views.run_detail, name="run_detail"),
    path("koordinator/enhetsregisteret/import/<int:pk>/status.json", views.run_status, name="run_status"),
    path("koordinator/enhetsregisteret/forskjeller/", views.differences, name="differences"),
    path("koordinator/enhetsregisteret/forskjeller/godta-alle/", views.accept_all, name="accept_all"),
    path("koordinator/enhetsregisteret/forskjeller/<int:pk>/godta/", views.accept, name="accept"),
    path("koordinator/enhetsregisteret/oppslag/", views.lookup, name="lookup"),
    path("koordinator/organisasjoner/<int:pk>/enhetsregisteret/", views.lookup_save, name="lookup_save"),
]
