"""Every change to the protocol library goes through these functions.

Invariant: a ProtocolVersion and its blend are written once, together, and never changed.
Creating a protocol writes version 1; revising writes version N+1 and makes it current, with
the previous version's patient texts copied forward (protocols/patient_texts.py).
Records that used an older version (plans, charts, consents) keep pointing at it.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from clinic import audit, dates
from protocols import patient_texts
from protocols.catalogues import ContraindicationTag, TreatmentArea
from protocols.models import (
    AncillaryProduct,
    BlendComponent,
    Lot,
    Product,
    Protocol,
    ProtocolVersion,
)

VERSION_FIELDS = [
    field.name
    for field in ProtocolVersion._meta.concrete_fields
    if field.name not in ("id", "protocol", "number", "created_at", "created_by", "change_note")
]


def _write_version(
    *, protocol, number, content, blend, change_note, by, ancillaries=()
) -> ProtocolVersion:
    if not blend:
        raise ValidationError({"blend": _("A blend needs at least one ingredient.")})
    version = ProtocolVersion(
        protocol=protocol, number=number, change_note=change_note, created_by=by, **content
    )
    version.full_clean(exclude=["protocol"])
    version.save()
    for position, component in enumerate(blend):
        item = BlendComponent(version=version, position=position, **component)
        item.full_clean(exclude=["version"])
        item.save()
    for position, row in enumerate(ancillaries or ()):
        extra = AncillaryProduct(version=version, position=position, **row)
        extra.full_clean(exclude=["version"])
        extra.save()
    return version


def version_ancillaries(version: ProtocolVersion) -> list[dict]:
    """A version's ancillary products as the dicts protocol_create/protocol_revise take."""
    return [
        {
            "role": row.role,
            "name": row.name,
            "ingredient": row.ingredient,
            "use": row.use,
            "optional": row.optional,
            "source": row.source,
        }
        for row in version.ancillaries.all()
    ]


@transaction.atomic
def protocol_create(
    *,
    slug,
    name,
    indication,
    content: dict,
    blend: list[dict],
    by,
    change_note="",
    ancillaries: list[dict] = (),
) -> Protocol:
    """Create a protocol and its version 1 (content: VERSION_FIELDS; blend: component dicts;
    ancillaries: the anaesthetic, diluent or additives it uses, as AncillaryProduct dicts)."""
    protocol = Protocol(slug=slug, name=name, indication=indication)
    protocol.full_clean(exclude=["current_version"])
    protocol.save()
    version = _write_version(
        protocol=protocol,
        number=1,
        content=content,
        blend=blend,
        change_note=change_note or _("First version."),
        by=by,
        ancillaries=ancillaries,
    )
    protocol.current_version = version
    protocol.save(update_fields=["current_version"])
    audit.record(actor=by, action="protocol.created", target=version)
    return protocol


@transaction.atomic
def protocol_revise(
    *,
    protocol: Protocol,
    content: dict,
    blend: list[dict],
    change_note: str,
    by,
    name=None,
    ancillaries: list[dict] | None = None,
) -> ProtocolVersion:
    """Write the next version and make it current. The previous versions stay as they were.
    Ancillary products not given are carried over from the current version."""
    locked = Protocol.objects.select_for_update().get(pk=protocol.pk)
    if locked.retired_at is not None:
        raise ValidationError(_("This protocol is retired; it cannot be revised."))
    if not change_note.strip():
        raise ValidationError({"change_note": _("Say what changed and why.")})
    number = (locked.versions.aggregate(last=Max("number"))["last"] or 0) + 1
    if ancillaries is None and locked.current_version_id:
        ancillaries = version_ancillaries(locked.current_version)
    version = _write_version(
        protocol=locked,
        number=number,
        content=content,
        blend=blend,
        change_note=change_note,
        by=by,
        ancillaries=ancillaries,
    )
    if locked.current_version_id:
        patient_texts.copy_forward(previous=locked.current_version, version=version, by=by)
    locked.current_version = version
    fields = ["current_version"]
    if name and name != locked.name:
        locked.name = name
        fields.append("name")
    locked.save(update_fields=fields)
    audit.record(actor=by, action="protocol.revised", target=version, details={"number": number})
    return version


@transaction.atomic
def protocol_retire(*, protocol: Protocol, by) -> Protocol:
    """Hide a protocol from new plans. Its versions stay, for the records that used them."""
    protocol.retired_at = timezone.now()
    protocol.save(update_fields=["retired_at"])
    audit.record(actor=by, action="protocol.retired", target=protocol)
    return protocol


def version_content(version: ProtocolVersion) -> tuple[dict, list[dict]]:
    """A version as the (content, blend) pair that protocol_revise takes: the start of an edit."""
    content = {name: getattr(version, name) for name in VERSION_FIELDS}
    blend = [
        {
            "ingredient": item.ingredient,
            "concentration": item.concentration,
            "concentration_unit": item.concentration_unit,
            "volume_ml": item.volume_ml,
        }
        for item in version.blend.all()
    ]
    return content, blend


