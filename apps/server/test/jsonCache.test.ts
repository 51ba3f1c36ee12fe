import { describe, expect, test } from "vitest";
import { JsonCache } from "../src/jsonCache.js";

describe("JsonCache", () => {
  test("get(key, compute) computes once per key and keeps the `max` most recently used", () => {
    const cache = new JsonCache(2);
    let calls = 0;
    const compute = (v: number) => () => {
      calls++;
      return { v };
    };
    expect(cache.get("a", compute(1))).toBe('{"v":1}');
    expect(cache.get("a", compute(99))).toBe('{"v":1}');
    cache.get("b", compute(2));
    // Reading "a" again makes "b" the least recently used, so adding "c" drops "b".
    cache.get("a", compute(99));
    cache.get("c", compute(3));
    expect(cache.size).toBe(2);
    expect(calls).toBe(3);
    expect(cache.get("b", compute(20))).toBe('{"v":20}');
    expect(cache.get("c", compute(99))).toBe('{"v":3}');
    expect(calls).toBe(4);
  });

  test("a computation that throws caches nothing", () => {
    const cache = new JsonCache();
    expect(() =>
      cache.get("x", () => {
        throw new Error("no");
      }),
    ).toThrow("no");
    expect(cache.size).toBe(0);
  });
});
