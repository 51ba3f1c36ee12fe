/// <reference lib="webworker" />
import {
  compileScenario,
  type ServingRates,
  scenarioSchema,
  type TornadoResult,
  tornado,
} from "@dualtrack/core";

/** What the page asks: a stored scenario's body and the tornado's options (as `dualtrack sensitivity`). */
export interface TornadoRequest {
  readonly scenario: unknown;
  readonly output: string;
  readonly period: string;
  readonly runs: number;
  readonly top: number;
  /** Per-chip serving rates for the scenario's `serving` outputs, computed on the page (core `servingRates`). */
  readonly servingRates: ServingRates;
}

export type TornadoReply =
  | {
      readonly kind: "done";
      readonly result: TornadoResult;
      readonly outputs: readonly string[];
      readonly ms: number;
    }
  | { readonly kind: "error"; readonly message: string };

/**
 * Runs core's `tornado` (one-at-a-time sensitivity, common random numbers) off the page's thread: it
 * simulates every uncertain parameter at its low and high end, which takes seconds for a full scenario.
 */
self.onmessage = (event: MessageEvent<TornadoRequest>) => {
  const started = performance.now();
  const req = event.data;
  let reply: TornadoReply;
  const parsed = scenarioSchema.safeParse(req.scenario);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    reply = {
      kind: "error",
      message: `the stored scenario does not validate: ${first === undefined ? "" : `${first.path.join(".")}: ${first.message}`}`,
    };
  } else {
    try {
      const outputs = compileScenario(parsed.data).outputs.map((o) => o.name);
      const result = tornado(parsed.data, {
        output: req.output,
        period: req.period,
        runs: req.runs,
        top: req.top,
        servingRates: req.servingRates,
      });
      reply = { kind: "done", result, outputs, ms: performance.now() - started };
    } catch (error) {
      reply = { kind: "error", message: error instanceof Error ? error.message : String(error) };
    }
  }
  self.postMessage(reply);
};
