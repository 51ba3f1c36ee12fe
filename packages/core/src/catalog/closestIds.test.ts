import { describe, expect, it } from "vitest";
import { closestIds, editDistance } from "./closestIds.js";

describe("closestIds(query, ids)", () => {
  const ids = ["h100-sxm", "h100-pcie", "h200-sxm", "h200-nvl", "h20", "ascend-910c", "b200"];
  it("editDistance counts single-character edits", () => {
    expect(editDistance("h200", "h20")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "abc")).toBe(3);
  });
  it("ranks ids containing the query first", () => {
    expect(closestIds("h200", ids)).toEqual(["h200-nvl", "h200-sxm", "h20"]);
  });
  it("finds typos by edit distance", () => {
    expect(closestIds("ascend-910x", ids)[0]).toBe("ascend-910c");
  });
  it("returns nothing for a query unlike every id", () => {
    expect(closestIds("zzzzzzzzzz", ids)).toEqual([]);
  });
});
