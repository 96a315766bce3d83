"""The treatments app's models, one module per subject; import them from here
(`from sessions.models import TreatmentSession`), as migrations and other apps do."""

from sessions.models.charts import (
    AdverseEvent,
    Chart,
    ChartAmendment,
    ChartProduct,
    Photo,
    photo_path,
)
from sessions.models.documents import (
    ConsentRecord,
    DocumentHandout,
    DocumentRelease,
    consent_pdf_path,
    consent_scan_path,
)
from sessions.models.followups import FollowUp, FollowUpEvent, FollowUpQuerySet
from sessions.models.maps import ChartArea, MapMark
from sessions.models.plans import (
    MAX_SESSION_LENGTH,
    TreatmentPlan,
    TreatmentSession,
    TreatmentSessionQuerySet,
)
from sessions.models.scheduling import CalendarFeedToken, Closure, Location, Room, WorkingHours

__all__ = [
    "MAX_SESSION_LENGTH",
    "AdverseEvent",
    "CalendarFeedToken",
    "Chart",
    "ChartAmendment",
    "ChartArea",
    "ChartProduct",
    "Closure",
    "ConsentRecord",
    "DocumentHandout",
    "DocumentRelease",
    "FollowUp",
    "FollowUpEvent",
    "FollowUpQuerySet",
    "Location",
    "MapMark",
    "Photo",
    "Room",
    "TreatmentPlan",
    "TreatmentSession",
    "TreatmentSessionQuerySet",
    "WorkingHours",
    "consent_pdf_path",
    "consent_scan_path",
    "photo_path",
]
