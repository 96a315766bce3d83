"""The protocols app's models, one module per subject; import them from here
(`from protocols.models import Lot`), as migrations and other apps do."""

from protocols.models.library import (
    AncillaryProduct,
    BlendComponent,
    ChoiceListValidator,
    Indication,
    Ingredient,
    Protocol,
    ProtocolQuerySet,
    ProtocolVersion,
    positive,
    validate_text_list,
)
from protocols.models.patient_texts import ProtocolPatientText
from protocols.models.stock import EXPIRY_WARNING_DAYS, Lot, LotQuerySet, Product

__all__ = [
    "EXPIRY_WARNING_DAYS",
    "AncillaryProduct",
    "BlendComponent",
    "ChoiceListValidator",
    "Indication",
    "Ingredient",
    "Lot",
    "LotQuerySet",
    "Product",
    "Protocol",
    "ProtocolPatientText",
    "ProtocolQuerySet",
    "ProtocolVersion",
    "positive",
    "validate_text_list",
]
