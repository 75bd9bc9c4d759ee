/**
 * Masked 2-D convolution for the PixelCNN (stride 1, 'same' padding, odd square kernels), with
 * its gradients written as forward convolutions: the input gradient is a convolution of dy with
 * the spatially flipped, channel-transposed kernel; the filter gradient is a convolution of the
 * (batch ↔ channel transposed, padded) input with dy as the filter. tfjs's own Conv2D filter gradient
 * does not exist on wasm (and its Conv2DBackpropInput there is far slower than Conv2D), so this
 * one op trains on every backend at the speed of its forward convolution.
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * Mask [k, k, cin, cout] of a PixelCNN kernel of half-size r: 1 above, and left of the centre (type A) or up to it
 * (type B).
 */
export function kernelMask(r: number, type: 'A' | 'B', cin: number, cout: number): Float32Array {
  const k = 2 * r + 1;
  const m = new Float32Array(k * k * cin * cout);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const open = i < r || (i === r && (j < r || (type === 'B' && j === r)));
      if (open) m.fill(1, (i * k + j) * cin * cout, (i * k + j + 1) * cin * cout);
    }
  }
  return m;
}

/**
 * conv2d(x [B, H, W, cin], w [k, k, cin, cout]) with 'same' padding and dilation d:
 * [B, H, W, cout], differentiable on every backend. (tfjs has no Conv2D gradient for d > 1.)
 */
function makeSameConv2d(d: number): (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor4D;
    const w = args[1] as tf.Tensor4D;
    const save = args[2] as tf.GradSaveFunc;
    save([x, w]);
    return {
      value: tf.conv2d(x, w, 1, 'same', 'NHWC', d),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor4D;
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const r = (ws.shape[0] - 1) / 2;
        const dx = tf.conv2d(
          g,
          tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D,
          1,
          'same',
          'NHWC',
          d,
        );
        // dw[k] = Σ_p xpad[p + d·k]·dy[p]: a convolution of the padded input with dy as the filter, read at
        // stride d.
        const xt = tf.pad(tf.transpose(xs, [3, 1, 2, 0]), [
          [0, 0],
          [r * d, r * d],
          [r * d, r * d],
          [0, 0],
        ]) as tf.Tensor4D; // [cin, H+2rd, W+2rd, B]
        const dyt = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [H, W, B, cout]
        const dw = tf.transpose(tf.conv2d(xt, dyt, d, 'valid'), [1, 2, 0, 3]); // [k, k, cin, cout]
        return [dx, dw];
      },
    };
  }) as (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
}

const convs = new Map<number, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D>();

/** Dilated 'same' convolution with hand-written gradients (one op per dilation, made once). */
export function sameConv2dDilated(x: tf.Tensor4D, w: tf.Tensor4D, dilation: number): tf.Tensor4D {
  let f = convs.get(dilation);
  if (!f) {
    f = makeSameConv2d(dilation);
    convs.set(dilation, f);
  }
  return f(x, w);
}

/**
 * conv2d(x [B, H, W, cin], w [k, k, cin, cout]) with 'same' padding: [B, H, W, cout], differentiable on every backend.
 */
export const sameConv2d = (x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D => sameConv2dDilated(x, w, 1);

/**
 * The same convolution for a PixelCNN kernel, whose rows below the centre are masked to zero: only its
 * top r + 1 rows wTop [r + 1, k, cin, cout] are convolved (padding r·d above, none below), which skips the
 * products with the zero rows (a 3×3 kernel: 6 taps instead of 9, in each pass). Same values as
 * sameConv2dDilated with the full masked kernel. `dataInput`: x is data and gets no gradient (the
 * image, in the first layer), so that product is skipped too.
 */
function makeCausalConv2d(d: number, dataInput: boolean): (x: tf.Tensor4D, wTop: tf.Tensor4D) => tf.Tensor4D {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor4D;
    const w = args[1] as tf.Tensor4D;
    (args[2] as tf.GradSaveFunc)([x, w]);
    const r = w.shape[0] - 1;
    const value = tf.conv2d(
      x,
      w,
      1,
      [
        [0, 0],
        [r * d, 0],
        [r * d, r * d],
        [0, 0],
      ],
      'NHWC',
      d,
    );
    return {
      value,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const g = dy as tf.Tensor4D;
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        // dx[q] = Σ dy[q + (i·d, (j − r)·d)] · w[r − i, 2r − j]ᵀ: the flipped kernel, padded below instead.
        const dx = dataInput
          ? tf.zerosLike(xs)
          : tf.conv2d(
              g,
              tf.transpose(tf.reverse(ws, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D,
              1,
              [
                [0, 0],
                [0, r * d],
                [r * d, r * d],
                [0, 0],
              ],
              'NHWC',
              d,
            );
        // dw[i, j] = Σ_p x[p + ((i − r)·d, (j − r)·d)]·dy[p]: the padded input convolved with dy, read at
        // stride d.
        const xt = tf.pad(tf.transpose(xs, [3, 1, 2, 0]), [
          [0, 0],
          [r * d, 0],
          [r * d, r * d],
          [0, 0],
        ]) as tf.Tensor4D; // [cin, H + rd, W + 2rd, B]
        const dyt = tf.transpose(g, [1, 2, 0, 3]) as tf.Tensor4D; // [H, W, B, cout]
        const dw = tf.transpose(tf.conv2d(xt, dyt, d, 'valid'), [1, 2, 0, 3]); // [r + 1, k, cin, cout]
        return [dx, dw];
      },
    };
  }) as (x: tf.Tensor4D, wTop: tf.Tensor4D) => tf.Tensor4D;
}

const causal = new Map<string, (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D>();

/**
 * conv2d(x, w, 'same', dilation) for a kernel w [k, k, cin, cout] already masked below its centre row
 * (kernelMask), computed from its top rows only. Differentiable on every backend.
 */
export function causalConv2d(x: tf.Tensor4D, w: tf.Tensor4D, dilation: number, dataInput = false): tf.Tensor4D {
  const key = `${dilation} ${dataInput}`;
  let f = causal.get(key);
  if (!f) {
    f = makeCausalConv2d(dilation, dataInput);
    causal.set(key, f);
  }
  const r = (w.shape[0] - 1) / 2;
  return f(x, tf.slice(w, [0, 0, 0, 0], [r + 1, -1, -1, -1]) as tf.Tensor4D);
}
