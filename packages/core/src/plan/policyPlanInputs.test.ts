import { describe, expect, it } from "vitest";
import { periodDate } from "./policyPlanInputs.js";

describe("periodDate(period)", () => {
  it("reads a year at 1 January and a quarter at its first month", () => {
    expect(periodDate("2026")).toBe("2026-01-01");
    expect(periodDate("2026Q1")).toBe("2026-01-01");
    expect(periodDate("2026Q3")).toBe("2026-07-01");
    expect(periodDate("2027Q4")).toBe("2027-10-01");
  });
});
