"""Waiting for a request's reply and outputs, shared by the conformance and fault tests."""

import time
from queue import Empty


def reply_to(kc, msg_id, timeout):
    """The shell reply whose parent is msg_id; AssertionError after timeout seconds."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no shell reply to {msg_id} within {timeout}s")
        try:
            msg = kc.get_shell_msg(timeout=left)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def iopub_until_idle(kc, msg_id, timeout, check=None):
    """IOPub messages whose parent is msg_id, up to its idle status (each passed
    to check first, when given); AssertionError after timeout seconds."""
    msgs = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if check is not None:
            check(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return msgs
        msgs.append(msg)
    raise AssertionError(f"no idle status for {msg_id} within {timeout}s; got {msgs}")
