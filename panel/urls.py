from django.urls import path  # noqa: F401

from panel import views  # noqa: F401

app_name = "panel"

urlpatterns = []
