"""Data intake: parse, describe, validate and map the roles of uploaded tables.

Every later feature reads its input through this package, so every bad file
produces the same kind of error (:class:`lib.errors.InputError`).
"""

from lib.data._limits import (
    CEILING_MB,
    LIMIT_VARIABLE,
    MAX_CELLS,
    MAX_UNPACKED_BYTES,
    MAX_WORKBOOK_UNPACKED_BYTES,
    check_file_size,
    format_size,
    max_upload_bytes,
)
from lib.data._parse import Dataset, load_table, mixed_type_notes
from lib.data._roles import ROLE_CHOICES, SINGLE_ROLES, ColumnRoles, infer_roles, roles_from_assignments
from lib.data._summary import ClassBalance, ColumnSummary, DatasetSummary, likely_label_columns, summarise
from lib.data._validate import (
    MissingReport,
    binary_labels,
    check_probabilities,
    missing_report,
    positive_value_choices,
    require_columns,
    show_value,
)
from lib.errors import InputError

__all__ = [
    "CEILING_MB",
    "LIMIT_VARIABLE",
    "MAX_CELLS",
    "MAX_UNPACKED_BYTES",
    "MAX_WORKBOOK_UNPACKED_BYTES",
    "ROLE_CHOICES",
    "SINGLE_ROLES",
    "ClassBalance",
    "ColumnRoles",
    "ColumnSummary",
    "Dataset",
    "DatasetSummary",
    "InputError",
    "MissingReport",
    "binary_labels",
    "check_file_size",
    "check_probabilities",
    "format_size",
    "infer_roles",
    "likely_label_columns",
    "load_table",
    "max_upload_bytes",
    "missing_report",
    "mixed_type_notes",
    "positive_value_choices",
    "require_columns",
    "roles_from_assignments",
    "show_value",
    "summarise",
]
