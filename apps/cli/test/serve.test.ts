import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openStore } from "@dualtrack/store";
import { sql } from "kysely";
import { afterAll, describe, expect, test } from "vitest";
import { run } from "./run.js";

const BIN = resolve(import.meta.dirname, "../bin/dualtrack.js");
const dir = mkdtempSync(join(tmpdir(), "dualtrack-serve-"));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  /** How the process ended: `exit 0`, `exit 1`, `signal SIGKILL`… followed by its stderr when not `exit 0`. */
  readonly exited: Promise<string>;
}

/** Starts `dualtrack serve` (the built CLI) on a free port and waits for the URL it prints. */
async function startServe(db: string): Promise<Served> {
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--db", db, "--workers", "1", "--quiet"],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  let stderr = "";
  // a flake once ended this process by a signal instead of exit 0: say which, and what it printed
  const exited = new Promise<string>((done) =>
    child.once("exit", (code, signal) => {
      const how = code === null ? `signal ${signal}` : `exit ${code}`;
      done(how === "exit 0" ? how : `${how}: ${stderr}`);
    }),
  );
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const url = await new Promise<string>((done, fail) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) done(match[1]);
    });
    void exited.then((how) => fail(new Error(`serve ended (${how})`)));
  });
  return { child, url, exited };
}

async function api<T>(
  url: string,
  path: string,
  init?: { method: string; body: unknown },
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${url}${path}`, {
    ...(init === undefined
      ? {}
      : {
          method: init.method,
          body: JSON.stringify(init.body),
          headers: { "content-type": "application/json" },
        }),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface RunBody {
  id: string;
  status: string;
  completed: number;
  error: string | null;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("dualtrack serve", () => {
  test("bad flags are usage errors naming the flag", async () => {
    const r = await run("serve", "--port", "70000");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--port");
    expect((await run("serve", "--workers", "many")).stderr).toContain("--workers");
  });

  test("restart: a server killed (SIGKILL) during a run comes back with the run failed, no results, an intact database", async () => {
    const db = join(dir, "restart", "dualtrack.db");
    const first = await startServe(db);
    const health = await api<{ capabilities: { runs: boolean } }>(first.url, "/api/health");
    expect(health.body.capabilities.runs).toBe(true);
    const started = await api<RunBody>(first.url, "/api/runs", {
      method: "POST",
      body: { scenario: "baseline", runs: 100_000, seed: 5 },
    });
    expect(started.status).toBe(202);
    const progressing = await until(
      async () => (await api<RunBody>(first.url, `/api/runs/${started.body.id}`)).body,
      (r) => r.status === "running",
    );
    expect(progressing.status).toBe("running");
    first.child.kill("SIGKILL");
    await first.exited;

    const second = await startServe(db);
    const after = await api<RunBody>(second.url, `/api/runs/${started.body.id}`);
    expect(after.body.status).toBe("failed");
    expect(after.body.error).toMatch(/^interrupted/);
    expect((await api<unknown>(second.url, `/api/runs/${started.body.id}/results`)).status).toBe(409);
    const next = await api<RunBody>(second.url, "/api/runs", {
      method: "POST",
      body: { scenario: "baseline", runs: 20 },
    });
    const done = await until(
      async () => (await api<RunBody>(second.url, `/api/runs/${next.body.id}`)).body,
      (r) => r.status === "succeeded",
    );
    expect(done.status).toBe("succeeded");
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe("exit 0");

    const store = await openStore({ db });
    try {
      const check = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(store.db);
      expect(check.rows).toEqual([{ integrity_check: "ok" }]);
      expect(await store.runs.results(started.body.id)).toEqual([]);
      expect((await store.runs.results(next.body.id)).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 60_000);

  test("a clean stop (SIGTERM) during a run records it failed as interrupted before exiting", async () => {
    const db = join(dir, "stop", "dualtrack.db");
    const served = await startServe(db);
    const started = await api<RunBody>(served.url, "/api/runs", {
      method: "POST",
      body: { scenario: "baseline", runs: 100_000 },
    });
    await until(
      async () => (await api<RunBody>(served.url, `/api/runs/${started.body.id}`)).body,
      (r) => r.status === "running",
    );
    served.child.kill("SIGTERM");
    expect(await served.exited).toBe("exit 0");
    const store = await openStore({ db });
    try {
      expect(await store.runs.get(started.body.id)).toMatchObject({ status: "failed" });
      expect((await store.runs.get(started.body.id))?.error).toMatch(/^interrupted/);
    } finally {
      await store.close();
    }
  }, 60_000);
});
