import type { CompiledScenario, ServingRates } from "./compile.js";
import { compileScenario } from "./compile.js";
import { periodQuarters, periodValue } from "./periodValue.js";
import { replicate } from "./replicate.js";
import type { Param, Scenario } from "./scenario.js";

/** An uncertain parameter of a scenario, named by where it sits (`products.h20.supply@2025Q1`). */
export interface ScenarioParam {
  readonly name: string;
  readonly param: Param;
}

function isParam(x: unknown): x is Param {
  if (typeof x !== "object" || x === null) return false;
  return "dist" in x || ("value" in x && typeof (x as { value: unknown }).value === "number");
}

/** Visits every parameter in a fixed order, giving its name and a setter that replaces it in place. */
function walk(
  node: unknown,
  name: string,
  visit: (name: string, p: Param, set: (p: Param) => void) => void,
): void {
  if (Array.isArray(node)) {
    node.forEach((item: unknown, i) => {
      const key =
        typeof item === "object" && item !== null && "id" in item
          ? `.${String(item.id)}`
          : typeof item === "object" && item !== null && "at" in item
            ? `@${String(item.at)}`
            : `[${i}]`;
      if (isParam(item)) visit(`${name}${key}`, item, (p) => node.splice(i, 1, p));
      else walk(item, `${name}${key}`, visit);
    });
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    // A path point {at, value} is named by its quarter alone.
    const child = k === "value" && "at" in obj ? name : name === "" ? k : `${name}.${k}`;
    if (isParam(v))
      visit(child, v, (p) => {
        obj[k] = p;
      });
    else walk(v, child, visit);
  }
}

/** The scenario's uncertain parameters (fixed `value`s excluded), in a stable order. */
export function scenarioParams(s: Scenario): ScenarioParam[] {
  const out: ScenarioParam[] = [];
  walk(s, "", (name, param) => {
    if ("dist" in param) out.push({ name, param });
  });
  return out;
}

/**
 * The low and high ends used for a tornado: min and max for triangular and PERT, P5 and P95 for normal
 * (mean ∓ 1.645 sd) and lognormal (median · e^(∓1.645 σ)).
 */
export function paramRange(p: Param): [number, number] {
  if ("value" in p) return [p.value, p.value];
  switch (p.dist) {
    case "normal":
      return [p.mean - 1.645 * p.sd, p.mean + 1.645 * p.sd];
    case "lognormal":
      return [p.median * Math.exp(-1.645 * p.sigma), p.median * Math.exp(1.645 * p.sigma)];
    case "triangular":
    case "pert":
      return [p.min, p.max];
  }
}

export interface TornadoBar {
  readonly param: string;
  readonly low: number;
  readonly high: number;
  /** The output with the parameter at its low and high end, everything else at its central value. */
  readonly outputLow: number;
  readonly outputHigh: number;
  /** |outputHigh − outputLow|. */
  readonly swing: number;
}

export interface TornadoResult {
  readonly output: string;
  readonly period: string;
  /** The output with every parameter at its central value. */
  readonly base: number;
  readonly bars: readonly TornadoBar[];
}

export interface TornadoOptions {
  readonly output: string;
  readonly period: string;
  /** Bars kept, largest swing first (default 10). */
  readonly top?: number;
  /** Replications averaged per point; only policy events stay random, with the same streams at every point. */
  readonly runs?: number;
  readonly seed?: number;
  /**
   * Output tokens/s per chip by model and product for the scenario's `serving` outputs (core
   * `servingRates`); without them those outputs are 0, as in {@link compileScenario}.
   */
  readonly servingRates?: ServingRates;
}

function evaluate(c: CompiledScenario, o: number, qs: readonly number[], runs: number, seed: number): number {
  let sum = 0;
  for (let r = 0; r < runs; r++)
    sum += periodValue(c, replicate(c, seed, r, { central: true }).values, o, qs);
  return sum / runs;
}

/**
 * One-at-a-time sensitivity: each uncertain parameter in turn is set to its low and high end (paramRange)
 * with all others at their central values (value, mean, median or mode); the output is the mean over
 * `runs` replications with common random numbers, so only the moved parameter differs between points.
 */
export function tornado(s: Scenario, options: TornadoOptions): TornadoResult {
  const base = compileScenario(s, options.servingRates);
  const o = base.outputIndex.get(options.output);
  if (o === undefined)
    throw new Error(
      `output: '${options.output}' is not one of: ${base.outputs.map((x) => x.name).join(", ")}`,
    );
  const qs = periodQuarters(base, options.period);
  if (qs.length === 0) throw new Error(`period: '${options.period}' is outside ${s.start}..${s.end}`);
  const runs = options.runs ?? 16;
  const seed = options.seed ?? 1;
  const params = scenarioParams(s);
  const bars = params.map(({ name, param }, k): TornadoBar => {
    const [low, high] = paramRange(param);
    const at = (v: number) => {
      const copy = JSON.parse(JSON.stringify(s)) as Scenario;
      let seen = -1;
      walk(copy, "", (_n, p, set) => {
        if ("dist" in p && ++seen === k) set({ value: v, assumption: "tornado point" });
      });
      return evaluate(compileScenario(copy, options.servingRates), o, qs, runs, seed);
    };
    const outputLow = at(low);
    const outputHigh = at(high);
    return { param: name, low, high, outputLow, outputHigh, swing: Math.abs(outputHigh - outputLow) };
  });
  bars.sort((a, b) => b.swing - a.swing || a.param.localeCompare(b.param));
  return {
    output: options.output,
    period: options.period,
    base: evaluate(base, o, qs, runs, seed),
    bars: bars.slice(0, options.top ?? 10),
  };
}
