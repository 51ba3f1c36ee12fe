import { readFile } from "node:fs/promises";
import { RULE_KINDS } from "@dualtrack/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { jsonSchemas } from "../src/commands/dataCommands.js";
import { run } from "./run.js";

describe("dualtrack policies", { timeout: 30_000 }, () => {
  it("--json lists every rule with its standing on --date", async () => {
    const { code, stdout, stderr } = await run("policies", "--date", "2025-06-01", "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const doc = z
      .object({
        date: z.literal("2025-06-01"),
        rules: z.array(
          z.object({ id: z.string(), standing: z.string(), source: z.array(z.string()).min(1) }),
        ),
      })
      .parse(JSON.parse(stdout));
    const standing = Object.fromEntries(doc.rules.map((r) => [r.id, r.standing]));
    expect(standing["us-2025-04-h20-letter"]).toBe("in-force");
    expect(standing["us-2025-01-ai-diffusion"]).toBe("not-enforced");
    expect(standing["us-2022-10-3a090a"]).toBe("ended");
    expect(standing["us-2026-01-case-by-case"]).toBe("future");
  });

  it("--thresholds lists the 2023 tiers and, from 2026-01-15, TPP < 21,000 and DRAM < 6,500 GB/s", async () => {
    const at = async (date: string) => {
      const { stdout } = await run(
        "policies",
        "--thresholds",
        "--jurisdiction",
        "us",
        "--date",
        date,
        "--json",
      );
      const doc = z
        .object({
          thresholds: z.array(
            z.object({ rule: z.string(), metric: z.string(), op: z.string(), value: z.number() }),
          ),
        })
        .parse(JSON.parse(stdout));
      return doc.thresholds.map((t) => `${t.rule} ${t.metric} ${t.op} ${t.value}`);
    };
    const y2024 = await at("2024-06-01");
    expect(y2024).toEqual(
      expect.arrayContaining([
        "us-2023-3a090-a1 tpp gte 4800",
        "us-2023-3a090-a2 pd gte 5.92",
        "us-2023-3a090-b1 tpp gte 2400",
      ]),
    );
    expect(y2024).not.toContain("us-2026-01-case-by-case tpp lt 21000");
    expect(await at("2026-02-01")).toEqual(
      expect.arrayContaining([
        "us-2026-01-case-by-case tpp lt 21000",
        "us-2026-01-case-by-case memoryGBps lt 6500",
      ]),
    );
  });

  it("a bad --jurisdiction exits 2 naming the allowed values", async () => {
    const { code, stderr } = await run("policies", "--jurisdiction", "EU");
    expect(code).toBe(2);
    expect(stderr).toContain('--jurisdiction: Invalid option: expected one of "US"|"CN"');
  });
});

describe("schemas/policies.schema.json", () => {
  it("publishes the rules file schema (every rule kind) and the committed copy is up to date", async () => {
    const schema = z
      .object({
        properties: z.object({
          rules: z.object({
            items: z.object({
              properties: z.object({ kind: z.object({ enum: z.array(z.string()) }) }),
              required: z.array(z.string()),
            }),
          }),
        }),
      })
      .parse(jsonSchemas()["policies.schema.json"]);
    const rule = schema.properties.rules.items;
    expect(rule.properties.kind.enum).toEqual([...RULE_KINDS]);
    expect(rule.required).toEqual(
      expect.arrayContaining(["id", "jurisdiction", "kind", "effective", "source"]),
    );
    const onDisk = await readFile(new URL("../../../schemas/policies.schema.json", import.meta.url), "utf8");
    expect(onDisk).toBe(`${JSON.stringify(jsonSchemas()["policies.schema.json"], null, 2)}\n`);
  });
});
