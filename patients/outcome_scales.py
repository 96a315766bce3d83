"""The outcome scales a consultation or session records (data: outcome_scales_data.py)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from patients.outcome_scales_data import SCALES

BY_CODE = {scale["code"]: scale for scale in SCALES}


def scale_choices(indication_codes=None) -> list[tuple[str, str]]:
    return [
        (scale["code"], f"{scale['name']}" + (f" ({scale['unit']})" if scale["unit"] else ""))
        for scale in SCALES
        if not indication_codes or set(scale["indications"]) & set(indication_codes)
    ]


def value_error(code: str, value: Decimal) -> str | None:
    """Why the value is not valid on this scale, or None."""
    scale = BY_CODE.get(code)
    if scale is None:
        return _("Unknown scale.")
    if scale["min"] is not None and value < Decimal(str(scale["min"])):
        return _("The lowest value on this scale is %(min)s.") % {"min": scale["min"]}
    if scale["max"] is not None and value > Decimal(str(scale["max"])):
        return _("The highest value on this scale is %(max)s.") % {"max": scale["max"]}
    if scale["kind"] == "ordinal" and value != value.to_integral_value():
        return _("This scale takes whole grades.")
    return None


def describe(code: str, value: Decimal) -> str:
    scale = BY_CODE.get(code)
    if scale is None:
        return str(value)
    if scale["kind"] == "ordinal":
        label = scale["labels"].get(int(value)) or scale["labels"].get(str(int(value)))
        return str(label) if label else str(int(value))
    return f"{value.normalize():f} {scale['unit']}".strip()
