"""Verifies acceptance records with Python's ordinary tools only: `cryptography` for
Ed25519 and `rfc8785` for canonical JSON (both from PyPI), independently of the Rust code.

    python3 tests/verify_record.py --vectors tests/vectors/valid/*.json
    python3 tests/verify_record.py --record target/e2e/record.json --document static/face-recognition-service-rules.md

Prints one line per check and a closing "N passed, N failed" line; exits non-zero on failure.
"""
import argparse
import base64
import hashlib
import json
import sys

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verify(record_text, document_bytes):
    """Raises on any failure; returns the record's id."""
    record = json.loads(record_text)
    assert record["schema"] == "clausewrap.acceptance.v1", "schema"
    signature = record.pop("signature")
    assert signature["alg"] == "Ed25519", "alg"
    key = Ed25519PublicKey.from_public_bytes(b64url(signature["public_key"]))
    try:
        key.verify(b64url(signature["value"]), rfc8785.dumps(record))
    except InvalidSignature:
        raise AssertionError("signature does not verify") from None
    assert record["document"]["sha256"] == hashlib.sha256(document_bytes).hexdigest(), "document hash"
    seen = record["evidence"]["highlights_seen"]
    assert len(seen) == record["document"]["highlights"], "every highlighted passage was seen"
    e = record["evidence"]
    assert e["opened_at"] <= e["reached_end_at"] <= record["accepted_at"], "times in order"
    return record["record_id"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vectors", nargs="*", default=[])
    parser.add_argument("--record")
    parser.add_argument("--document")
    args = parser.parse_args()
    passed = failed = 0

    def check(name, fn):
        nonlocal passed, failed
        try:
            fn()
            print(f"ok      {name}")
            passed += 1
        except Exception as error:  # report every failure, then fail the run
            print(f"FAILED  {name}: {error!r}")
            failed += 1

    for path in args.vectors:
        def vector(path=path):
            v = json.load(open(path, encoding="utf-8"))
            record = json.loads(v["record"])
            record.pop("signature")
            assert rfc8785.dumps(record).decode("utf-8") == v["signing_input"], "signing input rebuilt byte for byte"
            verify(v["record"], v["document_text"].encode("utf-8"))
        check(f"vector {path}", vector)
    if args.record:
        def emitted():
            verify(open(args.record, encoding="utf-8").read(), open(args.document, "rb").read())
        check(f"record from the browser {args.record}", emitted)
    print(f"python verification: {passed} passed, {failed} failed")
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
