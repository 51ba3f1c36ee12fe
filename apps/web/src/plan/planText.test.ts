import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { pathKeys, planVariants, readPlanText } from "./planText.js";

const example = readFileSync(
  resolve(__dirname, "../../../../examples/plans/cn-hyperscaler-2026.yaml"),
  "utf8",
);

describe("readPlanText", () => {
  test("reads the example YAML and the same plan written as JSON", () => {
    const yaml = readPlanText(example);
    expect(yaml.ok).toBe(true);
    if (!yaml.ok) return;
    expect(yaml.plan.mandates?.domesticShareMin).toBe(0.5);
    const json = readPlanText(JSON.stringify(yaml.data, null, 2));
    expect(json.ok && json.plan).toEqual(yaml.plan);
  });

  test("a bad enum value is named by its field path and its line in the text", () => {
    const text = example.replace("objective: min-cost", "objective: cheapest");
    const line = text.split("\n").findIndex((l) => l.startsWith("objective:")) + 1;
    const r = readPlanText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.syntax).toBe(false);
    expect(r.issues[0]?.path).toBe("objective");
    expect(r.issues[0]?.line).toBe(line);
  });

  test("a nested bad value points at its own line", () => {
    const text = example.replace(
      "energy: { usdPerKWh: 0.07, pue: 1.3 }",
      "energy:\n  usdPerKWh: 0.07\n  pue: lots",
    );
    const line = text.split("\n").findIndex((l) => l.includes("pue: lots")) + 1;
    const r = readPlanText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const issue = r.issues.find((i) => i.path.startsWith("energy"));
    expect(issue?.path).toBe("energy.pue");
    expect(issue?.line).toBe(line);
  });

  test("a syntax error carries the parser's line", () => {
    const r = readPlanText("buyer: { name: x\nhorizon: [");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.syntax).toBe(true);
    expect(r.issues[0]?.line).toBeGreaterThanOrEqual(1);
  });
});

describe("planVariants", () => {
  test("one plan per value, only the compared key differs", () => {
    const r = readPlanText(example);
    if (!r.ok) throw new Error("example must parse");
    const { variants } = planVariants(r.data, "mandates.domesticShareMin=0.3,0.5,0.7");
    expect(variants.map((v) => v.label)).toEqual([
      "mandates.domesticShareMin=0.3",
      "mandates.domesticShareMin=0.5",
      "mandates.domesticShareMin=0.7",
    ]);
    const shares = variants.map(
      (v) => (v.data as { mandates: { domesticShareMin: number; basis: string } }).mandates,
    );
    expect(shares).toEqual([
      { domesticShareMin: 0.3, basis: "units" },
      { domesticShareMin: 0.5, basis: "units" },
      { domesticShareMin: 0.7, basis: "units" },
    ]);
  });

  test("rejects a spec without '='", () => {
    expect(() => planVariants({}, "mandates")).toThrow(/key=v1/);
  });

  test("pathKeys splits dotted paths and indices", () => {
    expect(pathKeys("demand[0].serve.model")).toEqual(["demand", 0, "serve", "model"]);
    expect(pathKeys("(plan)")).toEqual([]);
  });
});
