from django.urls import path

from sessions import views

app_name = "treatments"

urlpatterns = [
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
]
