"""`manage.py bench_data`: a seeded, repeatable clinic network written with COPY (PostgreSQL) or
bulk inserts (SQLite). `run.bench_data_load` is the entry point; each module builds one part."""
