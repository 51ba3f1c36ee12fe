import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { formatPath, readScenarioText } from "./scenarioText.js";

const baseline = readFileSync(resolve(__dirname, "../../../../examples/scenarios/baseline.yaml"), "utf8");
const lineOf = (text: string, prefix: string) => text.split("\n").findIndex((l) => l.startsWith(prefix)) + 1;

describe("readScenarioText", () => {
  test("reads the baseline YAML and the same scenario written as JSON", () => {
    const yaml = readScenarioText(baseline);
    expect(yaml.ok).toBe(true);
    if (!yaml.ok) return;
    expect(yaml.scenario.end).toBe("2032Q4");
    const json = readScenarioText(JSON.stringify(yaml.data));
    expect(json.ok && json.scenario).toEqual(yaml.scenario);
  });

  test("an invalid quarter is named by its field path and its line", () => {
    const text = baseline.replace("end: 2032Q4", "end: 2027Q5");
    const r = readScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.syntax).toBe(false);
    expect(r.issues).toEqual([{ path: "end", line: lineOf(text, "end:"), message: "a quarter like 2026Q1" }]);
  });

  test("a nested bad value points at its line inside the products list", () => {
    const text = baseline.replace("lifeQuarters: 20", "lifeQuarters: twenty");
    const r = readScenarioText(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]?.path).toBe("products[0].lifeQuarters");
    expect(r.issues[0]?.line).toBe(lineOf(text, "    lifeQuarters: twenty"));
  });

  test("a YAML syntax error carries the parser's line", () => {
    const r = readScenarioText("id: x\nname: [unclosed\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.syntax).toBe(true);
    expect(r.issues[0]?.path).toBe("(syntax)");
    expect(r.issues[0]?.line).not.toBeNull();
  });

  test("formatPath writes indices in brackets", () => {
    expect(formatPath(["products", 0, "bf16", "value"])).toBe("products[0].bf16.value");
    expect(formatPath([])).toBe("(scenario)");
  });
});
