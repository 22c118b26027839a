"""Import and export of a whole management system in the JSON format `ledningssystem/1`.

The format is defined in FORMAT.md and published as a JSON Schema (schema.json beside this file).

- ``services``: the import (validate everything, then write in one transaction);
- ``selectors``: the export;
- ``streams``: blocks to and from the format, walking their declarations (blocks/shapes.py);
- ``schema``: validation against schema.json with messages naming entry and field;
- ``files``: what the admin's upload would refuse in a file given for the import;
- ``errors``, ``richtext``: the messages' places, rich text cleaned as the editor would.
"""

from .errors import ImportValidationError
from .selectors import FORMAT, export_ledningssystem
from .services import (
    ImportReport,
    content_batch_loaded,
    content_imported,
    import_ledningssystem,
    import_running,
    load_import_file,
    open_import_file,
)

__all__ = [
    "FORMAT",
    "ImportReport",
    "ImportValidationError",
    "content_batch_loaded",
    "content_imported",
    "export_ledningssystem",
    "import_ledningssystem",
    "import_running",
    "load_import_file",
    "open_import_file",
]
