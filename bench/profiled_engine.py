"""One flow run's process as a runner starts it (`python -m prefect.engine`, the run's id in
PREFECT__FLOW_RUN_ID), under pyinstrument from the first import on; the session is saved.

    python bench/profiled_engine.py OUT.session   (used by bench/profile_journey.py)
"""

import runpy
import sys

from pyinstrument import Profiler


def main(out: str) -> int | str | None:
    sys.argv = sys.argv[:1]  # the engine reads a run id from its first argument
    profiler = Profiler(interval=0.001)
    profiler.start()
    code: int | str | None = 0
    try:
        runpy.run_module("prefect.engine", run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        code = exit_.code  # the engine exits when the run suspends or ends
    finally:
        profiler.stop()
        profiler.last_session.save(out)  # type: ignore[union-attr]
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
