"""Resource ids: UUID 5 of the clinic's base URL, the source and the key, computed fast."""

import uuid

from interop.fhir.ids import SOURCES, fhir_id


def test_the_fast_id_is_the_uuid5_of_the_base_url_the_source_and_the_key(settings):
    for base in ("https://mesoplan.invalid/fhir", "https://clinic.example/fhir"):
        settings.FHIR_BASE_URL = base
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, base)
        for kind, source in SOURCES.items():
            for key in (1, 42, 987654321, "chart-signed:7"):
                assert fhir_id(kind, key) == str(uuid.uuid5(namespace, f"{source}:{key}"))
