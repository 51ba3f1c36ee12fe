import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { baselineScenario, errorOf, type TestApp, testApp } from "./testApp.js";

let t: TestApp;
let baseline: Record<string, unknown>;
beforeAll(async () => {
  t = await testApp();
  baseline = await baselineScenario();
});
afterAll(async () => {
  await t.dispose();
});
beforeEach(async () => {
  await t.store.db.deleteFrom("document_versions").execute();
  await t.store.db.deleteFrom("documents").execute();
});

describe("scenarios CRUD (versioned)", () => {
  test("POST creates version 1; PUT adds versions; old versions stay readable; DELETE hides", async () => {
    const created = await t.send("POST", "/api/scenarios", { id: "base", name: "Base", body: baseline });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      id: "base",
      version: 1,
      latestVersion: 1,
      kind: "scenario",
    });
    const edited = { ...baseline, name: "Base, edited" };
    const put = await t.send("PUT", "/api/scenarios/base", { body: edited, note: "renamed", baseVersion: 1 });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ version: 2, note: "renamed" });
    expect(
      ((await (await t.send("GET", "/api/scenarios/base")).json()) as { body: { name: string } }).body.name,
    ).toBe("Base, edited");
    const v1 = (await (await t.send("GET", "/api/scenarios/base/versions/1")).json()) as { body: unknown };
    expect(v1.body).toEqual(baseline);
    const versions = (await (await t.send("GET", "/api/scenarios/base/versions")).json()) as {
      version: number;
    }[];
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    expect((await t.send("PUT", "/api/scenarios/base", { body: baseline, baseVersion: 1 })).status).toBe(409);
    expect(
      ((await (await t.send("GET", "/api/scenarios")).json()) as { id: string }[]).map((d) => d.id),
    ).toEqual(["base"]);
    expect((await t.send("DELETE", "/api/scenarios/base")).status).toBe(204);
    expect((await t.send("GET", "/api/scenarios/base")).status).toBe(404);
    expect((await t.send("GET", "/api/scenarios/base/versions/2")).status).toBe(200);
    expect((await t.send("DELETE", "/api/scenarios/base")).status).toBe(404);
  });

  test("ids are made from names; a taken id is 409; unknown ids are 404 with suggestions", async () => {
    const a = (await (
      await t.send("POST", "/api/scenarios", { name: "High Demand 2027", body: baseline })
    ).json()) as { id: string };
    expect(a.id).toBe("high-demand-2027");
    expect(
      (await t.send("POST", "/api/scenarios", { id: "high-demand-2027", name: "x", body: baseline })).status,
    ).toBe(409);
    const missing = await errorOf(await t.send("GET", "/api/scenarios/high-demand-2028"));
    expect(missing.suggestions).toContain("high-demand-2027");
    // a deleted document's id stays taken, and the 409 says why (it read as if the id were in use)
    expect((await t.send("DELETE", "/api/scenarios/high-demand-2027")).status).toBe(204);
    const again = await t.send("POST", "/api/scenarios", {
      id: "high-demand-2027",
      name: "x",
      body: baseline,
    });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/deleted document: ids are not reused/);
  });

  test("an invalid scenario body is 400 with paths under body.body; bad ids and names are 400", async () => {
    const bad = await errorOf(
      await t.send("POST", "/api/scenarios", { name: "x", body: { ...baseline, start: "2023-01" } }),
    );
    expect(bad.issues?.some((i) => i.path.startsWith("body.body"))).toBe(true);
    expect(
      (await errorOf(await t.send("POST", "/api/scenarios", { id: "Bad Id", name: "x", body: baseline })))
        .issues?.[0]?.path,
    ).toBe("body.id");
    expect(
      (await errorOf(await t.send("POST", "/api/scenarios", { name: "", body: baseline }))).issues?.[0]?.path,
    ).toBe("body.name");
    expect((await t.send("POST", "/api/scenarios", { name: "x", body: [] })).status).toBe(400);
    expect((await t.send("GET", "/api/scenarios?limit=0")).status).toBe(400);
    expect((await t.send("GET", "/api/scenarios/base/versions/zero")).status).toBe(400);
  });

  test("plans are stored the same way and checked with parsePlan", async () => {
    const { readFile } = await import("node:fs/promises");
    const { parse } = await import("yaml");
    const plan = parse(
      await readFile(new URL("../../../examples/plans/us-firm-2026.yaml", import.meta.url), "utf8"),
    );
    expect((await t.send("POST", "/api/plans", { id: "us", name: "US firm", body: plan })).status).toBe(201);
    expect((await t.send("GET", "/api/scenarios/us")).status).toBe(404);
    expect((await t.send("POST", "/api/plans", { name: "bad", body: { horizon: 1 } })).status).toBe(400);
  });
});

describe("notes", () => {
  test("create, list by subject, patch and delete; bad subjects and verdicts are 400", async () => {
    const res = await t.send("POST", "/api/notes", {
      kind: "claim",
      subject: "chip:h20",
      body: "sold 1M units",
      verdict: "plausible",
    });
    expect(res.status).toBe(201);
    const note = (await res.json()) as { id: string };
    expect(((await (await t.send("GET", "/api/notes?subject=chip:h20")).json()) as unknown[]).length).toBe(1);
    const patched = await t.send("PATCH", `/api/notes/${note.id}`, { verdict: "supported", source: null });
    expect(await patched.json()).toMatchObject({ verdict: "supported", source: null, body: "sold 1M units" });
    expect(
      (await errorOf(await t.send("POST", "/api/notes", { subject: "h20", body: "x" }))).issues?.[0]?.path,
    ).toBe("body.subject");
    // only the documented subject kinds (chip, model, scenario, run)
    const kind = await errorOf(await t.send("POST", "/api/notes", { subject: "foo:bar", body: "x" }));
    expect(kind.issues?.[0]?.message).toMatch(/kind one of chip, model, scenario, run/);
    expect((await t.send("PATCH", `/api/notes/${note.id}`, { verdict: "maybe" })).status).toBe(400);
    expect((await t.send("DELETE", `/api/notes/${note.id}`)).status).toBe(204);
    expect((await t.send("GET", `/api/notes/${note.id}`)).status).toBe(404);
    expect((await t.send("PATCH", "/api/notes/nope", { body: "x" })).status).toBe(404);
  });
});
