"""Records every socket connect and name lookup of a Python process (offline test).

Put this folder first on PYTHONPATH and set NET_AUDIT_LOG=FILE: each event is one JSON
line in FILE, from this process and every Python child it starts with that env. A
"start" line per process proves the hook was installed there.
"""

import json
import os
import socket
import sys
from typing import Any

_LOG = os.environ.get("NET_AUDIT_LOG")
_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto"}


def _write(record: dict[str, object]) -> None:
    assert _LOG is not None
    with open(_LOG, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"pid": os.getpid(), **record}) + "\n")


def _record(event: str, args: tuple[Any, ...]) -> None:
    if event not in _EVENTS:
        return
    if event == "socket.connect":
        family, address = int(args[0].family), args[1]
    elif event == "socket.sendto":
        family, address = int(args[0].family), args[2]
    else:
        family, address = -1, args[0]
    _write({"event": event, "family": family, "address": repr(address)})


if _LOG:
    _write({"event": "start", "family": int(socket.AF_UNIX), "address": repr(sys.argv[:3])})
    sys.addaudithook(_record)
