;; post hook: accept the result only if the run's standard output is a decimal count of at most 12.
(module
  (import "bpi_policy_v1" "file_find" (func $file_find (param i32 i32 i32) (result i32)))
  (import "bpi_policy_v1" "file_read" (func $file_read (param i32 i32 i64 i32 i32) (result i32)))
  (import "bpi_policy_v1" "reason" (func $reason (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "stdout")
  (data (i32.const 16) "the output is not a count")
  (data (i32.const 64) "the count is above the bound of 12")
  (func $reject (param $p i32) (param $n i32) (result i32)
    (drop (call $reason (local.get $p) (local.get $n)))
    (i32.const 1))
  (func (export "post") (result i32) (local $f i32) (local $n i32) (local $i i32) (local $c i32) (local $v i64)
    (local.set $f (call $file_find (i32.const 1) (i32.const 0) (i32.const 6)))
    ;; standard output, at most 32 bytes of it, at 256
    (local.set $n (call $file_read (i32.const 1) (local.get $f) (i64.const 0) (i32.const 256) (i32.const 32)))
    (if (i32.eqz (local.get $n)) (then (return (call $reject (i32.const 16) (i32.const 25)))))
    (block $end
      (loop $digit
        (br_if $end (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c (i32.load8_u (i32.add (i32.const 256) (local.get $i))))
        (br_if $end (i32.eq (local.get $c) (i32.const 10)))
        (if (i32.or (i32.lt_u (local.get $c) (i32.const 48)) (i32.gt_u (local.get $c) (i32.const 57)))
          (then (return (call $reject (i32.const 16) (i32.const 25)))))
        (local.set $v (i64.add (i64.mul (local.get $v) (i64.const 10)) (i64.extend_i32_u (i32.sub (local.get $c) (i32.const 48)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $digit)))
    (if (i64.gt_u (local.get $v) (i64.const 12)) (then (return (call $reject (i32.const 64) (i32.const 34)))))
    (i32.const 0)))
