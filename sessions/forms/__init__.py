"""The treatments app's forms, one module per job."""
