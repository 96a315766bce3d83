"""The patients app's routes (URL -> view)."""

from django.urls import path

from patients import questionnaire_views, views

app_name = "patients"

urlpatterns = [
    path("", views.patient_search, name="search"),
    path("pick/", views.patient_pick, name="pick"),
    path("new/", views.patient_register, name="register"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("<int:pk>/edit/", views.patient_edit, name="edit"),
    path("<int:pk>/archive/", views.patient_archive, name="archive"),
    path("<int:pk>/history/", views.history_review, name="history"),
    path("<int:pk>/medications/new/", views.medication_add, name="medication_add"),
    path(
        "<int:pk>/medications/<int:medication_pk>/stop/",
        views.medication_stop,
        name="medication_stop",
    ),
    path("<int:pk>/site-conditions/new/", views.site_condition_add, name="site_condition_add"),
    path(
        "<int:pk>/site-conditions/<int:condition_pk>/resolve/",
        views.site_condition_resolve,
        name="site_condition_resolve",
    ),
    path("<int:pk>/inr/new/", views.inr_add, name="inr_add"),
    path("<int:pk>/allergies/resolve/", views.allergy_resolve, name="allergy_resolve"),
    path("<int:pk>/consultations/new/", views.consultation_start, name="consultation_start"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
    path(
        "<int:pk>/questionnaires/<int:questionnaire_pk>/",
        questionnaire_views.questionnaire_review,
        name="questionnaire",
    ),
]
