"""Oracle: Noise_IK_25519_ChaChaPoly_SHA256 with the PyPI `noiseprotocol` package, both roles.
stdin: one line "s_i e_i s_r e_r prologue p1 p2 t1 t2" ("x"+hex each; the initiator knows the responder's
static public key; t1 is sent by the initiator, t2 by the responder after the handshake).
stdout: "m1 m2 c1 c2 handshake_hash" in hex."""
import sys
from noise.connection import Keypair, NoiseConnection
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

f = [bytes.fromhex(x[1:]) for x in sys.stdin.read().split()]
s_i, e_i, s_r, e_r, prologue, p1, p2, t1, t2 = f
r_public = X25519PrivateKey.from_private_bytes(s_r).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def side(initiator, s, e):
    c = NoiseConnection.from_name(b"Noise_IK_25519_ChaChaPoly_SHA256")
    c.set_as_initiator() if initiator else c.set_as_responder()
    c.set_keypair_from_private_bytes(Keypair.STATIC, s)
    c.set_keypair_from_private_bytes(Keypair.EPHEMERAL, e)
    if initiator:
        c.set_keypair_from_public_bytes(Keypair.REMOTE_STATIC, r_public)
    c.set_prologue(prologue)
    c.start_handshake()
    return c


i, r = side(True, s_i, e_i), side(False, s_r, e_r)
m1 = i.write_message(p1)
assert r.read_message(m1) == p1
m2 = r.write_message(p2)
assert i.read_message(m2) == p2
c1 = i.encrypt(t1)
assert r.decrypt(c1) == t1
c2 = r.encrypt(t2)
assert i.decrypt(c2) == t2
print(m1.hex(), m2.hex(), c1.hex(), c2.hex(), i.get_handshake_hash().hex())
