/**
 * Robust baseline of one (series, feature): the recent normal values (median and MAD), adjusted by
 * the daily profile when one exists. With a profile the model is value = seasonal(t) + level, so the
 * baseline is seasonal(t) + median(recent residuals), and the MAD is taken over those residuals: a
 * daily peak is expected at its hour, and a level change still shows.
 */
import { MAD_TO_SIGMA, mad, median } from '../core/stats.js';
import type { FeatureRule } from './seasonal-config.js';
import { SeasonalProfile, type ProfileShape } from './seasonal-profile.js';

export interface Verdict {
  anomalous: boolean;
  baseline: number;
  score: number;
  direction: 'up' | 'down';
}

let residuals = new Float64Array(256);

export class FeatureBaseline {
  private readonly values: Float32Array;
  /** Seasonal expectation at the time each value was seen (NaN: none then). */
  private readonly expected: Float32Array;
  private head = 0;
  private len = 0;
  private readonly profile: SeasonalProfile;
  observations = 0;
  lastWindow = -Infinity;
  /** Consecutive anomalous windows, and their values, for confirmation and level-shift adoption. */
  streak = 0;
  private run: number[] = [];
  private runExpected: number[] = [];

  constructor(history: number, shape: ProfileShape) {
    if (residuals.length < history) residuals = new Float64Array(history);
    this.values = new Float32Array(history);
    this.expected = new Float32Array(history);
    this.profile = new SeasonalProfile(shape);
  }

  get size(): number {
    return this.len;
  }

  /** Baseline of the last evaluated window (another feature's check reads it: CPU against traffic). */
  lastBaseline = NaN;

  /** Mean of the recent normal values: for rare events (errors) the median is 0 and says nothing of the rate. */
  mean(): number {
    let sum = 0;
    for (let i = 0; i < this.len; i++) sum += this.values[i];
    return this.len ? sum / this.len : NaN;
  }

  evaluate(timeMs: number, value: number, rule: FeatureRule, threshold: number): Verdict & { seasonal: number } {
    const seasonal = this.profile.expected(timeMs);
    let base: number;
    let spread: number;
    let withSeason = 0;
    if (!Number.isNaN(seasonal)) {
      for (let i = 0; i < this.len; i++) {
        const e = this.expected[i];
        if (!Number.isNaN(e)) residuals[withSeason++] = this.values[i] - e;
      }
    }
    if (withSeason >= Math.max(3, this.len / 2)) {
      const level = median(residuals, withSeason);
      base = seasonal + level;
      spread = mad(residuals, level, withSeason);
    } else {
      base = median(this.values, this.len);
      spread = mad(this.values, base, this.len);
    }
    this.lastBaseline = base;
    const delta = value - base;
    const direction = delta >= 0 ? 'up' : 'down';
    const minDelta = Math.max(rule.minAbs, rule.minRel * Math.abs(base));
    const scale = Math.max(spread * MAD_TO_SIGMA, minDelta / threshold, 1e-9);
    const score = Math.abs(delta) / scale;
    const allowed = rule.direction === 'both' || rule.direction === direction;
    const saturated = rule.minValue === undefined || direction === 'down' || value >= rule.minValue;
    return { anomalous: allowed && saturated && score >= threshold && Math.abs(delta) >= minDelta, baseline: base, score, direction, seasonal };
  }

  /** A normal window: it joins the recent history and the daily profile; any anomalous run ends. */
  acceptNormal(timeMs: number, value: number, seasonal: number): void {
    this.push(value, seasonal);
    this.profile.add(timeMs, value);
    this.streak = 0;
    this.run = [];
    this.runExpected = [];
  }

  /**
   * An anomalous window stays out of the recent baseline, unless the run lasts `adoptAfter` windows.
   * It does join the daily profile: a peak seen yesterday at this hour must be normal today, and the
   * median across days and neighbouring slots keeps one day's incident from defining the hour.
   */
  recordAnomalous(timeMs: number, value: number, seasonal: number, adoptAfter: number): boolean {
    this.profile.add(timeMs, value);
    this.streak++;
    this.run.push(value);
    this.runExpected.push(seasonal);
    if (this.run.length < adoptAfter) return false;
    for (let i = 0; i < this.run.length; i++) this.push(this.run[i], this.runExpected[i]);
    this.streak = 0;
    this.run = [];
    this.runExpected = [];
    return true;
  }

  private push(value: number, seasonal: number): void {
    this.values[this.head] = value;
    this.expected[this.head] = seasonal;
    this.head = (this.head + 1) % this.values.length;
    if (this.len < this.values.length) this.len++;
  }
}
