/**
 * WGSL source of the fused toy training step: one thread per model, `steps` steps per dispatch:
 * logits from the family's parameters, the three softmaxes, the exact R, β_eff of the model's
 * objective, the exact logit gradients of D + β_eff·R (toyExact.ts), the family's parameter
 * gradients (toyFamilies.ts), Adam (adam.ts) and the multiplier's dual step (toyPopulation.ts) —
 * the same formulas as the tensor path, in one program.
 *
 * Buffers (tfjs binds them by these names; `result` is the output), WIDTH = STRIDE + FUSED_REPORT:
 *   toyState  [P · WIDTH]   per model: params (n), Adam m (n), Adam v (n), μ (1), then the report
 *   toyCoeffs [K · P · 4]   per step and model: betaFixed, penalty, target σ, useMultiplier
 *   toySizes  [K + 1]       Adam's bias-corrected step size of each step (the last is padding)
 *   toyActive [P + 1]       1 while the model trains, 0 when frozen (its parameters do not move); the last is padding
 * The padding keeps every input longer than 1: tfjs's shader key counts an input of length 1 as
 * broadcast, so K = 1 or P = 1 compiled a second pipeline (slow to compile on the software adapter,
 * and it landed in the backend warm-up's timed steps).
 *   toyConsts [60]          p*(x) [30], then the bin centres [30]
 *   result    [P · WIDTH]   the state after `uniforms.steps` steps and the report at it
 * A first version ran one model per workgroup of 64 threads with workgroup memory and barriers;
 * on the software adapter it was several times slower than this one (barriers are expensive there).
 * Private arrays are slow there too: the logits are recomputed from the parameters where needed,
 * the softmaxes are kept as exp tables and their inverse sums, and one pass over (x, z) gives R,
 * q(z), D and the encoder gradient's per-x sums (clearly faster than a version with nine 900-float tables).
 * Where the parameters and Adam moments live (ShaderStorage): 'private' arrays for the whole
 * dispatch (fastest on the software adapter), or 'row': updated in place in the model's output
 * row, copied from the input at the start (private arrays shrink to about 8.5 KB per thread). An
 * NVIDIA H200's Vulkan driver refused 'private' for tabular and smooth-encoder (30 and 20 KB of
 * private arrays per thread: "failed to validate local memory") and took smooth's 10 KB; on the
 * software adapter 'row' is slower, the more so the larger the population. toyFusedProgram.ts checks
 * 'private' first and takes 'row' where the device refuses it.
 */
import type { FamilyName } from './toyFamilies';
import { familyLogits, serialSmooth, tabularParts } from './toyFusedFamilyCode';

/** Numbers in one model's parameters, per family (the order of toyFamilies.ts, flattened). */
export const FUSED_PARAMS: Record<FamilyName, number> = { tabular: 1830, smooth: 150, 'smooth-encoder': 990 };

/** Floats of one model's packed state: params, m, v, μ. */
export function fusedStride(family: FamilyName): number {
  return 3 * FUSED_PARAMS[family] + 1;
}

/**
 * Floats the program writes per model after the state: R, D, Σ params, then the log tables
 * (toyLayout.ts, 61 × 30).
 */
export const FUSED_REPORT = 3 + 61 * 30;

/** WGSL literal of a JS number (always with a decimal point, so WGSL reads it as f32). */
const f = (v: number): string => (Number.isInteger(v) ? `${v}.0` : String(v));

/** Where a model's parameters and Adam moments live during a dispatch (see the file's doc). */
export type ShaderStorage = 'private' | 'row';

export interface FusedShaderConstants {
  adamBeta1: number;
  adamBeta2: number;
  adamEpsilon: number;
  multiplierStep: number;
  multiplierDamping: number;
  multiplierClip: number;
}

/** Threads (models) per workgroup. */
export const SERIAL_WORKGROUP = 16;

/**
 * The program's user code (tfjs adds the bindings, the uniforms struct and _start): one thread
 * per model, no barriers and no workgroup memory (its tables are private arrays),
 * SERIAL_WORKGROUP models per workgroup; after the steps, one more forward pass writes R, D,
 * Σ params and the log tables after the state (FUSED_REPORT), so a report needs no other kernel.
 */
