;; The lean step's elementwise kernels over tfjs-wasm's heap (the memory is imported: the
;; module works on the buffers where tfjs keeps them). Offsets are bytes; counts are floats.
;; SIMD (f32x4) where the loop is elementwise, then a scalar tail. Compiled by
;; src/cli/buildKernels.ts into kernels.ts; MEMORY_IMPORT is replaced there (plain or shared).
(module
  MEMORY_IMPORT

  ;; Adam, the formulas of model/adam.ts in float32: m ← b1·m + c1·g; v ← b2·v + c2·g²;
  ;; θ ← θ − s·m / (√v + ε), with c1 = 1 − b1 and c2 = 1 − b2 rounded once (as adam.ts's constants are).
  (func (export "adam") (param $th i32) (param $g i32) (param $m i32) (param $v i32) (param $n i32)
        (param $s f32) (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $eps f32)
    (local $end i32) (local $vend i32) (local $gj v128) (local $mj v128) (local $vj v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local $S v128) (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $E v128)
    (local.set $S (f32x4.splat (local.get $s)))
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $E (f32x4.splat (local.get $eps)))
    (local.set $end (i32.add (local.get $th) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vend (i32.add (local.get $th) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $th) (local.get $vend)))
        (local.set $gj (v128.load (local.get $g)))
        (local.set $mj (f32x4.add (f32x4.mul (local.get $B1) (v128.load (local.get $m)))
                                  (f32x4.mul (local.get $C1) (local.get $gj))))
        (local.set $vj (f32x4.add (f32x4.mul (local.get $B2) (v128.load (local.get $v)))
                                  (f32x4.mul (local.get $C2) (f32x4.mul (local.get $gj) (local.get $gj)))))
        (v128.store (local.get $m) (local.get $mj))
        (v128.store (local.get $v) (local.get $vj))
        (v128.store (local.get $th)
          (f32x4.sub (v128.load (local.get $th))
            (f32x4.div (f32x4.mul (local.get $S) (local.get $mj))
                       (f32x4.add (f32x4.sqrt (local.get $vj)) (local.get $E)))))
        (local.set $th (i32.add (local.get $th) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $l)))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $th) (local.get $end)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $ms (f32.add (f32.mul (local.get $b1) (f32.load (local.get $m)))
                                (f32.mul (local.get $c1) (local.get $gs))))
        (local.set $vs (f32.add (f32.mul (local.get $b2) (f32.load (local.get $v)))
                                (f32.mul (local.get $c2) (f32.mul (local.get $gs) (local.get $gs)))))
        (f32.store (local.get $m) (local.get $ms))
        (f32.store (local.get $v) (local.get $vs))
        (f32.store (local.get $th)
          (f32.sub (f32.load (local.get $th))
            (f32.div (f32.mul (local.get $s) (local.get $ms)) (f32.add (f32.sqrt (local.get $vs)) (local.get $eps)))))
        (local.set $th (i32.add (local.get $th) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $t))))

  ;; dst[c, r] = src[r, c] for src [rows, cols], in 8×8 blocks so both sides stay in cache.
  (func (export "transposeTo") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r0 i32) (local $c0 i32) (local $r i32) (local $c i32) (local $r1 i32) (local $c1 i32)
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r0) (local.get $rows)))
        (local.set $r1 (select (i32.add (local.get $r0) (i32.const 8)) (local.get $rows)
                               (i32.lt_u (i32.add (local.get $r0) (i32.const 8)) (local.get $rows))))
        (local.set $c0 (i32.const 0))
        (block $cdone
          (loop $cl
            (br_if $cdone (i32.ge_u (local.get $c0) (local.get $cols)))
            (local.set $c1 (select (i32.add (local.get $c0) (i32.const 8)) (local.get $cols)
                                   (i32.lt_u (i32.add (local.get $c0) (i32.const 8)) (local.get $cols))))
            (local.set $r (local.get $r0))
            (block $idone
              (loop $il
                (br_if $idone (i32.ge_u (local.get $r) (local.get $r1)))
                (local.set $c (local.get $c0))
                (block $jdone
                  (loop $jl
                    (br_if $jdone (i32.ge_u (local.get $c) (local.get $c1)))
                    (f32.store
                      (i32.add (local.get $dst)
                        (i32.shl (i32.add (i32.mul (local.get $c) (local.get $rows)) (local.get $r)) (i32.const 2)))
                      (f32.load
                        (i32.add (local.get $src)
                          (i32.shl (i32.add (i32.mul (local.get $r) (local.get $cols)) (local.get $c)) (i32.const 2)))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $jl)))
                (local.set $r (i32.add (local.get $r) (i32.const 1)))
                (br $il)))
            (local.set $c0 (local.get $c1))
            (br $cl)))
        (local.set $r0 (local.get $r1))
        (br $rl))))

  ;; y[r, c] ← y[r, c] + bias[r] for y [rows, cols], then max(·, 0) where relu ≠ 0. cols % 4 = 0.
  (func (export "biasAct") (param $y i32) (param $bias i32) (param $rows i32) (param $cols i32) (param $relu i32)
    (local $r i32) (local $end i32) (local $b v128) (local $zero v128) (local $x v128)
    (local.set $zero (f32x4.splat (f32.const 0)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $b (f32x4.splat (f32.load (i32.add (local.get $bias) (i32.shl (local.get $r) (i32.const 2))))))
        (local.set $end (i32.add (local.get $y) (i32.shl (local.get $cols) (i32.const 2))))
        (block $cdone
          (loop $cl
            (br_if $cdone (i32.ge_u (local.get $y) (local.get $end)))
            (local.set $x (f32x4.add (v128.load (local.get $y)) (local.get $b)))
            (if (local.get $relu) (then (local.set $x (f32x4.max (local.get $x) (local.get $zero)))))
            (v128.store (local.get $y) (local.get $x))
            (local.set $y (i32.add (local.get $y) (i32.const 16)))
            (br $cl)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; dst[r] = Σ_c src[r, c] for src [rows, cols]. cols % 4 = 0.
  (func (export "rowSums") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $end i32) (local $acc v128)
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (f32x4.splat (f32.const 0)))
        (local.set $end (i32.add (local.get $src) (i32.shl (local.get $cols) (i32.const 2))))
        (block $cdone
          (loop $cl
            (br_if $cdone (i32.ge_u (local.get $src) (local.get $end)))
            (local.set $acc (f32x4.add (local.get $acc) (v128.load (local.get $src))))
            (local.set $src (i32.add (local.get $src) (i32.const 16)))
            (br $cl)))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2)))
          (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                   (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl))))

  ;; d[i] ← (y[i] > 0 ? d[i] : 0) (the ReLU's backward; y its output), then + add[i] where add ≠ 0. n % 4 = 0.
  (func (export "reluBack") (param $d i32) (param $y i32) (param $add i32) (param $n i32)
    (local $end i32) (local $x v128)
    (local.set $end (i32.add (local.get $d) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $d) (local.get $end)))
        (local.set $x (v128.load (local.get $d)))
        (if (local.get $add)
          (then
            (local.set $x (f32x4.add (local.get $x) (v128.load (local.get $add))))
            (local.set $add (i32.add (local.get $add) (i32.const 16)))))
        (v128.store (local.get $d)
          (v128.and (local.get $x) (f32x4.gt (v128.load (local.get $y)) (f32x4.splat (f32.const 0)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $l))))

  ;; dst[i] = a·src[i] + b. n % 4 = 0.
  (func (export "affine") (param $dst i32) (param $src i32) (param $n i32) (param $a f32) (param $b f32)
    (local $end i32) (local $A v128) (local $B v128)
    (local.set $A (f32x4.splat (local.get $a)))
    (local.set $B (f32x4.splat (local.get $b)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst) (f32x4.add (f32x4.mul (v128.load (local.get $src)) (local.get $A)) (local.get $B)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $l))))

  ;; e^x for x ≤ 0 (clamped at −87, below which it is under float32's normal range): x = k·ln2 + r with
  ;; |r| ≤ ln2/2, e^r by its Taylor polynomial to r⁷ (relative error < 2e-7), times 2^k from the exponent bits.
  (func $expNeg (param $x v128) (result v128)
    (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) (f32x4.splat (f32.const -87))))
    (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504)))))
    (local.set $r (f32x4.sub (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (f32x4.splat (f32.const 0.693145752))))
                             (f32x4.mul (local.get $k) (f32x4.splat (f32.const 1.42860677e-6)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1.98412698e-4))
                             (f32x4.mul (local.get $r) (f32x4.splat (f32.const 2.48015873e-5)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1.38888889e-3)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 8.33333333e-3)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 4.16666667e-2)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.166666667)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.5)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $r) (local.get $p))))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $k)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  ;; log(1 + e) for e in [0, 1]: 2·atanh(s) with s = e / (2 + e) ≤ 1/3, its odd series to s¹⁵.
  (func $log1pUnit (param $e v128) (result v128)
    (local $s v128) (local $q v128) (local $p v128)
    (local.set $s (f32x4.div (local.get $e) (f32x4.add (local.get $e) (f32x4.splat (f32.const 2)))))
    (local.set $q (f32x4.mul (local.get $s) (local.get $s)))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.0769230769))
                             (f32x4.mul (local.get $q) (f32x4.splat (f32.const 0.0666666667)))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.0909090909)) (f32x4.mul (local.get $q) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.111111111)) (f32x4.mul (local.get $q) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.142857143)) (f32x4.mul (local.get $q) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.2)) (f32x4.mul (local.get $q) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 0.333333333)) (f32x4.mul (local.get $q) (local.get $p))))
    (local.set $p (f32x4.add (f32x4.splat (f32.const 1)) (f32x4.mul (local.get $q) (local.get $p))))
    (f32x4.mul (f32x4.mul (local.get $s) (f32x4.splat (f32.const 2))) (local.get $p)))

  ;; Bernoulli pixels: returns Σ softplus(l) − x·l over l, x [rows, cols] (each row summed in float32, the
  ;; rows in float64) and writes g = w·(σ(l) − x). softplus(l) = max(l, 0) + log(1 + e^−|l|). cols % 4 = 0.
  (func (export "bernoulli") (param $l i32) (param $x i32) (param $g i32) (param $rows i32) (param $cols i32)
        (param $w f32) (result f64)
    (local $r i32) (local $end i32) (local $total f64) (local $acc v128) (local $lv v128) (local $xv v128)
    (local $e v128) (local $sig v128) (local $W v128) (local $zero v128) (local $one v128)
    (local.set $W (f32x4.splat (local.get $w)))
    (local.set $zero (f32x4.splat (f32.const 0)))
    (local.set $one (f32x4.splat (f32.const 1)))
    (block $rdone
      (loop $rl
        (br_if $rdone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (local.get $zero))
        (local.set $end (i32.add (local.get $l) (i32.shl (local.get $cols) (i32.const 2))))
        (block $cdone
          (loop $cl
            (br_if $cdone (i32.ge_u (local.get $l) (local.get $end)))
            (local.set $lv (v128.load (local.get $l)))
            (local.set $xv (v128.load (local.get $x)))
            (local.set $e (call $expNeg (f32x4.neg (f32x4.abs (local.get $lv)))))
            (local.set $acc (f32x4.add (local.get $acc)
              (f32x4.add (f32x4.sub (f32x4.max (local.get $lv) (local.get $zero))
                                    (f32x4.mul (local.get $xv) (local.get $lv)))
                         (call $log1pUnit (local.get $e)))))
            (local.set $sig (f32x4.div
              (v128.bitselect (local.get $one) (local.get $e) (f32x4.ge (local.get $lv) (local.get $zero)))
              (f32x4.add (local.get $one) (local.get $e))))
            (v128.store (local.get $g) (f32x4.mul (local.get $W) (f32x4.sub (local.get $sig) (local.get $xv))))
            (local.set $l (i32.add (local.get $l) (i32.const 16)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $cl)))
        (local.set $total (f64.add (local.get $total)
          (f64.promote_f32
            (f32.add (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
                     (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rl)))
    (local.get $total))

  ;; c[m, n] = a[m, k] · b[k, n], all row-major, for m % 4 = 0 and n % 8 = 0: blocks of 4 rows × 8 columns held
  ;; in eight f32x4 accumulators, each a row of a broadcast against two vectors of b's row, k in order. Nothing is
  ;; packed, so an operand that changes every step costs nothing extra (XNNPACK packs b on every new id).
  (func (export "gemm") (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (local $i i32) (local $j i32) (local $p i32) (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $bp i32) (local $cp i32) (local $rowB i32) (local $rowA i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local.set $rowB (i32.shl (local.get $n) (i32.const 2)))
    (local.set $rowA (i32.shl (local.get $k) (i32.const 2)))
    (block $idone (loop $il
      (br_if $idone (i32.ge_u (local.get $i) (local.get $m)))
      (local.set $j (i32.const 0))
      (block $jdone (loop $jl
        (br_if $jdone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $c00 (v128.const i32x4 0 0 0 0)) (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0)) (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0)) (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0)) (local.set $c31 (v128.const i32x4 0 0 0 0))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowA)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $rowA)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $rowA)))
        (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $p (local.get $k))
        (block $pdone (loop $pl
          (br_if $pdone (i32.eqz (local.get $p)))
          (local.set $b0 (v128.load (local.get $bp)))
          (local.set $b1 (v128.load offset=16 (local.get $bp)))
          (local.set $x (v128.load32_splat (local.get $a0)))
          (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (local.get $a1)))
          (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (local.get $a2)))
          (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $x (v128.load32_splat (local.get $a3)))
          (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
          (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
          (local.set $a0 (i32.add (local.get $a0) (i32.const 4)))
          (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
          (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
          (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
          (local.set $bp (i32.add (local.get $bp) (local.get $rowB)))
          (local.set $p (i32.sub (local.get $p) (i32.const 1)))
          (br $pl)))
        (local.set $cp (i32.add (local.get $c)
          (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
        (v128.store (local.get $cp) (local.get $c00)) (v128.store offset=16 (local.get $cp) (local.get $c01))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowB)))
        (v128.store (local.get $cp) (local.get $c10)) (v128.store offset=16 (local.get $cp) (local.get $c11))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowB)))
        (v128.store (local.get $cp) (local.get $c20)) (v128.store offset=16 (local.get $cp) (local.get $c21))
        (local.set $cp (i32.add (local.get $cp) (local.get $rowB)))
        (v128.store (local.get $cp) (local.get $c30)) (v128.store offset=16 (local.get $cp) (local.get $c31))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $jl)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $il))))
)
