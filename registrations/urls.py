from django.urls import path

from registrations import views

app_name = "registrations"

urlpatterns = [
    path("registrer-organisasjon/", views.register, name="register"),
    path("registrer-organisasjon/sendt/", views.sent, name="sent"),
    path("registrer-organisasjon/mine/", views.mine, name="mine"),
    path("registrer-organisasjon/bekreft/<str:token>/", views.confirm, name="confirm"),
    path("koordinator/registreringer/", views.queue, name="queue"),
    path("koordinator/registreringer/<int:pk>/", views.detail, name="detail"),
    path("koordinator/registreringer/<int:pk>/godkjenn/", views.approve, name="approve"),
    path("koordinator/registreringer/<int:pk>/slaa-sammen/", views.merge, name="merge"),
    path("koordinator/registreringer/<int:pk>/avvis/", views.refuse, name="refuse"),
]
