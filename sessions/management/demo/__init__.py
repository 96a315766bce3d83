"""The living demo clinic of `make run` (issue 12): staff and sites, stock, and patients whose
courses were booked, charted and signed through the real services over the last four weeks.
`load_demo` (clinic/management/commands) calls `clinic_living.demo_clinic_ensure`."""
