from django.urls import path  # noqa: F401

from outreach import views  # noqa: F401

app_name = "outreach"

urlpatterns = []
