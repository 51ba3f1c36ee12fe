import type { Chip } from "@dualtrack/core";
import { describe, expect, test } from "vitest";
import { chipPd, chipTpp } from "./chipMetrics.js";
import { toCsv } from "./csv.js";
import { EMPTY_FILTER, filterChips, sortChips } from "./table.js";
import { toQuery, withPatch } from "./urlState.js";

const chip = (id: string, vendor: string, gb: number | null, bf16?: number): Chip =>
  ({
    id,
    name: id.toUpperCase(),
    vendor,
    country: "US",
    status: "shipping",
    datacenter: true,
    launched: "2024",
    dense: bf16 === undefined ? {} : { bf16 },
    memory: { type: "HBM3e", gb, tbps: null },
    interconnect: { scaleUpGBps: null, ioGBps: null },
    tdpW: null,
    dieMm2: 800,
    tppPublished: null,
  }) as unknown as Chip;

const chips = [chip("a", "nvidia", 80, 989), chip("b", "amd", 192, 1307), chip("c", "nvidia", null)];

describe("chips table", () => {
  test("filterChips(vendor, spec range) keeps chips in range and drops those without the value", () => {
    const f = { ...EMPTY_FILTER, spec: "memory.gb", min: 100, max: null };
    expect(filterChips(chips, f).map((c) => c.id)).toEqual(["b"]);
    expect(filterChips(chips, { ...EMPTY_FILTER, vendor: "nvidia" }).map((c) => c.id)).toEqual(["a", "c"]);
  });

  test("sortChips puts unknown values last in both directions", () => {
    expect(sortChips(chips, "memory.gb", "desc").map((c) => c.id)).toEqual(["b", "a", "c"]);
    expect(sortChips(chips, "memory.gb", "asc").map((c) => c.id)).toEqual(["a", "b", "c"]);
  });

  test("chipTpp is max dense rate × bits: H100 BF16 989 × 16 = 15,824; PD = 15,824 / 800 mm² = 19.78", () => {
    expect(chipTpp(chips[0] as Chip)?.value).toBe(15824);
    expect(chipPd(chips[0] as Chip)).toBeCloseTo(19.78, 2);
  });

  test("toCsv quotes commas and quotes (RFC 4180)", () => {
    expect(toCsv(["a", "b"], [["x,y", 'say "hi"']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n');
  });

  test("withPatch removes keys set to empty; toQuery sorts keys", () => {
    expect(toQuery(withPatch({ view: "perf", b: "2" }, { view: "", a: "1" }))).toBe("?a=1&b=2");
  });
});
