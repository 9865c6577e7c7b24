"""What ran the benchmark: the machine, the library versions, and process memory from /proc.

Memory is read from `/proc/<pid>/status` (VmRSS: resident now, VmHWM: peak resident), so no
third-party package is needed; on a system without /proc the figures are left out (None).
"""

from __future__ import annotations

import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

PACKAGES = ("pyoxigraph", "rdflib", "fastapi", "starlette", "uvicorn", "httpx", "pyshacl", "pydantic")


def machine() -> dict[str, Any]:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def command_line() -> str:
    """The command as typed: `privacy-kg bench ...` when run from the console script."""
    program = Path(sys.argv[0]).name
    return " ".join([program, *sys.argv[1:]])


def memory_mb(pid: int) -> dict[str, float | None]:
    """Resident (`rss_mb`) and peak resident (`hwm_mb`) memory of a live process, in MB."""
    fields = _status(pid)
    return {"rss_mb": _kb_to_mb(fields.get("VmRSS")), "hwm_mb": _kb_to_mb(fields.get("VmHWM"))}


def children(pid: int) -> list[int]:
    """Direct child processes (the service's query worker is one), from /proc."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return sorted(set(found))


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":", 1) for line in lines if ":" in line)


def _kb_to_mb(value: str | None) -> float | None:
    if not value:
        return None
    return round(int(value.split()[0]) / 1024, 1)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None
