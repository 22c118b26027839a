"""Import and export of a whole management system in the JSON format `ledningssystem/1`.

The format is defined in FORMAT.md and published as a JSON Schema (schema.json beside this file).
"""

from .errors import ImportValidationError
from .exporter import export_ledningssystem
from .importer import ImportReport, import_ledningssystem, load_import_file

FORMAT = "ledningssystem/1"

__all__ = [
    "FORMAT",
    "ImportReport",
    "ImportValidationError",
    "export_ledningssystem",
    "import_ledningssystem",
    "load_import_file",
]
