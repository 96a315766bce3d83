"""What a protocol version says to patients, per language, in revisions that are never
rewritten: the procedure in plain words, benefits, side effects, risks, alternatives, pre-care
and aftercare lines and the signs to call about at once. Each revision carries its review."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from protocols.models.library import ProtocolVersion, validate_text_list

# The only fields a saved revision may still change: its clinician review.
REVIEW_FIELDS = frozenset({"review_status", "reviewed_by", "reviewed_at"})

# The parts of a revision that reach patients (forms, copies and checks walk these).
TEXT_FIELDS = (
    "name",
    "procedure",
    "benefits",
    "side_effects",
    "risks",
    "alternatives",
    "pre_care",
    "aftercare",
    "call_at_once",
)


def validate_side_effects(value):
    if not isinstance(value, list) or not all(
        isinstance(item, dict) and str(item.get("effect", "")).strip() for item in value
    ):
        raise ValidationError(_('Expected a list of {"effect": ..., "usual_duration": ...}.'))


class ProtocolPatientTextQuerySet(models.QuerySet):
    def latest_per_language(self):
        """The newest revision of each (version, language): what documents use."""
        newer = ProtocolPatientText.objects.filter(
            version=models.OuterRef("version"),
            language=models.OuterRef("language"),
            revision__gt=models.OuterRef("revision"),
        )
        return self.exclude(models.Exists(newer))


class ProtocolPatientText(models.Model):
    """One revision of a version's patient wording in one language. Adding or correcting a
    translation is a new revision; plans and consents keep the revision they used."""

    class Review(models.TextChoices):
        TO_REVIEW = "to_review", _("To be reviewed")
        REVIEWED = "reviewed", _("Reviewed by a clinician")

    version = models.ForeignKey(
        ProtocolVersion, models.PROTECT, related_name="patient_texts", verbose_name=_("version")
    )
    # No choices: a language is added in settings.LANGUAGES, without a migration.
    language = models.CharField(_("language"), max_length=8)
    revision = models.PositiveIntegerField(_("revision"))
    name = models.CharField(_("the treatment's name for patients"), max_length=150)
    procedure = models.TextField(_("the procedure, in plain words"))
    benefits = models.TextField(_("expected benefits and what the evidence shows"))
    side_effects = models.JSONField(
        _("common side effects"), default=list, blank=True, validators=[validate_side_effects]
    )
    risks = models.TextField(_("risks"))
    alternatives = models.TextField(_("alternatives"))
    pre_care = models.JSONField(
        _("before the session"), default=list, blank=True, validators=[validate_text_list]
    )
    aftercare = models.JSONField(
        _("after the session"), default=list, blank=True, validators=[validate_text_list]
    )
    call_at_once = models.JSONField(
        _("call us at once if"), default=list, blank=True, validators=[validate_text_list]
    )
    note = models.TextField(_("what this revision changed and why"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_status = models.CharField(
        _("review"), max_length=12, choices=Review.choices, default=Review.TO_REVIEW
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = ProtocolPatientTextQuerySet.as_manager()

    class Meta:
        ordering = ["version", "language", "-revision"]
        verbose_name = _("patient text of a protocol version")
        verbose_name_plural = _("patient texts of protocol versions")
        permissions = [
            ("review_protocolpatienttext", _("Can mark a patient text reviewed by a clinician"))
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language", "revision"], name="patient_text_revision_unique"
            )
        ]

    def __str__(self):
        return f"{self.version} · {self.language} r{self.revision}"

    def save(self, *args, **kwargs):
        # Append-only: the words of a saved revision never change (a consent may quote them);
        # only its review is recorded later.
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and not (update_fields and set(update_fields) <= REVIEW_FIELDS):
            raise ValidationError(_("A saved patient text cannot be changed; add a revision."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Patient texts are kept for the consents that quote them."))

    @property
    def is_reviewed(self) -> bool:
        return self.review_status == self.Review.REVIEWED
