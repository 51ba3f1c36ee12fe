import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildLedger, type ClaimResult, VERDICTS } from "@dualtrack/core";
import { readCatalogFiles } from "@dualtrack/runner";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { run } from "./run.js";

const here = dirname(fileURLToPath(import.meta.url));
/** The seed articles live beside the repository (../shared/seeds); absent in a bare checkout. */
const seedsDir = resolve(here, "../../../../shared/seeds");

const rowSchema = z.looseObject({
  id: z.string(),
  claim: z.string(),
  where: z.looseObject({ article: z.string(), paragraph: z.number() }),
  subject: z.looseObject({ kind: z.string() }),
  verdict: z.enum(VERDICTS),
  reasons: z.array(z.string()).min(1),
  expected: z.enum(VERDICTS),
});

let results: readonly ClaimResult[] = [];

beforeAll(async () => {
  const { files, issues } = await readCatalogFiles();
  expect(issues).toEqual([]);
  const ledger = buildLedger(files);
  expect(ledger.issues).toEqual([]);
  results = ledger.results;
});

describe("the evidence ledger on the real data/", () => {
  it("records at least 40 claims from all four seed articles", () => {
    expect(results.length).toBeGreaterThanOrEqual(40);
    expect(new Set(results.map((r) => r.where.article))).toEqual(new Set(["000", "001", "002", "003"]));
    expect(new Set(results.map((r) => r.id)).size).toBe(results.length);
  });

  it("gives every claim the verdict recorded for it (a catalog, policy or perf change that moves one fails here)", () => {
    const drifted = results
      .filter((r) => r.verdict !== r.expected)
      .map((r) => `${r.id}: recorded ${r.expected}, computed ${r.verdict}\n  ${r.reasons.join("\n  ")}`);
    expect(drifted).toEqual([]);
  });

  it("cites the seed article as the first source of every claim", () => {
    for (const r of results) expect(r.source[0], r.id).toMatch(new RegExp(`^seed-${r.where.article}-`));
  });

  it("uses every verdict, and the engines: supported claims rest on catalog, policy or perf checks", () => {
    const kinds = new Set(results.flatMap((r) => r.checks.map((c) => c.kind)));
    for (const k of ["catalog", "arithmetic", "source", "policy", "perf", "evidence", "none"] as const)
      expect(kinds, k).toContain(k);
    for (const v of VERDICTS)
      expect(
        results.some((r) => r.verdict === v),
        v,
      ).toBe(true);
  });

  it("contradicts the known errors of the seeds, with the numbers in the reasons", () => {
    const byId = new Map(results.map((r) => [r.id, r]));
    const h200 = byId.get("000-h200-48-gb");
    expect(h200?.verdict).toBe("contradicted");
    // 141 GB in the catalog against the 48 GB claimed: 141 / 48 = 2.9375
    expect(h200?.reasons.join("\n")).toContain("2.9375×");
    const yuan = byId.get("000-investment-trillions-of-yuan");
    expect(yuan?.verdict).toBe("contradicted");
    // 142.5 × (480 / 69) / 1000 = 0.99130… trillion CNY, printed to five significant digits
    expect(yuan?.reasons.join("\n")).toContain("= 0.9913 trillion CNY");
    // 8.03 B × 0.375 B/param × 17,000 tok/s / 1000 / 4.8 TB/s = 10.665 × the H200's bandwidth
    expect(byId.get("000-n2-17000-tokens-per-sec")?.reasons.join("\n")).toContain("= 10.665 ×");
  });

  it("moves a pinned verdict when the catalog changes: an H200 at H100 bandwidth breaks 002-h200-more-memory", async () => {
    const { files } = await readCatalogFiles();
    // the same files with the H200 SXM's 4.8 TB/s replaced by the H100's 3.35 TB/s: 3.35 / 3.35 = 1 < 1.2
    const chips = files.chips.map((f) =>
      f.path.endsWith("nvidia.yaml") ? { ...f, data: JSON.parse(JSON.stringify(f.data)) as unknown } : f,
    );
    const nvidia = chips.find((f) => f.path.endsWith("nvidia.yaml"));
    const list = z.object({ chips: z.array(z.looseObject({ id: z.string() })) }).parse(nvidia?.data).chips;
    const h200 = list.find((c) => c.id === "h200-sxm") as { memory: { tbps: { value: number } } } | undefined;
    expect(h200?.memory.tbps.value).toBe(4.8);
    if (h200 !== undefined) h200.memory.tbps.value = 3.35;
    const moved = buildLedger({ ...files, chips }).results.find((r) => r.id === "002-h200-more-memory");
    expect(moved?.expected).toBe("supported");
    expect(moved?.verdict).toBe("contradicted");
    expect(moved?.reasons.join("\n")).toContain("h200 / h100 = 3.35 / 3.35 = 1 × H100 memory bandwidth");
  });

  it.skipIf(!existsSync(seedsDir))("places each claim on a line of its seed that holds its anchor", () => {
    const files = new Map(readdirSync(seedsDir).map((name) => [name.slice(0, 3), join(seedsDir, name)]));
    for (const r of results) {
      const path = files.get(r.where.article);
      expect(path, r.id).toBeDefined();
      const lines = readFileSync(path ?? "", "utf8").split("\n");
      const line = lines[r.where.paragraph - 1];
      expect(line, `${r.id}: line ${r.where.paragraph}`).toBeDefined();
      if (r.where.anchor !== undefined) expect(line, r.id).toContain(r.where.anchor);
    }
  });
});

