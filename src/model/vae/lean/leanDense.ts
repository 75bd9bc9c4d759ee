/**
 * One dense layer y = act(x·W + b) of the lean step, feature-major: activations are [features,
 * batch] so that every product's packed operand (WasmHeap.gemm's b) is an activation or a
 * gradient with the batch as its short side, never a weight matrix that changes every step.
 *
 *   forward   yᵀ[out, B] = Wᵀ[out, in] · xᵀ[in, B]      (Wᵀ: a transposed copy made each step)
 *   backward  dW[in, out] = xᵀ[in, B] · g[B, out]          (g = ∂L/∂(pre-activation), batch-major)
 *             dxᵀ[in, B] = W[in, out] · gᵀ[out, B]          (only where the input needs a gradient)
 *             db[out]    = Σ_b gᵀ[·, b]
 * W and b are the model's tfjs variables (read on the heap where they live); the layer owns its
 * output, gradient and scratch buffers.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { HeapBuffer, WasmHeap } from './wasmHeap';

export class LeanDense {
  /** yᵀ [out, B]: the layer's output after its activation. */
  readonly out: HeapBuffer;
  /** ∂L/∂W [in, out] and ∂L/∂b [out] of the last backward pass. */
  readonly gradW: HeapBuffer;
  readonly gradB: HeapBuffer;
  /** ∂L/∂xᵀ [in, B] of the last backward pass (when asked for). */
  readonly gradIn: HeapBuffer;
  private readonly wT: HeapBuffer;
  private readonly g: HeapBuffer;

  constructor(
    private readonly heap: WasmHeap,
    readonly w: tf.Variable,
    readonly b: tf.Variable,
    readonly inDim: number,
    readonly outDim: number,
    readonly batch: number,
    readonly relu: boolean,
  ) {
    this.out = heap.alloc(outDim * batch);
    this.gradW = heap.alloc(inDim * outDim);
    this.gradB = heap.alloc(outDim);
    this.gradIn = heap.alloc(inDim * batch);
    this.wT = heap.alloc(outDim * inDim);
    this.g = heap.alloc(batch * outDim);
  }

  /** yᵀ = act(Wᵀ·xᵀ + b) from xᵀ [in, B] (renewed by its writer since its last product). */
  forward(xT: HeapBuffer): void {
    const h = this.heap;
    h.k.transposeTo(h.ofTensor(this.w).offset, this.wT.offset, this.inDim, this.outDim);
    h.gemm(this.wT, xT, this.out, this.outDim, this.inDim, this.batch);
    h.k.biasAct(this.out.offset, h.ofTensor(this.b).offset, this.outDim, this.batch, this.relu ? 1 : 0);
    h.renew(this.out);
  }

  /**
   * Gradients from gᵀ = ∂L/∂(pre-activation) [out, B] (renewed since written), given the input xᵀ the
   * forward pass saw; with `inputGradient`, also ∂L/∂xᵀ into gradIn.
   */
  backward(gT: HeapBuffer, xT: HeapBuffer, inputGradient: boolean): void {
    const h = this.heap;
    const B = this.batch;
    h.k.rowSums(gT.offset, this.gradB.offset, this.outDim, B);
    h.k.transposeTo(gT.offset, this.g.offset, this.outDim, B);
    h.renew(this.g);
    h.gemm(xT, this.g, this.gradW, this.inDim, B, this.outDim);
    if (inputGradient) h.gemm(h.ofTensor(this.w), gT, this.gradIn, this.inDim, this.outDim, B);
  }

  /**
   * ∂L/∂(pre-activation) in place from ∂L/∂yᵀ [out, B] (plus `add`, a second ∂L/∂yᵀ, where given): zero
   * where the
   * ReLU was off. The buffer is renewed (it is the next product's packed operand).
   */
  reluBack(dyT: HeapBuffer, add?: HeapBuffer): void {
    if (!this.relu) throw new Error('reluBack on a linear layer');
    this.heap.k.reluBack(dyT.offset, this.out.offset, add ? add.offset : 0, this.outDim * this.batch);
    this.heap.renew(dyT);
  }
}
