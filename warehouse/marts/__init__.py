"""The mart views, one CREATE VIEW per .sql file; installed as the package pipeline.warehouse.sql
(see pyproject.toml) so that pipeline/warehouse/marts.py finds them in a wheel too."""