export function fusedToyShader(
  family: FamilyName,
  c: FusedShaderConstants,
  storage: ShaderStorage = 'private',
): string {
  const n = FUSED_PARAMS[family];
  const row = storage === 'row';
  // Parameter i, Adam's m and v of it.
  const [pw, pm, pv] = row
    ? ['result[at(i)]', 'result[at(NPARAM + i)]', 'result[at(2 * NPARAM + i)]']
    : ['pw[i]', 'pm[i]', 'pv[i]'];
  const [encAt, decAt, margAt] = tabularParts(family);
  const width = fusedStride(family) + FUSED_REPORT;
  // The longer statements, built here so that the program below reads within the line width.
  const loadState = row
    ? `// Parameters and Adam moments are updated in place in this model's output row.
  for (var i = 0; i < 3 * NPARAM; i++) { result[at(i)] = toyState[at(i)]; }`
    : `// Parameters and Adam moments live in private arrays for the whole dispatch.
  for (var i = 0; i < NPARAM; i++) { pw[i] = toyState[at(i)]; pm[i] = toyState[at(NPARAM + i)]; ` +
      'pv[i] = toyState[at(2 * NPARAM + i)]; }';
  const encSteps =
    encAt >= 0
      ? 'for (var x = 0; x < 30; x++) { for (var z = 0; z < 30; z++) { ' +
        `adam(${encAt} + x * 30 + z, gradA(x, z), size); } }`
      : '';
  const decSteps =
    decAt >= 0
      ? 'for (var z = 0; z < 30; z++) { for (var x = 0; x < 30; x++) { ' +
        `adam(${decAt} + z * 30 + x, gradB(z, x), size); } }`
      : '';
  const damping = f(c.multiplierDamping);
  const betaEff = `toyCoeffs[cb] + toyCoeffs[cb + 1] * sign(gap) + toyCoeffs[cb + 3] * (multiplier + gap * ${damping})`;
  const multiplierUpdate =
    `clamp(multiplier + (gap * toyCoeffs[cb + 3]) * ${f(c.multiplierStep)}, ` +
    `${f(-c.multiplierClip)}, ${f(c.multiplierClip)})`;
  const storeState = row
    ? ''
    : ' result[at(i)] = pw[i]; result[at(NPARAM + i)] = pm[i]; result[at(2 * NPARAM + i)] = pv[i];';
  return `
const NPARAM : i32 = ${n};
const STRIDE : i32 = ${fusedStride(family)};
const WIDTH : i32 = ${width};

var<private> pIdx : i32;
var<private> nModels : i32;
${
  row
    ? ''
    : `var<private> pw : array<f32, NPARAM>;
var<private> pm : array<f32, NPARAM>;
var<private> pv : array<f32, NPARAM>;`
}
/**
 * exp(a − max) per (x, z) and exp(b − max) per (z, x), not normalised: times invA[x] / invD[z] they are
 * e(z|x) and d(x|z).
 */
var<private> eP : array<f32, 900>;
var<private> dP : array<f32, 900>;
var<private> invA : array<f32, 30>;
var<private> lnA : array<f32, 30>;
var<private> invD : array<f32, 30>;
var<private> lnD : array<f32, 30>;
var<private> cL : array<f32, 30>;
var<private> mP : array<f32, 30>;
var<private> qZ : array<f32, 30>;
/** Σ_z e (a − c) and Σ_z e log d per x: the mean of f = β(a − c) − log d under e(·|x) is β·sA − sD. */
var<private> sA : array<f32, 30>;
var<private> sD : array<f32, 30>;
var<private> fMean : array<f32, 30>;
var<private> beta : f32;
var<private> normA : f32;
var<private> normC : f32;
var<private> dist : f32;

/**
 * Index of element i of this model's row of the state [P, WIDTH]. (An element-major layout [WIDTH, P] was far slower on
 * the software adapter.)
 */
fn at(i : i32) -> i32 { return pIdx * WIDTH + i; }
fn param(i : i32) -> f32 { return ${pw}; }
fn w(x : i32) -> f32 { return toyConsts[x]; }
fn xc(x : i32) -> f32 { return toyConsts[30 + x]; }

${familyLogits(family)}

/**
 * e(z|x) and log d(x|z) of the current parameters (the logits are recomputed: fewer private arrays, which are slow on
 * the software adapter).
 */
fn encP(x : i32, z : i32) -> f32 { return eP[x * 30 + z] * invA[x]; }
fn logDec(z : i32, x : i32) -> f32 { return decLogit(z, x) - lnD[z]; }

fn gradA(x : i32, z : i32) -> f32 {
  let fv = beta * (encLogit(x, z) - cL[z]) - logDec(z, x);
  return w(x) * encP(x, z) * (fv - fMean[x]);
}
fn gradB(z : i32, x : i32) -> f32 { return qZ[z] * (dP[z * 30 + x] * invD[z]) - w(x) * encP(x, z); }

fn adam(i : i32, g : f32, size : f32) {
  let m = ${pm} * ${f(c.adamBeta1)} + g * ${f(1 - c.adamBeta1)};
  let v = ${pv} * ${f(c.adamBeta2)} + (g * g) * ${f(1 - c.adamBeta2)};
  ${pm} = m;
  ${pv} = v;
  ${pw} = ${pw} - (m * size) / (sqrt(v) + ${f(c.adamEpsilon)});
}

/** The three softmaxes (exp(a − max) / Σ, as tfjs) of the current parameters, as exp tables and their sums. */
fn forward() {
  normA = 0.0;
  for (var x = 0; x < 30; x++) {
    var mx = -3.4e38;
    for (var z = 0; z < 30; z++) { mx = max(mx, encLogit(x, z)); }
    var sum = 0.0;
    for (var z = 0; z < 30; z++) { let t = exp(encLogit(x, z) - mx); eP[x * 30 + z] = t; sum += t; }
    invA[x] = 1.0 / sum;
    lnA[x] = mx + log(sum);
    normA += w(x) * lnA[x];
  }
  for (var z = 0; z < 30; z++) {
    var mx = -3.4e38;
    for (var x = 0; x < 30; x++) { mx = max(mx, decLogit(z, x)); }
    var sum = 0.0;
    for (var x = 0; x < 30; x++) { let t = exp(decLogit(z, x) - mx); dP[z * 30 + x] = t; sum += t; }
    invD[z] = 1.0 / sum;
    lnD[z] = mx + log(sum);
  }
  var mx = -3.4e38;
  for (var z = 0; z < 30; z++) { cL[z] = margLogit(z); mx = max(mx, cL[z]); }
  var sumM = 0.0;
  for (var z = 0; z < 30; z++) { let t = exp(cL[z] - mx); mP[z] = t; sumM += t; }
  for (var z = 0; z < 30; z++) { mP[z] = mP[z] / sumM; }
  normC = mx + log(sumM);
}

/**
 * One pass over (x, z): R = Σ n (a − c) − Σ_x p* log Σ_z exp a + log Σ_z exp c (as toyExact.ts),
 * q(z) = Σ_x n, D = −Σ n log d, and the per-x sums sA, sD of the encoder's gradient.
 */
fn rateAndAggregate() -> f32 {
  var r0 = 0.0;
  var qz = array<f32, 30>();
  dist = 0.0;
  for (var x = 0; x < 30; x++) {
    var sa = 0.0;
    var sd = 0.0;
    let wx = w(x);
    for (var z = 0; z < 30; z++) {
      let e = encP(x, z);
      let ac = encLogit(x, z) - cL[z];
      let ld = logDec(z, x);
      let n = wx * e;
      r0 += n * ac;
      qz[z] += n;
      sa += e * ac;
      sd += e * ld;
    }
    sA[x] = sa;
    sD[x] = sd;
    dist -= wx * sd;
  }
  qZ = qz;
  return (r0 - normA) + normC;
}

fn main(index : i32) {
  let p = i32(workgroupId.x) * ${SERIAL_WORKGROUP} + i32(localIndex);
  let models = uniforms.models;
  if (p >= models) { return; }
  pIdx = p;
  nModels = models;
  ${loadState}
  var multiplier = toyState[at(3 * NPARAM)];
  for (var s = 0; s < uniforms.steps; s++) {
    forward();
    let rate = rateAndAggregate();
    let cb = (s * models + p) * 4;
    let gap = rate - toyCoeffs[cb + 2];
    beta = ${betaEff};
    for (var x = 0; x < 30; x++) { fMean[x] = beta * sA[x] - sD[x]; }
    let size = toySizes[s] * toyActive[p];
    ${serialSmooth(family)}
    ${encSteps}
    ${decSteps}
    for (var z = 0; z < 30; z++) { adam(${margAt} + z, beta * (mP[z] - qZ[z]), size); }
    multiplier = ${multiplierUpdate};
  }
  // The report at the final parameters: R, D = −Σ n log d, Σ params, log e | log d | log m.
  forward();
  let rate = rateAndAggregate();
  var psum = 0.0;
  for (var i = 0; i < NPARAM; i++) { psum += ${pw};${storeState} }
  result[at(3 * NPARAM)] = multiplier;
  let r = STRIDE;
  result[at(r)] = rate;
  result[at(r + 1)] = dist;
  result[at(r + 2)] = psum;
  for (var x = 0; x < 30; x++) {
    for (var z = 0; z < 30; z++) {
      result[at(r + 3 + x * 30 + z)] = encLogit(x, z) - lnA[x];
      result[at(r + 903 + z * 30 + x)] = logDec(z, x);
    }
  }
  for (var z = 0; z < 30; z++) { result[at(r + 1803 + z)] = cL[z] - normC; }
}
`;
}
