import { chipSchema, modelSchema } from "@dualtrack/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { run } from "./run.js";

describe("dualtrack chips", () => {
  it("--json prints one array of at least 45 chips, each valid against chipSchema", async () => {
    const { code, stdout, stderr } = await run("chips", "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const chips = z.array(chipSchema).parse(JSON.parse(stdout));
    expect(chips.length).toBeGreaterThanOrEqual(45);
    expect(chips.map((c) => c.id)).toContain("h20");
  });

  it("filters by country and vendor, and sorts by a spec with nulls last", async () => {
    const { stdout } = await run(
      "chips",
      "--country",
      "cn",
      "--vendor",
      "huawei",
      "--sort",
      "-bf16",
      "--json",
    );
    const chips = z.array(chipSchema).parse(JSON.parse(stdout));
    expect(chips.length).toBeGreaterThanOrEqual(3);
    expect(chips.every((c) => c.vendor === "huawei" && c.country === "CN")).toBe(true);
    const known = chips.map((c) => c.dense.bf16).filter((v): v is number => v !== undefined);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    const firstUnknown = chips.findIndex((c) => c.dense.bf16 === undefined);
    if (firstUnknown >= 0)
      expect(chips.slice(firstUnknown).every((c) => c.dense.bf16 === undefined)).toBe(true);
  });

  it("--csv prints a header and one line per chip", async () => {
    const table = JSON.parse((await run("chips", "--json")).stdout) as unknown[];
    const { code, stdout } = await run("chips", "--csv");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "id,vendor,country,status,launched,bf16,fp8,int8,fp4,memGB,memTBps,scaleUpGBps,tdpW",
    );
    expect(lines).toHaveLength(table.length + 1);
  });

  it("prints a table by default", async () => {
    const { code, stdout } = await run("chips", "--vendor", "nvidia");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^id\s+vendor\s+country\s+status/);
    expect(stdout).toContain("h100-sxm");
  });

  it("rejects a bad filter naming the allowed values, with exit 2", async () => {
    const { code, stdout, stderr } = await run("chips", "--status", "sold");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "dualtrack: --status: 'sold' is not one of: shipping, announced, roadmap, cancelled, reported\n",
    );
  });

  it("rejects an unknown sort field and --json with --csv", async () => {
    const sort = await run("chips", "--sort", "speed");
    expect(sort.code).toBe(2);
    expect(sort.stderr).toMatch(/^dualtrack: --sort: unknown field 'speed'; allowed: id, name, vendor/);
    const both = await run("chips", "--json", "--csv");
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("dualtrack: choose one of --json and --csv\n");
  });
});

describe("dualtrack chip <id>", () => {
  it("--json prints the chip with its sources", async () => {
    const { code, stdout } = await run("chip", "h100-sxm", "--json");
    expect(code).toBe(0);
    const chip = chipSchema.parse(JSON.parse(stdout));
    expect(chip.dense.bf16).toBeCloseTo(989.4, 0);
    expect(chip.memory.gb).toBe(80);
    expect(chip.sources["dense.bf16"]?.length).toBeGreaterThan(0);
  });

  it("records the H200 datasheet values, not the seed article's 48 GB", async () => {
    const chip = chipSchema.parse(JSON.parse((await run("chip", "h200-sxm", "--json")).stdout));
    expect(chip.memory.gb).toBe(141);
    expect(chip.memory.tbps).toBe(4.8);
  });

  it("an unknown id suggests the closest ids and exits 2", async () => {
    const { code, stdout, stderr } = await run("chip", "h200", "--json");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^dualtrack: unknown chip 'h200': did you mean h200-nvl, h200-sxm/);
  });

  it("prints every figure with its confidence and sources by default", async () => {
    const { stdout } = await run("chip", "h20");
    expect(stdout).toMatch(/dense bf16\s+148 TFLOPS/);
    expect(stdout).toMatch(/\[(vendor|reported|estimate|low): [a-z0-9-]+/);
  });
});

describe("dualtrack models / model <id>", () => {
  it("--json lists at least 18 models, each valid against modelSchema", async () => {
    const { code, stdout } = await run("models", "--json");
    expect(code).toBe(0);
    const models = z.array(modelSchema).parse(JSON.parse(stdout));
    expect(models.length).toBeGreaterThanOrEqual(18);
  });

  it("model deepseek-v3 --json has MLA and 671B total, 37B active", async () => {
    const model = modelSchema.parse(JSON.parse((await run("model", "deepseek-v3", "--json")).stdout));
    expect(model.arch.attention.kind).toBe("mla");
    expect(model.params.totalB).toBe(671);
    expect(model.params.activeB).toBe(37);
  });

  it("an unknown model suggests the closest ids", async () => {
    const { code, stderr } = await run("model", "llama-3.1-7b");
    expect(code).toBe(2);
    expect(stderr).toMatch(/did you mean .*llama-3\.1-8b/);
  });
});

describe("dualtrack validate / start", () => {
  it("validate reports a valid catalog", async () => {
    const { code, stdout } = await run("validate");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^data\/ is valid: \d+ sources, \d+ chips, \d+ models\n$/);
  });

  it("validate fails with exit 1 and file-path-value messages on a broken data folder", async () => {
    const { mkdtemp, mkdir, writeFile } = await import("node:fs/promises");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "dualtrack-"));
    await mkdir(join(dir, "chips"));
    await writeFile(join(dir, "sources.yaml"), "sources: []\n");
    await writeFile(
      join(dir, "chips", "acme.yaml"),
      "chips:\n  - { id: x1, name: X1, vendor: acme, country: US, datacenter: true, launched: 2025, status: shipping, source: nowhere, tdpW: 300 }\n",
    );
    const { code, stderr } = await run("--data", dir, "validate");
    expect(code).toBe(1);
    expect(stderr).toContain("chips/acme.yaml: chips[0] x1 › tdpW: the number 300 has no source");
    expect(stderr).toContain("chips/acme.yaml: chips[0] x1 › source: source id 'nowhere' does not resolve");
  });

  // `start` now builds if needed and serves until stopped (apps/cli/test/serve.test.ts runs the server in
  // a child process); in process only its flag validation can be checked without blocking.
  it("start refuses a bad --port before building or serving (exit 2)", async () => {
    const { code, stderr } = await run("start", "--port", "70000");
    expect(code).toBe(2);
    expect(stderr).toContain("--port");
  });
});
