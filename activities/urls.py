from django.urls import path

from activities import views

app_name = "activities"

urlpatterns = [
    # Public
    path("aktiviteter/<int:pk>/", views.public_detail, name="public_detail"),
    path("lokaler/", views.premises_list, name="premises_list"),
    path("ressurser/", views.resource_list, name="resource_list"),
    # Coordinators and council staff
    path("koordinator/aktiviteter/", views.activity_list, name="list"),
    path("koordinator/aktiviteter/ny/", views.activity_create, name="create"),
    path("koordinator/aktiviteter/<int:pk>/", views.activity_detail, name="detail"),
    path("koordinator/aktiviteter/<int:pk>/rediger/", views.activity_edit, name="edit"),
    path("koordinator/aktiviteter/<int:pk>/slett/", views.activity_delete, name="delete"),
    path("koordinator/lokaler/", views.premises_manage, name="premises_manage"),
    path("koordinator/lokaler/nytt/", views.premises_create, name="premises_create"),
    path("koordinator/lokaler/<int:pk>/", views.premises_edit, name="premises_edit"),
    path("koordinator/ressurser/", views.resource_manage, name="resource_manage"),
    path("koordinator/ressurser/ny/", views.resource_create, name="resource_create"),
    path("koordinator/ressurser/<int:pk>/", views.resource_edit, name="resource_edit"),
]
