"""``python -m auditor.cli``: the ``auditor`` command."""

from auditor.cli import main

main(prog_name="auditor")
