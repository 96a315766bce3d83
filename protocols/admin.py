"""The back office's view of the protocol library: used versions, products and lots are
read-only there (changes go through the library's own pages and services)."""

from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from protocols import patient_texts
from protocols.models import (
    AncillaryProduct,
    BlendComponent,
    Indication,
    Ingredient,
    Lot,
    Product,
    Protocol,
    ProtocolPatientText,
    ProtocolVersion,
)


@admin.register(Indication)
class IndicationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position"]


@admin.register(Ingredient)
class IngredientAdmin(admin.ModelAdmin):
    list_display = ["name", "ingredient_class", "max_amount_per_session", "amount_unit"]
    list_filter = ["ingredient_class"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        return False  # blends of kept versions point at ingredients


class ReadOnlyAdmin(admin.ModelAdmin):
    """Protocols, versions, products and lots change only through the app's pages, which
    write new versions and audit every change; the back office reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BlendInline(admin.TabularInline):
    model = BlendComponent
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AncillaryInline(BlendInline):
    model = AncillaryProduct


@admin.register(Protocol)
class ProtocolAdmin(ReadOnlyAdmin):
    list_display = ["name", "indication", "current_version", "retired_at"]
    list_filter = ["indication"]
    search_fields = ["name", "slug"]


class PatientTextInline(BlendInline):
    model = ProtocolPatientText
    fields = ["language", "revision", "review_status", "reviewed_by", "reviewed_at", "note"]
    readonly_fields = fields


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(ReadOnlyAdmin):
    list_display = ["protocol", "number", "created_at", "created_by", "patient_text_review"]
    list_filter = ["protocol__indication"]
    inlines = [BlendInline, AncillaryInline, PatientTextInline]

    @admin.display(description=gettext_lazy("patient texts"))
    def patient_text_review(self, obj):
        """Each language's newest patient text and whether a clinician has reviewed it."""
        parts = []
        for code, text in patient_texts.review_state(obj).items():
            if text is None:
                parts.append(_("%(language)s: none") % {"language": code})
            elif text.is_reviewed:
                parts.append(_("%(language)s: reviewed") % {"language": code})
            else:
                parts.append(_("%(language)s: not yet reviewed") % {"language": code})
        return " · ".join(parts)


@admin.register(ProtocolPatientText)
class ProtocolPatientTextAdmin(ReadOnlyAdmin):
    """Read here; written and reviewed through protocols.patient_texts (audited)."""

    list_display = ["version", "language", "revision", "review_status", "reviewed_by", "created_at"]
    list_filter = ["review_status", "language"]


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["name", "maker", "ingredient", "volume_ml"]
    search_fields = ["name", "maker"]


@admin.register(Lot)
class LotAdmin(ReadOnlyAdmin):
    list_display = ["product", "lot_number", "expiry_date", "quantity_remaining", "status"]
    list_filter = [
        ("recalled_at", admin.EmptyFieldListFilter),
        ("quarantined_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["lot_number", "product__name"]
    date_hierarchy = "expiry_date"
