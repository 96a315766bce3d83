"""The protocols app's routes (URL -> view)."""

from django.urls import path

from protocols import patient_text_views, views

app_name = "protocols"

urlpatterns = [
    path("", views.protocol_library, name="library"),
    path("new/", views.protocol_create, name="create"),
    path("products/", views.product_list, name="products"),
    path("products/new/", views.product_edit, name="product_create"),
    path("products/<int:pk>/", views.product_edit, name="product_edit"),
    path("lots/", views.lot_list, name="lots"),
    path("lots/new/", views.lot_edit, name="lot_create"),
    path("lots/<int:pk>/", views.lot_edit, name="lot_edit"),
    path("lots/<int:pk>/recall/", views.lot_recall, name="lot_recall"),
    path("lots/<int:pk>/recall/start/", views.lot_recall_start, name="lot_recall_start"),
    path("lots/<int:pk>/quarantine/", views.lot_quarantine, name="lot_quarantine"),
    path("<slug:slug>/", views.protocol_detail, name="detail"),
    path("<slug:slug>/v<int:number>/", views.protocol_detail, name="version"),
    path(
        "<slug:slug>/v<int:number>/texts/<str:language>/",
        patient_text_views.patient_text,
        name="patient_text",
    ),
    path(
        "<slug:slug>/v<int:number>/texts/<str:language>/new/",
        patient_text_views.patient_text_add,
        name="patient_text_add",
    ),
    path(
        "<slug:slug>/v<int:number>/texts/<str:language>/<int:revision>/review/",
        patient_text_views.patient_text_review,
        name="patient_text_review",
    ),
    path("<slug:slug>/compare/", views.protocol_diff, name="diff"),
    path("<slug:slug>/revise/", views.protocol_revise, name="revise"),
    path("<slug:slug>/retire/", views.protocol_retire, name="retire"),
]
