import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { run } from "./run.js";

/** The DESIGN.md contract of `classify --json` (extra fields allowed). */
const verdictSchema = z.object({
  chip: z.string(),
  date: z.string(),
  to: z.string(),
  tpp: z.number().nullable(),
  pd: z.number().nullable(),
  eccn: z.enum(["3A090.a", "3A090.b", "3A090.c", "none"]),
  us: z.object({
    licenseRequired: z.boolean(),
    review: z.enum(["none", "notification", "case-by-case", "presumption-of-denial"]),
    conditions: z.array(
      z.object({ kind: z.string(), text: z.string(), rule: z.string(), percent: z.number().optional() }),
    ),
    rules: z.array(z.string()),
  }),
  china: z.object({
    status: z.enum(["allowed", "discouraged", "blocked", "conditional"]),
    conditions: z.array(z.object({ kind: z.string(), text: z.string(), rule: z.string() })),
    rules: z.array(z.string()),
  }),
  explanation: z.array(z.string()).min(1),
});

describe("dualtrack classify", { timeout: 30_000 }, () => {
  it("h20 --to CN --date 2025-05-01 --json: licence required (presumption of denial) though not 3A090", async () => {
    const { code, stdout, stderr } = await run(
      "classify",
      "h20",
      "--to",
      "CN",
      "--date",
      "2025-05-01",
      "--json",
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const v = verdictSchema.parse(JSON.parse(stdout));
    // TPP = int8 296 × 8 = 2,368; PD = 2,368 / 814 = 2.91.
    expect(v).toMatchObject({ chip: "h20", date: "2025-05-01", to: "CN", tpp: 2368, eccn: "none" });
    expect(v.pd).toBeCloseTo(2.909, 3);
    expect(v.us).toMatchObject({ licenseRequired: true, review: "presumption-of-denial" });
    expect(v.us.rules).toEqual(["us-2025-04-h20-letter"]);
  });

  it("lower-case --to and --buyer-hq are accepted; the HQ test reaches a China-headquartered buyer in Singapore", async () => {
    const { code, stdout } = await run(
      "classify",
      "h100-sxm",
      "--to",
      "sg",
      "--buyer-hq",
      "cn",
      "--date",
      "2024-06-01",
      "--json",
    );
    expect(code).toBe(0);
    const v = verdictSchema.parse(JSON.parse(stdout));
    expect(v.to).toBe("SG");
    expect(v.us.review).toBe("presumption-of-denial");
  });

  it("h200-sxm on 2026-02-01: case-by-case with the 25% tariff; China conditional (strict)", async () => {
    const { stdout } = await run("classify", "h200-sxm", "--date", "2026-02-01", "--json");
    const v = verdictSchema.parse(JSON.parse(stdout));
    expect(v.us.review).toBe("case-by-case");
    expect(v.us.conditions).toContainEqual(expect.objectContaining({ kind: "tariff", percent: 25 }));
    expect(v.china.status).toBe("conditional");
    expect(v.china.conditions.map((c) => c.kind)).toContain("domestic-purchase");
  });

  it.each([
    ["ascend-910c", "2027-01-01"],
    ["ascend-910b", "2026-02-01"],
    ["mlu590", "2026-06-01"],
    ["metax-c600", "2027-01-01"],
  ])("%s --to CN --date %s: a domestic sale, no US review and no US condition", async (chip, date) => {
    const { code, stdout } = await run("classify", chip, "--to", "CN", "--date", date, "--json");
    expect(code).toBe(0);
    const v = verdictSchema
      .extend({
        us: verdictSchema.shape.us.extend({ domesticSale: z.boolean(), reviewByParameters: z.string() }),
      })
      .parse(JSON.parse(stdout));
    expect(v.us).toMatchObject({
      licenseRequired: false,
      review: "none",
      domesticSale: true,
      conditions: [],
    });
    expect(v.us.rules).not.toContain("us-2026-01-case-by-case");
  });

  it("ascend-910c text output says why no US licence attaches and gives the by-parameters review", async () => {
    const { stdout } = await run("classify", "ascend-910c", "--to", "CN", "--date", "2027-01-01");
    expect(stdout).toContain(
      "US          no licence required — domestic sale, not an export (by parameters: presumption of denial)",
    );
    expect(stdout).toContain("EAR reach   yes (designed in CN)");
  });

  it("--china permissive reads the H20 guidance as advisory", async () => {
    const strict = verdictSchema.parse(
      JSON.parse((await run("classify", "h20", "--date", "2025-09-01", "--json")).stdout),
    );
    const permissive = verdictSchema.parse(
      JSON.parse(
        (await run("classify", "h20", "--date", "2025-09-01", "--china", "permissive", "--json")).stdout,
      ),
    );
    expect([strict.china.status, permissive.china.status]).toEqual(["discouraged", "allowed"]);
  });

  it("prints a readable verdict with a numbered explanation", async () => {
    const { code, stdout } = await run("classify", "l40", "--date", "2024-01-01");
    expect(code).toBe(0);
    expect(stdout).toContain("ECCN        3A090.b (3A090.b.1, 3A090.b.2)");
    expect(stdout).toContain("no licence; prior notification to BIS");
    expect(stdout).toMatch(/\n {2}1\. NVIDIA/);
    // The rules the verdict rests on, with their source ids.
    expect(stdout).toContain("Sources (data/sources.yaml)");
    expect(stdout).toMatch(/\n {2}us-2023-nac: fr-2023-23055, /);
  });

  it("--timeline with --date is a usage error (the timeline lists every change date; --date was ignored)", async () => {
    const { code, stderr } = await run("classify", "h20", "--timeline", "--date", "2025-01-01");
    expect(code).toBe(2);
    expect(stderr).toMatch(/--date: the --timeline lists every change date/);
  });

  it("--timeline --json lists the H20's status changes in order", async () => {
    const { code, stdout } = await run("classify", "h20", "--timeline", "--json");
    expect(code).toBe(0);
    const doc = z
      .object({
        chip: z.literal("h20"),
        to: z.literal("CN"),
        entries: z.array(z.object({ date: z.string(), review: z.string(), china: z.string() })),
      })
      .parse(JSON.parse(stdout));
    const steps = doc.entries.map((e) => `${e.date} ${e.review} ${e.china}`);
    expect(steps.slice(0, 2)).toEqual([
      "2024-01-01 none allowed",
      "2025-04-09 presumption-of-denial allowed",
    ]);
    expect(steps).toContain("2025-08-11 case-by-case allowed");
    expect(steps).toContain("2025-08-12 case-by-case discouraged");
    expect(steps).toContain("2025-10-10 case-by-case blocked");
  });

  it("an unknown chip exits 2 and suggests close ids", async () => {
    const { code, stderr, stdout } = await run("classify", "h2O", "--json");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("unknown chip 'h2O'");
    expect(stderr).toContain("h20");
  });

  it.each([
    [["--date", "2025-13-01"], "--date: expected a date as YYYY-MM-DD"],
    [["--to", "China"], "--to: expected an ISO 3166-1 alpha-2 country code"],
    [["--china", "lax"], '--china: Invalid option: expected one of "strict"|"permissive"'],
    [["--end-use", "games"], "--end-use: Invalid option"],
  ])("bad flag %j exits 2 naming the flag and the allowed values", async (flags, message) => {
    const { code, stderr, stdout } = await run("classify", "h20", ...flags, "--json");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(message);
  });

  it("invalid policy data exits 1 with file, rule and field", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dualtrack-policy-"));
    await mkdir(join(dir, "chips"));
    await mkdir(join(dir, "policies"));
    await writeFile(
      join(dir, "sources.yaml"),
      "sources:\n  - { id: s1, title: T, publisher: P, date: '2024', url: 'https://example.org', kind: regulation }\n",
    );
    await writeFile(
      join(dir, "chips", "acme.yaml"),
      "chips:\n  - { id: x1, name: X1, vendor: acme, country: US, datacenter: true, launched: 2025, status: shipping, source: s1 }\n",
    );
    await writeFile(
      join(dir, "policies", "us.yaml"),
      "rules:\n  - { id: r1, jurisdiction: US, kind: licence-requirement, title: R, effective: 2024-01-01, status: in-force, predicate: { destination: [CN] }, outcome: {}, source: [nowhere] }\n",
    );
    const { code, stderr } = await run("--data", dir, "classify", "x1", "--json");
    expect(code).toBe(1);
    expect(stderr).toContain(
      "policies/us.yaml: rules[0] r1 › outcome: a licence-requirement rule needs outcome.review",
    );
    const validate = await run("--data", dir, "validate");
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("rules[0] r1 › outcome");
  });
});
