# pragma version 0.4.3
"""
@title BPI force-inclusion inbox
@notice A user whose frame no validator takes directly posts it here (docs/SPEC.md §18.10). Every
        validator watches this contract on its L1s; once a post is as deep as the L1's
        confirmation depth, the validator takes the frame into its mempool as if it had arrived
        directly, so the inclusion-list rule of §17 obliges proposers to include it (or prove it
        invalid). The contract does not judge frames: validators check each one like any other.
"""

event Forced:
    mesh: indexed(bytes32)
    sequence: indexed(uint64)
    sender: indexed(address)
    frame: Bytes[16384]

# How many frames were posted for each mesh (the mesh's chain id hashed with Keccak-256).
count: public(HashMap[bytes32, uint64])


@external
def submit(mesh: bytes32, frame: Bytes[16384]):
    assert len(frame) > 0, "empty frame"
    sequence: uint64 = self.count[mesh]
    self.count[mesh] = sequence + 1
    log Forced(mesh=mesh, sequence=sequence, sender=msg.sender, frame=frame)
