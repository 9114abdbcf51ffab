"""`from tests.utils.factories import ...` works however pytest is started.

`python -m pytest` from the project root puts the root on sys.path; a bare `pytest`, or a run
from another directory, does not (tests/ has no __init__.py, so pytest only adds tests/unit).
"""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.append(ROOT)
