#!/usr/bin/env python3
"""Drives one call through Patchbay the way a Python integration would, with `requests`.

Makes a call (agent by user_id), advances the sandbox's manual clock 5 s at a time through the
control plane until the call is terminal, then checks that the Get Call Details reply has the
exact key set and JSON types of the vendor's published sample. The one documented difference
(docs: contract section 3) is that `total_duration` is an int where the sample shows null.

Usage:
  make_call.py BASE_URL ACCOUNT_SID API_KEY API_TOKEN ADMIN_TOKEN AGENT_USER_ID SAMPLE_JSON
      [--customer +91...] [--virtual-number +91...] [--allow-empty-recordings]

Trust the server's certificate with REQUESTS_CA_BUNDLE=<data>/tls/ca.pem. Exits 0 when every
check passes, 1 with a message on stderr naming the first mismatch.
"""

import argparse
import json
import re
import sys
from datetime import datetime

import requests

MAX_STEPS = 60
STEP_SECONDS = 5
TIME_FORMAT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")
HEX32 = re.compile(r"^[0-9a-f]{32}$")
CALL_SID = re.compile(r"^[0-9a-z]{32}$")
TIME_KEYS = ("created_time", "updated_time", "start_time", "end_time")


class Mismatch(Exception):
    """A difference between Patchbay's reply and what the contract expects."""


def type_name(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def expected_type(path, sample_value):
    # The one documented difference from the sample: total_duration is computed.
    if path == "response.data.total_duration":
        return "int"
    return type_name(sample_value)


def compare(path, sample, actual, allow_empty):
    """Checks that `actual` has the keys and JSON types of `sample`, recursively.

    An array must hold items shaped like the sample's first item; it may be empty only if
    `allow_empty` is true (the sample's arrays are not empty).
    """
    want = expected_type(path, sample)
    got = type_name(actual)
    if want != got:
        raise Mismatch(f"{path}: expected {want} (as in the sample), got {got}: {actual!r}")
    if isinstance(sample, dict):
        missing = sorted(set(sample) - set(actual))
        extra = sorted(set(actual) - set(sample))
        if missing or extra:
            raise Mismatch(f"{path}: key set differs from the sample; missing {missing}, "
                           f"extra {extra}")
        for key in sample:
            compare(f"{path}.{key}" if path else key, sample[key], actual[key], allow_empty)
    elif isinstance(sample, list) and sample:
        if not actual and not allow_empty:
            raise Mismatch(f"{path}: expected a non-empty array like the sample, got []")
        for i, item in enumerate(actual):
            compare(f"{path}[{i}]", sample[0], item, allow_empty)


def check_values(body, made):
    """Checks the values the contract fixes for a finished, recorded outbound call."""
    if body["method"] != "GET" or body["http_code"] != 200 or body["response"]["code"] != 200:
        raise Mismatch(f"envelope: method/http_code/code wrong: {body}")
    if body["response"]["status"] != "success":
        raise Mismatch("envelope: response.status is not success")
    if not HEX32.match(body["request_id"]):
        raise Mismatch(f"envelope: request_id is not 32 lowercase hex: {body['request_id']}")
    data = body["response"]["data"]
    if not CALL_SID.match(data["call_sid"]) or data["call_sid"] != made["call_sid"]:
        raise Mismatch(f"data.call_sid: {data['call_sid']} (made {made['call_sid']})")
    expect = {
        "direction": "outbound",
        "call_state": "terminal",
        "call_status": "completed",
        "custom_field": "ticket-1",
    }
    for key, value in expect.items():
        if data[key] != value:
            raise Mismatch(f"data.{key}: expected {value!r}, got {data[key]!r}")
    for key in TIME_KEYS:
        if not TIME_FORMAT.match(data[key]):
            raise Mismatch(f"data.{key}: not yyyy-MM-ddTHH:mm:ssXXX: {data[key]!r}")
    start = datetime.fromisoformat(data["start_time"])
    end = datetime.fromisoformat(data["end_time"])
    if data["total_duration"] != int((end - start).total_seconds()):
        raise Mismatch(f"data.total_duration {data['total_duration']} is not end_time - "
                       f"start_time ({data['start_time']} .. {data['end_time']})")
    if not data["total_talk_time"] > 0:
        raise Mismatch(f"data.total_talk_time: expected > 0, got {data['total_talk_time']}")
    if start < datetime.fromisoformat(data["created_time"]):
        raise Mismatch(f"data.start_time {data['start_time']} is before created_time "
                       f"{data['created_time']}")
    for key in ("created_time", "custom_field", "virtual_number"):
        if data[key] != made[key]:
            raise Mismatch(f"data.{key} changed since Make Call: {made[key]!r} -> {data[key]!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("base_url", "account_sid", "api_key", "api_token", "admin_token",
                 "agent_user_id", "sample"):
        parser.add_argument(name)
    parser.add_argument("--customer", default="+919812345678")
    parser.add_argument("--virtual-number", default="+918045680001")
    parser.add_argument("--allow-empty-recordings", action="store_true",
                        help="accept recordings == [] although the call asked for recording")
    args = parser.parse_args()

    with open(args.sample, encoding="utf-8") as f:
        sample = json.load(f)

    session = requests.Session()
    session.auth = (args.api_key, args.api_token)
    calls = f"{args.base_url}/v2/accounts/{args.account_sid}/calls"
    clock = f"{args.base_url}/_sim/v1/accounts/{args.account_sid}/clock"
    admin = {"Authorization": f"Bearer {args.admin_token}"}

    made = session.post(calls, timeout=10, json={
        "from": {"user_id": args.agent_user_id},
        "to": {"customer_contact_uri": args.customer},
        "virtual_number": args.virtual_number,
        "recording": True,
        "max_time_limit": "600",
        "attempt_time_out": "45",
        "custom_field": "ticket-1",
    })
    if made.status_code != 200:
        raise Mismatch(f"Make Call answered {made.status_code}: {made.text}")
    made = made.json()["response"]["data"]
    if made["call_state"] != "active" or made["call_status"] is not None:
        raise Mismatch(f"Make Call: expected active with a null call_status, got {made}")
    print(f"made call {made['call_sid']}")

    body = None
    for step in range(1, MAX_STEPS + 1):
        advanced = requests.post(clock, headers=admin, timeout=10,
                                 json={"advance_seconds": STEP_SECONDS})
        if advanced.status_code != 200:
            raise Mismatch(f"clock advance answered {advanced.status_code}: {advanced.text}")
        got = session.get(f"{calls}/{made['call_sid']}", timeout=10)
        if got.status_code != 200:
            raise Mismatch(f"Get Call Details answered {got.status_code}: {got.text}")
        body = got.json()
        if body["response"]["data"]["call_state"] == "terminal":
            print(f"terminal after {step * STEP_SECONDS} simulated seconds")
            break
    else:
        raise Mismatch(f"still active after {MAX_STEPS * STEP_SECONDS} simulated seconds: "
                       f"{json.dumps(body)}")

    compare("", sample, body, args.allow_empty_recordings)
    if not body["response"]["data"]["recordings"]:
        print("WARNING: recording was requested but recordings is []", file=sys.stderr)
    check_values(body, made)
    print("call details match the published sample's keys and types")
    print(json.dumps(body["response"]["data"], indent=2))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Mismatch as e:
        print(f"MISMATCH: {e}", file=sys.stderr)
        sys.exit(1)
    except (requests.RequestException, KeyError, ValueError) as e:
        print(f"ERROR: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
