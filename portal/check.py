"""The post-treatment check on the patient's phone: yes/no questions built from the urgent-
review triggers, a 0-10 satisfaction and a comment; any "yes" opens an urgent task for the
practitioner and tells the patient to call now, all "no" closes the follow-up as answered.

The questions are reference §8's "suggested software trigger (derived)": an urgent review for
a new painful nodule, discharge or abscess, fever, spreading redness, skin colour change or
blanching (necrosis), hair loss at injection sites, facial asymmetry, or difficulty swallowing
(docs/reference/mesotherapy-reference.md §8, from [C5] [T45] [C8] [T43] [T44] [T47] [T22]
[T23] [T32]). Their patient wording is the aftercare sheet's "call us at once" list
(sessions.followups.rules.CALL_AT_ONCE_SIGNS), so the sheet and the check never disagree."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.links import portal_link_complete
from portal.models import CheckAnswer
from sessions.followups import queue, scheduling
from sessions.followups.rules import CALL_AT_ONCE_SIGNS
from sessions.models import FollowUp, TreatmentSession

# One key per §8 trigger, in the order of CALL_AT_ONCE_SIGNS.
TRIGGER_KEYS = (
    "painful_lump",
    "discharge",
    "fever",
    "spreading_redness",
    "colour_change",
    "hair_loss",
    "facial_asymmetry",
    "swallowing",
)
QUESTIONS = dict(zip(TRIGGER_KEYS, CALL_AT_ONCE_SIGNS, strict=True))

YES_NO = [("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))]
SCALE = [(str(value), str(value)) for value in range(11)]


class CheckForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=gettext_lazy("How satisfied are you with your treatment so far?"),
        help_text=gettext_lazy("0 = not at all, 10 = completely"),
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything else you want to tell us? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, sign in QUESTIONS.items():
            self.fields[key] = forms.ChoiceField(
                label=gettext_lazy(sign),
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": gettext_lazy("Answer yes or no.")},
            )
        # The questions first, then satisfaction and comment.
        order = [*TRIGGER_KEYS, "satisfaction", "comment"]
        self.fields = {name: self.fields[name] for name in order}

    def questions(self):
        return [self[key] for key in TRIGGER_KEYS]


def about_latest_completed_session(patient) -> dict:
    """What a staff-sent check link is about: the latest completed treatment session, and its
    post-treatment check follow-up (answering closes it)."""
    treatment_session = (
        TreatmentSession.objects.filter(
            patient=patient,
            status=TreatmentSession.Status.COMPLETED,
            kind__in=TreatmentSession.TREATMENT_KINDS,
        )
        .order_by("-starts_at", "-pk")
        .first()
    )
    if treatment_session is None:
        raise ValidationError(_("No completed treatment yet: there is nothing to check."))
    follow_up = (
        FollowUp.objects.filter(
            treatment_session=treatment_session, kind=FollowUp.Kind.POST_TREATMENT_CHECK
        )
        .order_by("-pk")
        .first()
    )
    return {"treatment_session": treatment_session, "follow_up": follow_up}


def _answers_note(answer: CheckAnswer) -> str:
    """The answers for the practitioner's log, in the clinic's language."""
    with translation.override(settings.LANGUAGE_CODE):
        signs = "; ".join(_(QUESTIONS[key]) for key in answer.warning_signs) or _("none")
        note = _("The patient answered yes to: %(signs)s. Satisfaction %(score)s/10.") % {
            "signs": signs,
            "score": answer.satisfaction,
        }
        if answer.comment:
            note += " " + _("Comment: %(comment)s") % {"comment": answer.comment}
    return note


@transaction.atomic
def check_submit(*, link, data: dict, request=None) -> CheckAnswer:
    """Record the answers once (LinkClosed if the link is used up), then: any "yes" gives the
    session's practitioner an urgent check today with the answers; the check's follow-up is
    closed as answered by the patient (its note says only that an answer came: the front desk
    reads it). Rows only: a broker or mail outage loses nothing."""
    answers = {key: data[key] == "yes" for key in TRIGGER_KEYS}
    warning_signs = [key for key in TRIGGER_KEYS if answers[key]]
    portal_link_complete(link=link, request=request, details={"warning": bool(warning_signs)})
    answer = CheckAnswer.objects.create(
        link=link,
        answers=answers,
        warning_signs=warning_signs,
        satisfaction=data["satisfaction"],
        comment=(data.get("comment") or "").strip(),
    )
    if warning_signs and link.treatment_session_id:
        answer.escalated_to = scheduling.follow_ups_on_patient_warning(
            treatment_session=link.treatment_session,
            key=f"{FollowUp.Kind.ADVERSE_EVENT_CHECK}:patient-check:{link.pk}",
            note=_answers_note(answer),
        )
        answer.save(update_fields=["escalated_to"])
    follow_up = link.follow_up
    if follow_up is not None:
        with translation.override(settings.LANGUAGE_CODE):
            note = _("The patient answered the check on their link.")
        queue.follow_up_answered_by_patient(follow_up=follow_up, note=note)
    return answer
