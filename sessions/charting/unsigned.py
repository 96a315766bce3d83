"""The charts a practitioner still has to sign (their dashboard), read through the partial
index of unsigned charts (chart_unsigned_idx) whatever the years of signed history."""

from sessions.models import Chart

CHARTS_TO_SIGN_SHOWN = 20


def charts_to_sign(practitioner, limit: int = CHARTS_TO_SIGN_SHOWN) -> list[Chart]:
    """Their unsigned charts, oldest session first. Two short queries on purpose: in one
    join ordered by the session's start, PostgreSQL walks the starts_at index from the
    oldest session and probes a chart for each (44k probes at network size); picking the
    unsigned ones first reads only them."""
    unsigned = list(
        Chart.objects.filter(
            signed_at__isnull=True, treatment_session__practitioner=practitioner
        ).values_list("pk", flat=True)
    )
    if not unsigned:
        return []
    return list(
        Chart.objects.filter(pk__in=unsigned)
        .select_related("treatment_session__patient")
        .order_by("treatment_session__starts_at", "pk")[:limit]
    )
