import { describe, expect, it } from "vitest";
import { z } from "zod";
import { run } from "./run.js";

const timelineSchema = z.object({
  chip: z.string(),
  to: z.string(),
  buyerHq: z.string(),
  entries: z.array(
    z.object({
      date: z.string(),
      eccn: z.string(),
      review: z.string(),
      china: z.string(),
      rulesAdded: z.array(z.string()),
      rulesDropped: z.array(z.string()),
    }),
  ),
});

async function timelineOf(chip: string, ...flags: string[]) {
  const { code, stdout, stderr } = await run("classify", chip, "--timeline", ...flags, "--json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return timelineSchema.parse(JSON.parse(stdout));
}

describe("dualtrack classify --timeline", { timeout: 30_000 }, () => {
  it("H800 → CN: outside the 2022 rule (NVLink 400 < 600 GB/s), 3A090.a from 2023-10-23", async () => {
    const doc = await timelineOf("h800-sxm");
    const first = doc.entries[0];
    expect(first?.eccn).toBe("none");
    const controlled = doc.entries.find((e) => e.eccn === "3A090.a");
    // The 2023 rule reached datacenter parts with TPP ≥ 4,800 from 2023-10-23 (TPP 15,832 here).
    expect(controlled?.date).toBe("2023-10-23");
    expect(controlled?.review).toBe("presumption-of-denial");
    expect(controlled?.rulesAdded).toContain("us-2023-10-dc-immediate");
  });

  it("Ascend 910C → CN never picks up a US review or the 2026 case-by-case rule", async () => {
    const doc = await timelineOf("ascend-910c");
    expect(doc.entries.length).toBeGreaterThan(0);
    for (const e of doc.entries) {
      expect(e.review).toBe("none");
      expect(e.rulesAdded).not.toContain("us-2026-01-case-by-case");
    }
  });

  it("H200 → CN: presumption of denial in 2025, case-by-case from 2026-01-15", async () => {
    const doc = await timelineOf("h200-sxm");
    const at = (date: string) => [...doc.entries].reverse().find((e) => e.date <= date);
    expect(at("2025-06-01")?.review).toBe("presumption-of-denial");
    expect(at("2026-01-15")?.review).toBe("case-by-case");
    expect(doc.entries.find((e) => e.date === "2026-01-15")?.rulesAdded).toEqual(
      expect.arrayContaining(["us-2026-01-case-by-case", "us-2026-01-s232-band-1"]),
    );
  });

  it("the Ascend 910C's text timeline says each entry is a domestic sale", async () => {
    const { stdout } = await run("classify", "ascend-910c", "--timeline");
    // Launched 2024-10: TPP 800 × 16 = 12,800 ≥ 4,800 → 3A090.a.1; by parameters a D:5 licence (denial).
    expect(stdout).toContain(
      "3A090.a (3A090.a.1, 3A090.a.2); no licence required (domestic sale; by parameters presumption-of-denial)",
    );
  });

  it("prints one line per change with the rules added", async () => {
    const { code, stdout } = await run("classify", "h20", "--timeline");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NVIDIA HGX H20 \(h20\) → CN, buyer HQ CN: status changes\n/);
    expect(stdout).toMatch(
      /\n {2}2025-04-09 {2}.*licence required, presumption-of-denial.*\+us-2025-04-h20-letter/,
    );
  });
});
