"""The page benchmark of issue 14 (`manage.py bench`): gunicorn as in production, a client
on loopback timing each key page beside its bare twin and the floor, at two data sizes."""
