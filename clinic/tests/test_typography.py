"""French typography for patient documents (clinic/typography.py)."""

from clinic.typography import NBSP, NNBSP, for_language, french, french_html


def test_french_spaces_colons_and_tall_punctuation_with_non_breaking_spaces():
    assert french("Fréquent : douleur; rougeur! Vraiment?") == (
        f"Fréquent{NBSP}: douleur{NNBSP}; rougeur{NNBSP}! Vraiment{NNBSP}?"
    )


def test_times_urls_and_ratios_are_left_alone():
    text = "À 10:30, voir https://example.org/a?b=1 et le ratio 1:3."
    assert french(text) == text


def test_quotes_become_guillemets_and_apostrophes_curl():
    assert french('Il dit "non" à l\'eau') == f"Il dit «{NBSP}non{NBSP}» à l’eau"


def test_it_is_idempotent():
    once = french('Note : "oui" ; fin !')
    assert french(once) == once


def test_html_text_is_typeset_but_tags_styles_and_entities_are_not():
    page = (
        '<style>p{color:red;}</style><p title="a: b">Durée<strong>X</strong>: 2 jours'
        " &amp; plus ; fin</p>"
    )
    out = french_html(page)
    assert "<style>p{color:red;}</style>" in out and 'title="a: b"' in out
    assert f"</strong>{NBSP}: 2 jours &amp; plus{NNBSP}; fin</p>" in out


def test_only_french_documents_are_changed():
    assert for_language("Note : oui", "en") == "Note : oui"
    assert for_language("Note : oui", "fr") == f"Note{NBSP}: oui"


def test_a_label_inside_a_sentence_starts_lower_case_unless_it_is_an_acronym():
    from clinic.typography import mid_sentence

    assert mid_sentence("Visage") == "visage"
    assert mid_sentence("Cuir chevelu") == "cuir chevelu"
    assert mid_sentence("DMAE") == "DMAE"
    assert mid_sentence("pH") == "pH"
    assert mid_sentence("") == ""
