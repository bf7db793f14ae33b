# pragma version 0.4.3
"""
@title BPI anchor log
@notice Records a BPI mesh's finalized header hashes on an L1 (docs/SPEC.md §18.4). Anyone may
        post; a light client trusts only the posters it is told to (the mesh's anchor accounts).
        A poster's heights must increase per mesh, so a re-sent or replayed anchor cannot
        overwrite a later one.
"""

event Anchored:
    mesh: indexed(bytes32)
    height: indexed(uint64)
    poster: indexed(address)
    header_hash: bytes32
    validator_set_hash: bytes32

# The latest height each poster anchored for each mesh (the mesh's chain id hashed with Keccak-256).
latest: public(HashMap[bytes32, HashMap[address, uint64]])


@external
def anchor(mesh: bytes32, height: uint64, header_hash: bytes32, validator_set_hash: bytes32):
    assert height > self.latest[mesh][msg.sender], "height must increase"
    self.latest[mesh][msg.sender] = height
    log Anchored(mesh=mesh, height=height, poster=msg.sender, header_hash=header_hash, validator_set_hash=validator_set_hash)
