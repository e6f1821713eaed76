"""``python -m auditor``: the ``auditor`` command."""

from auditor.cli import main

main(prog_name="auditor")