describe("dualtrack claims", () => {
  it("--json prints one array of rows with the DESIGN.md fields", async () => {
    const { code, stdout, stderr } = await run("claims", "--json");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const rows = z.array(rowSchema).parse(JSON.parse(stdout));
    expect(rows.length).toBe(results.length);
    expect(Object.keys(rows[0] ?? {}).slice(0, 6)).toEqual([
      "id",
      "claim",
      "where",
      "subject",
      "verdict",
      "reasons",
    ]);
  });

  it("--verdict contradicted --subject chip keeps only those rows", async () => {
    const { code, stdout } = await run("claims", "--verdict", "contradicted", "--subject", "chip", "--json");
    expect(code).toBe(0);
    const rows = z.array(rowSchema).parse(JSON.parse(stdout));
    const expected = results.filter((r) => r.verdict === "contradicted" && r.subject.kind === "chip");
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(rows.length).toBeGreaterThanOrEqual(4);
  });

  it("--article 3 pads to 003; the text output ends with the verdict counts", async () => {
    const { code, stdout } = await run("claims", "--article", "3");
    expect(code).toBe(0);
    const n = results.filter((r) => r.where.article === "003").length;
    expect(stdout).toMatch(
      new RegExp(`\\n${n} claims: \\d+ supported, \\d+ contradicted, \\d+ plausible, \\d+ unverifiable\\n$`),
    );
    expect(stdout).not.toContain("[000 ");
    // an article with no claims is a typo (it answered [] with exit 0)
    const none = await run("claims", "--article", "9", "--json");
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--article: no claims from article '009' \(articles: 000, 001, 002, 003\)/);
    expect(none.stdout).toBe("");
  });

  it("rejects an unknown verdict with exit 2, naming the flag and the allowed values", async () => {
    const { code, stdout, stderr } = await run("claims", "--verdict", "wrong");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("--verdict");
    expect(stderr).toContain("supported, contradicted, plausible, unverifiable");
  });

  it("rejects an unknown claim id with exit 2", async () => {
    const { code, stderr } = await run("claims", "--id", "no-such-claim");
    expect(code).toBe(2);
    expect(stderr).toContain("no-such-claim");
  });
});

describe("dualtrack validate on claims", () => {
  it("reports a claim whose source does not resolve, with exit 1, and claims refuses to answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dualtrack-claims-"));
    try {
      const data = resolve(here, "../../../data");
      cpSync(data, dir, { recursive: true });
      const path = join(dir, "claims", "003.yaml");
      writeFileSync(
        path,
        readFileSync(path, "utf8").replace(
          "source: seed-003-wired-h200-approvals-2026-01\n",
          "source: no-such-source\n",
        ),
      );
      const validate = await run("--data", dir, "validate", "--json");
      expect(validate.code).toBe(1);
      const summary = z
        .looseObject({
          valid: z.boolean(),
          issues: z.array(z.looseObject({ file: z.string(), message: z.string() })),
        })
        .parse(JSON.parse(validate.stdout));
      expect(summary.valid).toBe(false);
      expect(summary.issues).toEqual([
        expect.objectContaining({
          file: expect.stringMatching(/claims\/003\.yaml$/),
          path: "claims[0] 003-hundreds-of-thousands-h200 › source",
          message: "source id 'no-such-source' does not resolve in sources.yaml",
        }),
      ]);
      const claims = await run("--data", dir, "claims", "--json");
      expect(claims.code).toBe(1);
      expect(claims.stdout).toBe("");
      expect(claims.stderr).toContain("no-such-source");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
