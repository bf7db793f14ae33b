"""Oracle: a registry bearer token minted by PyJWT, independently of jwt-kit. One JSON object on stdin:
{"secret", "sub", "scope", "exp"} prints the HS256 JWT."""
import json
import sys
import jwt

q = json.loads(sys.stdin.read())
print(jwt.encode({"sub": q["sub"], "scope": q["scope"], "exp": q["exp"]}, q["secret"], algorithm="HS256"))
