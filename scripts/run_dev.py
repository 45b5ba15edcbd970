"""`make run`: the development server, a task worker and the scheduler, stopped together.

Ctrl-C stops all three (the terminal sends it to each); if one of them stops on its own, the
others are stopped too, so a crash never leaves a half-running portal behind.
"""

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


def main() -> int:
    running = {name: subprocess.Popen(command) for name, command in PROCESSES.items()}  # noqa: S603
    print(f"Started {', '.join(running)}; Ctrl-C stops them all.", flush=True)
    try:
        while all(process.poll() is None for process in running.values()):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for process in running.values():
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 10
    for process in running.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
