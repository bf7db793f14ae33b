"""AWS Signature Version 4 for S3, computed by botocore's own signer (an independent oracle).

Reads JSON lines on stdin: {"method", "url", "headers": {name: value}, "body": hex, "access",
"secret", "region", "timestamp": "YYYYMMDDTHHMMSSZ"}; writes one JSON line per request:
{"authorization", "x-amz-date", "x-amz-content-sha256"} as botocore's S3SigV4Auth sets them.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(req):
    when = datetime.datetime.strptime(req["timestamp"], "%Y%m%dT%H%M%SZ")
    request = AWSRequest(method=req["method"], url=req["url"], headers=dict(req["headers"]), data=bytes.fromhex(req["body"]))
    auth = botocore.auth.S3SigV4Auth(Credentials(req["access"], req["secret"]), "s3", req["region"])
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        auth.add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "x-amz-date": request.headers["X-Amz-Date"],
        "x-amz-content-sha256": request.headers["X-Amz-Content-SHA256"],
    }


for line in sys.stdin:
    if line.strip():
        print(json.dumps(sign(json.loads(line))), flush=True)
