"""The back office's view of the protocol library: used versions, products and lots are
read-only there (changes go through the library's own pages and services)."""

from django.contrib import admin

from protocols.models import (
    AncillaryProduct,
    BlendComponent,
    Indication,
    Ingredient,
    Lot,
    Product,
    Protocol,
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


@admin.register(ProtocolVersion)
class ProtocolVersionAdmin(ReadOnlyAdmin):
    list_display = ["protocol", "number", "created_at", "created_by"]
    list_filter = ["protocol__indication"]
    inlines = [BlendInline, AncillaryInline]


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
