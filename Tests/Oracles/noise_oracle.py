"""Oracle: Noise_XX_25519_ChaChaPoly_SHA256 and Noise_IK_25519_ChaChaPoly_SHA256 with the PyPI `noiseprotocol`
package (and `cryptography`, which it uses, for the responder's public key), both roles. argv[1]: XX (default) or IK.
stdin: one line of "x"+hex fields —
  XX: "s_i e_i s_r e_r prologue p1 p2 p3 t1 t2"; stdout "m1 m2 m3 c1 c2 handshake_hash";
  IK: "s_i e_i s_r e_r prologue p1 p2 t1 t2" (the initiator knows the responder's static key); stdout "m1 m2 c1 c2 handshake_hash".
t1 is sent by the initiator, t2 by the responder after the handshake; everything printed is hex."""
import sys
from noise.connection import Keypair, NoiseConnection
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

pattern = sys.argv[1] if len(sys.argv) > 1 else "XX"
f = [bytes.fromhex(x[1:]) for x in sys.stdin.read().split()]
s_i, e_i, s_r, e_r, prologue = f[:5]
payloads = f[5:]


def side(initiator, s, e):
    c = NoiseConnection.from_name(("Noise_%s_25519_ChaChaPoly_SHA256" % pattern).encode())
    c.set_as_initiator() if initiator else c.set_as_responder()
    c.set_keypair_from_private_bytes(Keypair.STATIC, s)
    c.set_keypair_from_private_bytes(Keypair.EPHEMERAL, e)
    if initiator and pattern == "IK":
        public = X25519PrivateKey.from_private_bytes(s_r).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        c.set_keypair_from_public_bytes(Keypair.REMOTE_STATIC, public)
    c.set_prologue(prologue)
    c.start_handshake()
    return c


i, r = side(True, s_i, e_i), side(False, s_r, e_r)
handshake = payloads[:3] if pattern == "XX" else payloads[:2]
t1, t2 = payloads[len(handshake):]
out = []
for k, p in enumerate(handshake):
    writer, reader = (i, r) if k % 2 == 0 else (r, i)
    m = writer.write_message(p)
    assert reader.read_message(m) == p
    out.append(m)
c1 = i.encrypt(t1)
assert r.decrypt(c1) == t1
c2 = r.encrypt(t2)
assert i.decrypt(c2) == t2
print(" ".join(x.hex() for x in out + [c1, c2, i.get_handshake_hash()]))
