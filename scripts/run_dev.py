"""`make run`: the development server, a task worker and the scheduler, stopped together.

Ctrl-C (or SIGTERM) stops all three; if one of them stops on its own, the others are stopped
too, so a crash never leaves a half-running portal behind. Each runs in its own process group,
which this launcher signals, so that the server's autoreloader child goes with it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time

PORT = sys.argv[1] if len(sys.argv) > 1 else "8000"
MANAGE = [sys.executable, "manage.py"]
PROCESSES = {
    "web": [*MANAGE, "runserver", f"127.0.0.1:{PORT}"],
    # Without autoreload: a code change restarts only the web server; Ctrl-C and run again.
    "worker": [*MANAGE, "db_worker", "--no-reload", "--interval", "0.5"],
    "scheduler": [*MANAGE, "run_scheduler"],
}
stopping = False


def stop(signum, frame):
    global stopping
    stopping = True


def signal_group(process: subprocess.Popen, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def main() -> int:
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    running = {
        name: subprocess.Popen(command, start_new_session=True)  # noqa: S603
        for name, command in PROCESSES.items()
    }
    print(f"Started {', '.join(running)}; Ctrl-C stops them all.", flush=True)
    while not stopping and all(process.poll() is None for process in running.values()):
        time.sleep(0.2)
    for signum, grace in ((signal.SIGINT, 5), (signal.SIGTERM, 3), (signal.SIGKILL, 1)):
        for process in running.values():
            signal_group(process, signum)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and any(p.poll() is None for p in running.values()):
            time.sleep(0.1)
        if all(process.poll() is not None for process in running.values()):
            break
    for process in running.values():
        signal_group(process, signal.SIGKILL)  # whatever a child left in its group
    print("Stopped web, worker and scheduler.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
