"""The data layer: the SQLite schema (:mod:`db`), the build from ``data/`` (:mod:`dataset`), CSV
layouts and imports (:mod:`layouts`, :mod:`importer`), validation, the one write path
(:mod:`store`), the audit log (:mod:`audit`, :mod:`history`) and the company registry
(:mod:`registry`)."""
