"""The ``layoffbot`` command line: the root group (:mod:`cli.main`) and one module per
subcommand group: ``ask``/``chat``, ``data``, ``admin``, ``slack``, ``discord``."""
