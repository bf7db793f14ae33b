;; pre hook: allow the run only if every input begins with the header line "id,name,amount\n".
(module
  (import "bpi_policy_v1" "file_count" (func $file_count (param i32) (result i32)))
  (import "bpi_policy_v1" "file_read" (func $file_read (param i32 i32 i64 i32 i32) (result i32)))
  (import "bpi_policy_v1" "reason" (func $reason (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "id,name,amount\n")
  (data (i32.const 64) "an input does not start with the header line id,name,amount")
  (func $deny (result i32)
    (drop (call $reason (i32.const 64) (i32.const 59)))
    (i32.const 1))
  (func (export "pre") (result i32) (local $i i32) (local $n i32) (local $k i32)
    (local.set $n (call $file_count (i32.const 0)))
    (block $done
      (loop $file
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; the first 15 bytes of input $i, at 1024
        (if (i32.ne (call $file_read (i32.const 0) (local.get $i) (i64.const 0) (i32.const 1024) (i32.const 15)) (i32.const 15))
          (then (return (call $deny))))
        (local.set $k (i32.const 0))
        (loop $byte
          (if (i32.ne (i32.load8_u (local.get $k)) (i32.load8_u (i32.add (i32.const 1024) (local.get $k))))
            (then (return (call $deny))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br_if $byte (i32.lt_u (local.get $k) (i32.const 15))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $file)))
    (i32.const 0)))
