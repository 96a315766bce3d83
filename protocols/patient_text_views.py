"""Pages for a protocol version's patient wording: read it per language, add a revision,
and let a clinician mark a revision reviewed (issue 15). Services: protocols.patient_texts."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clinic.people import display_name
from protocols import patient_texts
from protocols.forms import PatientTextForm, PatientTextReviewForm
from protocols.models import Protocol, ProtocolPatientText, ProtocolVersion
from protocols.models.patient_texts import TEXT_FIELDS


def _version_and_language(slug, number, language):
    languages = dict(settings.LANGUAGES)
    if language not in languages:
        raise Http404
    version = get_object_or_404(
        ProtocolVersion.objects.select_related("protocol"),
        protocol=get_object_or_404(Protocol, slug=slug),
        number=number,
    )
    return version, languages[language]


def _texts_url(version, language):
    return reverse(
        "protocols:patient_text",
        kwargs={"slug": version.protocol.slug, "number": version.number, "language": language},
    )


def _with_names(text):
    """The author's and reviewer's names; the seed wrote some texts, and is named so."""
    seed = _("Mesoplan (seed)")
    text.author_name = display_name(text.created_by) or seed
    text.reviewer_name = display_name(text.reviewed_by) or seed
    return text


LIST_FIELDS = {"pre_care", "aftercare", "call_at_once"}


def _sections(text):
    """Each section in the order a patient reads it: label, shape and value."""
    sections = []
    for name in TEXT_FIELDS:
        kind = "lines" if name in LIST_FIELDS else "text"
        if name == "side_effects":
            kind = "effects"
        label = text._meta.get_field(name).verbose_name
        sections.append({"label": label, "kind": kind, "value": getattr(text, name)})
    return sections


@permission_required("protocols.view_protocol_card", raise_exception=True)
def patient_text(request, slug, number, language):
    version, language_name = _version_and_language(slug, number, language)
    revisions = [
        _with_names(text)
        for text in ProtocolPatientText.objects.filter(version=version, language=language)
        .select_related("created_by", "reviewed_by")
        .order_by("-revision")
    ]
    shown = revisions[0] if revisions else None
    wanted = request.GET.get("revision", "")
    if wanted:
        shown = next((text for text in revisions if str(text.revision) == wanted), None)
        if shown is None:
            raise Http404
    context = {
        "protocol": version.protocol,
        "version": version,
        "language": language,
        "language_name": language_name,
        "languages": settings.LANGUAGES,
        "revisions": revisions,
        "shown": shown,
        "is_latest": bool(revisions) and shown == revisions[0],
        "sections": _sections(shown) if shown else [],
        "can_add": request.user.has_perm("protocols.add_protocolpatienttext"),
        "can_review": request.user.has_perm("protocols.review_protocolpatienttext"),
    }
    return render(request, "protocols/patient_text.html", context)


def _starting_words(version, language):
    """What the form starts from: this language's newest revision, else the English one to
    translate, else English built from the version's own fields."""
    chosen = patient_texts.patient_text_for(version, language)
    fields = chosen.fields(version)
    return fields, chosen.text is None or chosen.is_fallback


@permission_required("protocols.add_protocolpatienttext", raise_exception=True)
def patient_text_add(request, slug, number, language):
    version, language_name = _version_and_language(slug, number, language)
    initial, from_english = _starting_words(version, language)
    form = PatientTextForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            text = patient_texts.patient_text_add(
                version=version,
                language=language,
                fields=form.text_fields(),
                note=form.cleaned_data["note"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Revision %(revision)s saved. It is to be reviewed by a clinician.")
                % {"revision": text.revision},
            )
            return redirect(_texts_url(version, language))
    context = {
        "protocol": version.protocol,
        "version": version,
        "language": language,
        "language_name": language_name,
        "form": form,
        "from_english": from_english and language != patient_texts.FALLBACK_LANGUAGE,
        "cancel": _texts_url(version, language),
    }
    return render(request, "protocols/patient_text_form.html", context)


@permission_required("protocols.review_protocolpatienttext", raise_exception=True)
def patient_text_review(request, slug, number, language, revision):
    version, language_name = _version_and_language(slug, number, language)
    text = get_object_or_404(
        ProtocolPatientText.objects.select_related("created_by"),
        version=version,
        language=language,
        revision=revision,
    )
    _with_names(text)
    if text.is_reviewed:
        messages.info(request, _("This text has already been reviewed."))
        return redirect(_texts_url(version, language))
    form = PatientTextReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            patient_texts.patient_text_review(text=text, by=request.user, request=request)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("%(language)s revision %(revision)s marked reviewed.")
                % {"language": language_name, "revision": text.revision},
            )
            return redirect(_texts_url(version, language))
    context = {
        "protocol": version.protocol,
        "version": version,
        "language": language,
        "language_name": language_name,
        "text": text,
        "sections": _sections(text),
        "is_latest": not ProtocolPatientText.objects.filter(
            version=version, language=language, revision__gt=text.revision
        ).exists(),
        "form": form,
        "cancel": _texts_url(version, language),
    }
    return render(request, "protocols/patient_text_review.html", context)
