from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("koordinator/mal/", views.goal_list, name="goal_list"),
    path("koordinator/mal/ny/", views.goal_form, name="goal_create"),
    path("koordinator/mal/<int:pk>/rediger/", views.goal_form, name="goal_edit"),
    path("koordinator/mal/<int:pk>/tall/", views.goal_values, name="goal_values"),
    path("koordinator/mal/<int:pk>/tall/<int:year>/slett/", views.goal_value_delete, name="goal_value_delete"),
    path("koordinator/mal/plan/", views.plan_list, name="plan_list"),
    path("koordinator/mal/plan/<int:year>/kopier/", views.plan_copy, name="plan_copy"),
    path("koordinator/mal/plan/status/", views.plan_status, name="plan_status"),
    path("koordinator/mal/plan/status.pdf", views.plan_status_pdf, name="plan_status_pdf"),
    path("koordinator/mal/plan/punkt/ny/", views.plan_item_form, name="plan_item_create"),
    path("koordinator/mal/plan/punkt/<int:pk>/rediger/", views.plan_item_form, name="plan_item_edit"),
    path("koordinator/mal/plan/punkt/<int:pk>/<int:year>/", views.plan_item_year, name="plan_item_year"),
    path("koordinator/mal/tiltak/", views.measure_list, name="measure_list"),
    path("koordinator/mal/tiltak/ny/", views.measure_form, name="measure_create"),
    path("koordinator/mal/tiltak/<int:pk>/rediger/", views.measure_form, name="measure_edit"),
    path("koordinator/mal/tiltak/<int:pk>/<int:year>/", views.measure_year, name="measure_year"),
]
