/** Steps per second, measured between updates at least MIN_INTERVAL_S apart. */
export class RateMeter {
  static readonly MIN_INTERVAL_S = 0.05;
  private lastTimeMs = 0;
  private lastStep = 0;
  private rate = 0;

  /** Start measuring from `step` at time `nowMs`; `keepRate` false also forgets the last rate. */
  reset(step: number, nowMs: number, keepRate = true): void {
    this.lastStep = step;
    this.lastTimeMs = nowMs;
    if (!keepRate) this.rate = 0;
  }

  /** Record that training is at `step` at `nowMs`; returns the current rate (steps/s). */
  update(step: number, nowMs: number): number {
    const dt = (nowMs - this.lastTimeMs) / 1000;
    if (dt > RateMeter.MIN_INTERVAL_S && step > this.lastStep) {
      this.rate = (step - this.lastStep) / dt;
      this.reset(step, nowMs);
    }
    return this.rate;
  }
}
