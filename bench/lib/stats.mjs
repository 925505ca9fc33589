// Percentiles, rounds and the pass rule of performance.md §1: the median of per-round ratios is
// within the threshold and at most one round exceeds 1.2 × the threshold. Round 0 is discarded
// (it read 3.16× against 2.1× for later rounds locally); a round is invalid when the 1-minute
// load average exceeds 3 on this 2-core machine.
import os from 'node:os';

export const MAX_LOADAVG = 3;

/** Nearest-rank percentile of a sorted array (q in [0, 1]). */
export function percentile(sorted, q) {
  if (!sorted.length) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** @param {number[]} samples latencies in ms; @param {number} wallMs time the block took */
export function summarize(samples, wallMs) {
  const s = Float64Array.from(samples).sort();
  return {
    n: s.length,
    p50: round3(percentile(s, 0.5)),
    p90: round3(percentile(s, 0.9)),
    p99: round3(percentile(s, 0.99)),
    max: round3(s[s.length - 1]),
    rps: wallMs ? Math.round((s.length / wallMs) * 1000) : undefined,
  };
}

export const round3 = (x) => Math.round(x * 1000) / 1000;

export function machineState() {
  return {
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

/**
 * Runs `fn(i)` n times in a row (c=1) and summarises the latencies it returns.
 * @param {(i: number) => Promise<number>} fn resolves to one request's latency in ms
 */
export async function timeBlock(fn, n, offset = 0) {
  const samples = new Array(n);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) samples[i] = await fn(offset + i);
  return summarize(samples, Number(process.hrtime.bigint() - started) / 1e6);
}

/** Alternates the variants for `ms` each, twice, so JIT, pools and caches are warm for both. */
export async function warmUp(variants, ms) {
  for (let pass = 0; pass < 2; pass++) {
    for (const v of variants) {
      const until = Date.now() + ms / 2;
      let i = 0;
      while (Date.now() < until) await v.run(i++);
    }
  }
}

/**
 * An interleaved A/B test: warm-up, then rounds 0..rounds (round 0 discarded), A and B in
 * alternating order. `ratio` is B.p50 / A.p50 (B is the product, A the reference).
 */
export async function abTest({ a, b, n, rounds, warmupMs }) {
  await warmUp([a, b], warmupMs);
  const out = [];
  let offset = 0;
  for (let r = 0; r <= rounds; r++) {
    const order = r % 2 === 0 ? [a, b] : [b, a];
    const res = {};
    for (const v of order) {
      res[v === a ? 'a' : 'b'] = await timeBlock(v.run, n, offset);
      offset += n;
    }
    const state = machineState();
    out.push({
      round: r,
      discarded: r === 0,
      valid: state.loadavg[0] <= MAX_LOADAVG,
      a: res.a,
      b: res.b,
      ratio: round3(res.b.p50 / res.a.p50),
      p99_ratio: round3(res.b.p99 / res.a.p99),
      added_ms: round3(res.b.p50 - res.a.p50),
      ...state,
    });
  }
  return out;
}

/**
 * The rounds a verdict is computed on: not discarded, and valid. When the machine was busy for
 * most of the test (other jobs on the host), the verdict falls back to every round and says so
 * (`load_fallback`), rather than reporting nothing.
 */
export function countedRounds(rounds) {
  const kept = rounds.filter((r) => !r.discarded);
  const valid = kept.filter((r) => r.valid);
  return valid.length >= Math.ceil(kept.length / 2)
    ? { counted: valid, loadFallback: false }
    : { counted: kept, loadFallback: true };
}

/** The verdict over the counted rounds (not discarded, valid). */
export function verdict(rounds, threshold, { p99Threshold, key = 'ratio' } = {}) {
  const { counted, loadFallback } = countedRounds(rounds);
  const ratios = counted.map((r) => r[key]);
  const med = round3(median(ratios));
  const over = ratios.filter((x) => x > 1.2 * threshold).length;
  const p99 = round3(median(counted.map((r) => r.p99_ratio)));
  const pass = counted.length > 0 && med <= threshold && over <= 1;
  return {
    counted_rounds: counted.length,
    invalid_rounds: rounds.filter((r) => !r.discarded && !r.valid).length,
    load_fallback: loadFallback,
    median_ratio: med,
    min_ratio: round3(Math.min(...ratios)),
    max_ratio: round3(Math.max(...ratios)),
    rounds_over_1_2x: over,
    median_p99_ratio: p99,
    median_added_ms: round3(median(counted.map((r) => r.added_ms))),
    threshold,
    p99_threshold: p99Threshold,
    pass: p99Threshold === undefined ? pass : pass && p99 <= p99Threshold,
  };
}
