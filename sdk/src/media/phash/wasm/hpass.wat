;; Horizontal pass of Pillow's 8-bit LANCZOS resize, fused with Pillow's RGB -> L conversion,
;; with 128-bit SIMD. Source of hpassWasm.ts (regenerate with `npx tsx build.ts`).
;;
;; For each row y in [y0, y1): L[x] = (R*19595 + G*38470 + B*7471 + 0x8000) >> 16 into `row`,
;; then for each output column o: sum = 2^21 + sum_t L[xmin + t] * tap[t], with each 22-bit
;; fixed-point tap split as tap = hi * 2048 + lo (lo in 0..2047) so that both halves fit in
;; 16 bits and i32x4.dot_i16x8_s applies; out = clip8(sum >> 22). Taps are padded with zeros to
;; `kpad` (a multiple of 8) per column; `row` must have kpad + 16 readable bytes past `width`.
;; All sums fit in 32 bits (as in Pillow's C), so the result is bit-identical.
(module
  (memory (export "memory") 1)
  (func (export "hpass")
    (param $rgb i32) (param $width i32) (param $y0 i32) (param $y1 i32)
    (param $outW i32) (param $bounds i32) (param $hi i32) (param $lo i32) (param $kpad i32)
    (param $row i32) (param $mid i32)
    (local $y i32) (local $x i32) (local $p i32) (local $o i32) (local $t i32)
    (local $src i32) (local $tapHi i32) (local $tapLo i32)
    (local $accHi v128) (local $accLo v128) (local $px v128)
    (local $sum i32) (local $out i32)
    (local.set $y (local.get $y0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_s (local.get $y) (local.get $y1)))
        ;; luma of row y
        (local.set $p (i32.add (local.get $rgb) (i32.mul (i32.mul (local.get $y) (local.get $width)) (i32.const 3))))
        (local.set $x (i32.const 0))
        (block $lumaDone
          (loop $luma
            (br_if $lumaDone (i32.ge_s (local.get $x) (local.get $width)))
            (i32.store8
              (i32.add (local.get $row) (local.get $x))
              (i32.shr_u
                (i32.add
                  (i32.add
                    (i32.add
                      (i32.mul (i32.load8_u (local.get $p)) (i32.const 19595))
                      (i32.mul (i32.load8_u offset=1 (local.get $p)) (i32.const 38470)))
                    (i32.mul (i32.load8_u offset=2 (local.get $p)) (i32.const 7471)))
                  (i32.const 32768))
                (i32.const 16)))
            (local.set $p (i32.add (local.get $p) (i32.const 3)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $luma)))
        ;; output columns
        (local.set $out (i32.add (local.get $mid) (i32.mul (i32.sub (local.get $y) (local.get $y0)) (local.get $outW))))
        (local.set $o (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_s (local.get $o) (local.get $outW)))
            (local.set $src (i32.add (local.get $row) (i32.load (i32.add (local.get $bounds) (i32.shl (local.get $o) (i32.const 3))))))
            (local.set $tapHi (i32.add (local.get $hi) (i32.shl (i32.mul (local.get $o) (local.get $kpad)) (i32.const 1))))
            (local.set $tapLo (i32.add (local.get $lo) (i32.shl (i32.mul (local.get $o) (local.get $kpad)) (i32.const 1))))
            (local.set $accHi (v128.const i32x4 0 0 0 0))
            (local.set $accLo (v128.const i32x4 0 0 0 0))
            (local.set $t (i32.const 0))
            (block $tapsDone
              (loop $taps
                (br_if $tapsDone (i32.ge_s (local.get $t) (local.get $kpad)))
                (local.set $px (v128.load8x8_u (i32.add (local.get $src) (local.get $t))))
                (local.set $accHi
                  (i32x4.add (local.get $accHi)
                    (i32x4.dot_i16x8_s (local.get $px) (v128.load (i32.add (local.get $tapHi) (i32.shl (local.get $t) (i32.const 1)))))))
                (local.set $accLo
                  (i32x4.add (local.get $accLo)
                    (i32x4.dot_i16x8_s (local.get $px) (v128.load (i32.add (local.get $tapLo) (i32.shl (local.get $t) (i32.const 1)))))))
                (local.set $t (i32.add (local.get $t) (i32.const 8)))
                (br $taps)))
            (local.set $sum
              (i32.add
                (i32.add
                  (i32.shl
                    (i32.add
                      (i32.add (i32x4.extract_lane 0 (local.get $accHi)) (i32x4.extract_lane 1 (local.get $accHi)))
                      (i32.add (i32x4.extract_lane 2 (local.get $accHi)) (i32x4.extract_lane 3 (local.get $accHi))))
                    (i32.const 11))
                  (i32.add
                    (i32.add (i32x4.extract_lane 0 (local.get $accLo)) (i32x4.extract_lane 1 (local.get $accLo)))
                    (i32.add (i32x4.extract_lane 2 (local.get $accLo)) (i32x4.extract_lane 3 (local.get $accLo)))))
                (i32.const 2097152)))
            (i32.store8
              (i32.add (local.get $out) (local.get $o))
              (if (result i32) (i32.ge_s (local.get $sum) (i32.const 1073741824))
                (then (i32.const 255))
                (else
                  (if (result i32) (i32.le_s (local.get $sum) (i32.const 0))
                    (then (i32.const 0))
                    (else (i32.shr_s (local.get $sum) (i32.const 22)))))))
            (local.set $o (i32.add (local.get $o) (i32.const 1)))
            (br $cols)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $rows)))))
