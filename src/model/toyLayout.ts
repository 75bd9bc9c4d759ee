/**
 * Layout of a toy model's logits, shared by every family: one tensor [P, ROWS, K] with
 *   rows 0 … X−1        encoder logits, row x over z          (→ log e(z|x))
 *   rows X … X+Z−1      decoder logits, row z over x          (→ log d(x|z))
 *   row  X+Z            marginal logits over z                (→ log m(z))
 * so that one log-softmax over the last axis normalises all three. X = Z = K = 30.
 */
import { NUM_BINS, NUM_LATENTS } from '../math/toyData';

export const X = NUM_BINS;
export const Z = NUM_LATENTS;
/** Width of the last axis; the layout needs X = Z. */
export const K = NUM_BINS;
export const ENC_ROW = 0;
export const DEC_ROW = X;
export const MARG_ROW = X + Z;
export const ROWS = X + Z + 1;
/** Numbers in one model's log tables: ROWS · K. */
export const TABLE_SIZE = ROWS * K;

if (X !== Z) throw new Error('toy layout needs as many latent values as bins');
