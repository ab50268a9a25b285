"""The errors `probable.sources` raises, under one base class.

```
SourceError
├── SourceNotFoundError  (FileNotFoundError)  a world or records file that is not there
├── SchemaError          (ValueError)  missing columns, unusable types, bad record ids
├── RecordsFileError     (ValueError)  a file that cannot be read: unknown suffix, bad bytes
└── UnknownSourceError   (LookupError)  a source name the catalogue does not know
```

Each also derives from the built-in in brackets, so `except FileNotFoundError`
keeps working; every message names the path, column or source at fault.
"""

from __future__ import annotations


class SourceError(Exception):
    """Base class: a record source could not be read as asked."""


class SourceNotFoundError(SourceError, FileNotFoundError):
    """A world directory, database or records file does not exist."""


class SchemaError(SourceError, ValueError):
    """Input does not fit the common schema: missing columns, unusable types, bad record ids."""


class RecordsFileError(SourceError, ValueError):
    """A records file cannot be read: an unsupported suffix or content that does not parse."""


class UnknownSourceError(SourceError, LookupError):
    """A source name that is not a known record system."""