# Lists of catalogue codes: their order carries no meaning, and people read labels.
CODE_LISTS = {
    "treatment_areas": TreatmentArea,
    "on_label_areas": TreatmentArea,
    "absolute_contraindications": ContraindicationTag,
    "relative_contraindications": ContraindicationTag,
}


def version_diff(older: ProtocolVersion, newer: ProtocolVersion) -> list[dict]:
    """Field by field: what differs between two versions (label, old value, new value)."""
    old_content, old_blend = version_content(older)
    new_content, new_blend = version_content(newer)
    changes = []
    for name in VERSION_FIELDS:
        old_value, new_value = old_content[name], new_content[name]
        if name in CODE_LISTS and set(old_value) == set(new_value):
            continue
        if old_value != new_value:
            field = ProtocolVersion._meta.get_field(name)
            changes.append(
                {
                    "label": str(field.verbose_name),
                    "old": _display(older, field, old_value),
                    "new": _display(newer, field, new_value),
                }
            )
    if _blend_lines(old_blend) != _blend_lines(new_blend):
        changes.append(
            {
                "label": _("blend"),
                "old": "\n".join(_blend_lines(old_blend)),
                "new": "\n".join(_blend_lines(new_blend)),
            }
        )
    return changes


def _display(version, field, value) -> str:
    if field.choices:
        return str(getattr(version, f"get_{field.name}_display")())
    if field.name in CODE_LISTS:
        catalogue = CODE_LISTS[field.name]
        return "\n".join(str(catalogue(code).label) for code in value)
    if isinstance(value, list):
        return "\n".join(
            " — ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
            for item in value
        )
    if isinstance(value, dict):
        return "\n".join(f"{key}: {text}" for key, text in value.items())
    return "" if value is None else str(value)


def _blend_lines(blend) -> list[str]:
    return [
        f"{item['ingredient']} {item['concentration'] or ''} {item['concentration_unit']} "
        f"{item['volume_ml']} mL".replace("  ", " ")
        for item in blend
    ]


@transaction.atomic
def product_save(*, product: Product, by) -> Product:
    created = product.pk is None
    product.full_clean()
    product.save()
    audit.record(
        actor=by, action="product.created" if created else "product.changed", target=product
    )
    return product


@transaction.atomic
def lot_save(*, lot: Lot, by) -> Lot:
    """Record a received lot (or correct one). An already expired lot is refused on receipt."""
    created = lot.pk is None
    if created and lot.expiry_date and lot.expiry_date < timezone.localdate():
        raise ValidationError(
            {
                "expiry_date": _("This lot expired on %(date)s; it cannot be received.")
                % {"date": dates.day(lot.expiry_date)}
            }
        )
    if created and lot.quantity_remaining is None:
        lot.quantity_remaining = lot.quantity_received
    lot.full_clean()
    lot.save()
    audit.record(actor=by, action="lot.received" if created else "lot.changed", target=lot)
    return lot


LOT_BLOCKS = {
    "quarantined": ("quarantined_at", "quarantine_reason", "quarantined_by", "lot.quarantined"),
    "recalled": ("recalled_at", "recall_reason", "recalled_by", "lot.recalled"),
}


def _lot_block(*, lot: Lot, kind: str, reason: str, by, request=None) -> Lot:
    at_field, reason_field, by_field, action = LOT_BLOCKS[kind]
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why.")})
    locked = Lot.objects.select_for_update().get(pk=lot.pk)
    if getattr(locked, at_field):
        return locked
    setattr(locked, at_field, timezone.now())
    setattr(locked, reason_field, reason[:300])
    setattr(locked, by_field, by)
    locked.save(update_fields=[at_field, reason_field, by_field])
    audit.record(
        actor=by, action=action, target=locked, request=request, details={"reason": reason}
    )
    return locked


@transaction.atomic
def lot_quarantine(*, lot: Lot, reason: str, by, request=None) -> Lot:
    """Take a lot out of use pending investigation. Idempotent (a quarantined lot keeps its
    first date and reason). Side effects: the lot's quarantine fields, a `lot.quarantined` event.
    A quarantined lot leaves `Lot.objects.usable()`."""
    return _lot_block(lot=lot, kind="quarantined", reason=reason, by=by, request=request)


@transaction.atomic
def lot_recall_mark(*, lot: Lot, reason: str, by, request=None) -> Lot:
    """Mark a lot recalled (never usable again). Idempotent. Called inside the transaction that
    queues the recall outreach. Side effects: the lot's recall fields, a `lot.recalled` event."""
    return _lot_block(lot=lot, kind="recalled", reason=reason, by=by, request=request)
