;; A pre hook that allows a run only when it carries a zero-knowledge claim (docs/SPEC.md §14.8):
;; DockLock has verified the claim against the agreement's pinned key before any hook runs, and
;; then appends ctx.zk to the context, so the pre context is a 5-element CBOR array (0x85) instead
;; of 4 (0x84). Reads the context's first byte and denies with a reason otherwise.
(module
  (import "bpi_policy_v1" "context_read" (func $context_read (param i32 i32 i32) (result i32)))
  (import "bpi_policy_v1" "reason" (func $reason (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "this agreement needs a range claim (bpi run --claim)")
  (func (export "pre") (result i32)
    (drop (call $context_read (i32.const 0) (i32.const 0) (i32.const 1)))
    (if (result i32) (i32.eq (i32.load8_u (i32.const 0)) (i32.const 0x85))
      (then (i32.const 0))
      (else (drop (call $reason (i32.const 100) (i32.const 52))) (i32.const 1)))))
