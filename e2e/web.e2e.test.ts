import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { collectErrors, launch, SCREENSHOTS, screenshot } from "./browser.js";
import { webDir } from "./globalSetup.js";
import { serveStatic } from "./staticServer.js";

let browser: Browser;
let base: string;
let close: () => Promise<void>;
const timings: string[] = [];

/**
 * The real server (`@dualtrack/server`'s startServer on a free loopback port, in-memory SQLite, serving
 * the built app); the static stand-in only when the server package cannot be loaded.
 */
async function serve(): Promise<{ url: string; close: () => Promise<void>; kind: string }> {
  const dist = resolve(webDir, "dist");
  try {
    const { startServer } = await import("@dualtrack/server");
    const s = await startServer({
      port: 0,
      db: ":memory:",
      workers: 2,
      logRequests: false,
      webDir: dist,
      logger: () => {},
    });
    return { url: `${s.url}/`, close: () => s.close(), kind: "real server (@dualtrack/server)" };
  } catch (error) {
    const served = await serveStatic(dist, { withApi: true });
    return {
      ...served,
      kind: `static stand-in (server unavailable: ${error instanceof Error ? error.message : String(error)})`,
    };
  }
}

beforeAll(async () => {
  const served = await serve();
  base = served.url;
  close = served.close;
  timings.push(`serving from the ${served.kind} at ${base}`);
  // Let the server finish starting (its solver and worker warm-up) and answer once, so that the
  // first-load figure measures the app, not the server's cold start.
  for (const path of ["", "api/chips", "api/models"]) await (await fetch(new URL(path, base))).arrayBuffer();
  browser = await launch();
  // Warm the browser process once so that the first-load figure measures the app, not Chromium's start.
  const warm = await browser.newPage();
  await warm.goto("about:blank");
  await warm.close();
});

afterAll(async () => {
  await browser?.close();
  await close?.();
  console.log(`e2e: screenshots in ${SCREENSHOTS}`);
  for (const t of timings) console.log(`e2e: ${t}`);
});

/** POSTs a JSON body to the served API (`path` relative to the app, e.g. "api/perf"). */
function postJson(path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, base), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The number a dashboard card shows (`1,234`, `25.3 ms`, `69.4 days`: the leading number). */
async function cardNumber(page: Page, card: string): Promise<number> {
  const text = (await page.locator(`[data-card=${card}] .value`).textContent()) ?? "";
  return Number.parseFloat(text.replaceAll(",", ""));
}

async function open(
  path: string,
  viewport = { width: 1366, height: 900 },
): Promise<{ page: Page; errors: string[]; ms: number }> {
  const page = await browser.newPage({ viewport });
  const errors = collectErrors(page);
  const started = performance.now();
  await page.goto(new URL(path, base).href);
  await page.waitForSelector("main section, main .error", {
    timeout: 15_000,
  });
  return { page, errors, ms: performance.now() - started };
}

const cellOf = (page: Page, chip: string, field: string) =>
  page.locator(`table.chips tr[data-chip="${chip}"] td[data-field="${field}"]`);

describe("Chips view", () => {
  test("first load shows the whole catalog, with h200-sxm at 141 GB and its sources", async () => {
    const { page, errors, ms } = await open("./");
    // In-page clock, from the navigation's start: the table (the first paint that matters), then the
    // charts, which are drawn after it on purpose (their code loads on demand).
    await page.waitForSelector("table.chips tbody tr[data-chip]");
    const inPage = await page.evaluate(() => performance.now());
    await page.waitForSelector("figure[data-chart=tpp-vs-pd] svg");
    const charts = await page.evaluate(() => performance.now());
    const nav = await page.evaluate(() => {
      const [n] = performance.getEntriesByType("navigation") as PerformanceNavigationTiming[];
      return n === undefined ? null : { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd };
    });
    const marks = await page.evaluate(() =>
      performance
        .getEntriesByType("mark")
        .filter((m) => m.name.startsWith("dualtrack:"))
        .map((m) => `${m.name.slice("dualtrack:".length)} ${m.startTime.toFixed(0)}`)
        .join(", "),
    );
    const fetches = await page.evaluate(() =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((r) => /catalog(-extra)?\.json|\/api\//.test(r.name))
        .map((r) => `${new URL(r.name).pathname} ${r.startTime.toFixed(0)}→${r.responseEnd.toFixed(0)} ms`)
        .join(", "),
    );
    timings.push(`first-load data fetches: ${fetches}`);
    timings.push(`first-load marks (ms): ${marks}`);
    // The headline figure is the app's own mark at the table's commit: the test's polling adds its latency.
    const tableMark = await page.evaluate(
      () => performance.getEntriesByName("dualtrack:table-rendered")[0]?.startTime ?? null,
    );
    timings.push(
      `FIRST LOAD of the built app on loopback: ${tableMark?.toFixed(0)} ms to the chips table rendered (target < 1000 ms; seen by the test's polling at ${inPage.toFixed(0)} ms), charts at ${charts.toFixed(0)} ms, DOMContentLoaded ${nav?.dcl.toFixed(0)} ms, ${ms.toFixed(0)} ms from the test's side`,
    );
    expect(tableMark).not.toBeNull();
    expect(inPage).toBeLessThan(3000);
    const rows = await page.locator("table.chips tbody tr[data-chip]").count();
    expect(rows).toBeGreaterThan(40);
    await expect.poll(() => cellOf(page, "h200-sxm", "memory.gb").textContent()).toMatch(/^141/);
    const title = await cellOf(page, "h200-sxm", "memory.gb").getAttribute("title");
    expect(title).toContain("nvidia-h200-datasheet");
    expect(title).toContain("confidence:");
    expect(await page.locator("figure[data-chart] svg").count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, "chips");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("filtering by vendor and a spec range narrows the table and lands in the URL", async () => {
    const { page, errors } = await open("./");
    const started = performance.now();
    await page.selectOption("select[name=vendor]", "nvidia");
    await page.waitForFunction(() => !document.querySelector('table.chips tr[data-chip^="ascend"]'));
    timings.push(
      `recompute after a filter change: ${(performance.now() - started).toFixed(0)} ms (incl. round trip)`,
    );
    const vendors = await page
      .locator("table.chips tbody tr[data-chip] td[data-field=vendor]")
      .allTextContents();
    expect(vendors.length).toBeGreaterThan(5);
    expect(new Set(vendors)).toEqual(new Set(["nvidia"]));
    await page.selectOption("select[name=spec]", "memory.gb");
    await page.fill("input[name=min]", "140");
    await expect
      .poll(() => page.locator("table.chips tbody tr[data-chip]").count())
      .toBeLessThan(vendors.length);
    const mem = await page
      .locator("table.chips tbody tr[data-chip] td[data-field='memory.gb']")
      .allTextContents();
    for (const m of mem) expect(Number.parseFloat(m.replaceAll(",", ""))).toBeGreaterThanOrEqual(140);
    expect(page.url()).toContain("vendor=nvidia");
    expect(page.url()).toContain("min=140");
    // Sorting by memory, descending, puts the largest first.
    await page.click("button[data-sort='memory.gb']");
    const sorted = await page
      .locator("table.chips tbody tr[data-chip] td[data-field='memory.gb']")
      .allTextContents();
    const values = sorted.map((s) => Number.parseFloat(s.replaceAll(",", "")));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // An impossible filter shows the empty state, which offers to clear.
    await page.fill("input[name=min]", "999999");
    await page.waitForSelector("text=No chip matches these filters.");
    await page.click(".empty button");
    await expect.poll(() => page.locator("table.chips tbody tr[data-chip]").count()).toBeGreaterThan(40);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("a shared URL restores the comparison; expanding a row shows source links", async () => {
    const { page, errors } = await open("./?compare=h100-sxm,h200-sxm,h20");
    const heads = await page.locator(".compare-table thead th").allTextContents();
    expect(heads.join(" ")).toContain("H200");
    const mem = await page
      .locator('.compare-table td[data-chip="h200-sxm"][data-field="memory.gb"]')
      .textContent();
    expect(mem).toMatch(/^141/);
    await page.locator('tr[data-chip="h200-sxm"] button.expand').click();
    await page.waitForSelector(".details a.source");
    expect(await page.locator('.details a.source[href^="http"]').count()).toBeGreaterThan(0);
    await screenshot(page, "chips-compare");
    // Exports: CSV of the table, SVG and PNG of a chart.
    for (const [selector, file] of [
      ["section[aria-labelledby=chips-title] > .section-head button:has-text('CSV')", "chips.csv"],
      ["figure[data-chart=tpp-vs-pd] button:has-text('SVG')", "tpp-vs-pd.svg"],
      ["figure[data-chart=tpp-vs-pd] button:has-text('PNG')", "tpp-vs-pd.png"],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click(selector)]);
      expect(download.suggestedFilename()).toBe(file);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  test("narrow viewport: the page has no horizontal overflow outside the scrolling table", async () => {
    const { page, errors } = await open("./", { width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, "chips-narrow");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Export controls view", () => {
  test("H20 to China on 2025-05-01 needs a licence; on 2024-06-01 it did not and is in the allowed list", async () => {
    const { page, errors } = await open("./?view=export&chip=h20&date=2025-05-01");
    const verdict = page.locator(".verdict");
    await expect.poll(() => verdict.locator("h3").textContent()).toMatch(/licence required/i);
    expect(await verdict.getAttribute("data-verdict")).toBe("licence-required");
    expect(await verdict.textContent()).toContain("us-2025-04-h20-letter");
    expect(await page.locator(".timeline > div").count()).toBeGreaterThanOrEqual(3);
    await screenshot(page, "export");
    await page.fill("input[name=date]", "2024-06-01");
    await expect.poll(() => verdict.getAttribute("data-verdict")).toBe("no-licence");
    expect(page.url()).toContain("date=2024-06-01");
    expect(await page.locator('table.allowed tr[data-chip="h20"]').count()).toBe(1);
    expect(await page.locator('table.allowed tr[data-chip="h100-sxm"]').count()).toBe(0);
    // A chip whose TPP is unknown is marked, not shown as plainly exportable (as `dualtrack allowed`)
    expect(
      await page.locator('table.allowed tr[data-chip="cerebras-wse-3"] [data-unevaluated]').textContent(),
    ).toContain("not evaluable");
    expect(await page.locator('table.allowed tr[data-chip="l20"] [data-unevaluated]').count()).toBe(0);
    // The slider is keyboard-operable: one step right moves the date by a day.
    await page.focus("input[name=day]");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => page.inputValue("input[name=date]")).toBe("2024-06-02");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Performance view", () => {
  test("Llama 3.1 70B on H100 SXM (FP8, TP 4, batch 32) matches the core model; a slider change recomputes fast", async () => {
    const { page, errors } = await open(
      "./?view=perf&model=llama-3.1-70b&chip=h100-sxm&precision=fp8&tp=4&batch=32",
    );
    await page.waitForSelector("[data-card=per-chip]");
    // Same numbers as `dualtrack perf --model llama-3.1-70b --chip h100-sxm --precision fp8 --tp 4 --batch 32`.
    const perChip = await cardNumber(page, "per-chip");
    expect(perChip).toBeGreaterThan(100);
    expect(await page.locator("[data-card=memory] .band").textContent()).toMatch(/^fits/);
    expect(await page.locator("figure[data-chart=throughput-vs-batch] svg").count()).toBeGreaterThan(0);
    // Recompute time: from the slider's input event to the card's DOM update and the next frame.
    const ms = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const input = document.querySelector<HTMLInputElement>("input[name=batch]");
          const cards = document.querySelector(".cards");
          const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
          if (input === null || cards === null || setter === undefined) return done(Number.NaN);
          const started = performance.now();
          const observer = new MutationObserver(() => {
            observer.disconnect();
            requestAnimationFrame(() => done(performance.now() - started));
          });
          observer.observe(cards, { subtree: true, childList: true, characterData: true });
          setter.call(input, "64");
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }),
    );
    timings.push(`perf card recompute after a slider change: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(100);
    await expect.poll(() => page.url()).toContain("batch=64");
    const perChip64 = await cardNumber(page, "per-chip");
    expect(perChip64).toBeGreaterThan(perChip);
    await page.selectOption("select[name=vs]", "h20");
    await expect.poll(() => page.locator("table.perf-compare tbody tr").count()).toBe(2);
    await screenshot(page, "perf");
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Performance view: expert-parallel serving", () => {
  test("DeepSeek-R1 on H200 with EP 8 × attention DP 8 on TensorRT-LLM shows what POST /api/perf answers", async () => {
    const { page, errors } = await open(
      "./?view=perf&model=deepseek-r1&chip=h200-sxm&precision=fp8&tp=1&ep=8&attentionDp=8&stack=trtllm&batch=16",
    );
    await page.waitForSelector("[data-card=per-chip]");
    expect(await page.inputValue("select[name=ep]")).toBe("8");
    expect(await page.inputValue("select[name=attentionDp]")).toBe("8");
    expect(await page.inputValue("select[name=stack]")).toBe("trtllm");
    // The same inputs through the API (which answers estimateInference, tested in apps/server).
    const api = (await (
      await postJson("api/perf", {
        model: "deepseek-r1",
        chip: "h200-sxm",
        precision: "fp8",
        tp: 1,
        ep: 8,
        attentionDp: 8,
        stack: "trtllm",
        batch: 16,
      })
    ).json()) as {
      outputTokensPerSecPerChip: number;
      parallel: { chips: number };
      calibration: { entry: string };
    };
    expect(api.parallel.chips).toBe(8);
    const perChip = await cardNumber(page, "per-chip");
    // The card rounds to whole tokens/s at this size.
    expect(Math.abs(perChip - api.outputTokensPerSecPerChip)).toBeLessThanOrEqual(0.5);
    expect(await page.locator("[data-card=per-chip] .band").textContent()).toBe("8 chips");
    expect(await page.locator("p.note").first().textContent()).toContain(api.calibration.entry);
    // A dense model has no experts: the EP control is disabled and reads 1.
    await page.selectOption("select[name=model]", "llama-3.1-70b");
    await expect.poll(() => page.inputValue("select[name=ep]")).toBe("1");
    expect(await page.locator("select[name=ep]").isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Performance view: disaggregated serving", () => {
  test("DeepSeek-R1 on H200 in separate prefill and decode pools with MTP and overlap: the cards are what POST /api/perf answers", async () => {
    const { page, errors } = await open(
      "./?view=perf&model=deepseek-r1&chip=h200-sxm&precision=fp8&tp=1&ep=8&attentionDp=8&stack=sglang&batch=64&mode=disaggregated&mtp=1.7&overlap=1",
    );
    await page.waitForSelector("[data-card=pools]");
    expect(await page.inputValue("select[name=mode]")).toBe("disaggregated");
    expect(await page.inputValue("select[name=mtp]")).toBe("1.7");
    expect(await page.isChecked("input[name=overlap]")).toBe(true);
    const api = (await (
      await postJson("api/perf", {
        model: "deepseek-r1",
        chip: "h200-sxm",
        precision: "fp8",
        tp: 1,
        ep: 8,
        attentionDp: 8,
        stack: "sglang",
        batch: 64,
        mode: "disaggregated",
        speculative: { draftTokens: 1, acceptedTokens: 1.7 },
        overlap: true,
      })
    ).json()) as {
      tpotMs: number;
      outputTokensPerSecPerChip: number;
      disaggregated: { prefillChipsPerDecodeChip: number };
    };
    expect(
      Math.abs((await cardNumber(page, "per-chip")) - api.outputTokensPerSecPerChip),
    ).toBeLessThanOrEqual(0.5);
    expect(await cardNumber(page, "pools")).toBeCloseTo(api.disaggregated.prefillChipsPerDecodeChip, 1);
    expect(await cardNumber(page, "tpot")).toBeCloseTo(api.tpotMs, 0);
    // back to aggregated: the pools card goes
    await page.selectOption("select[name=mode]", "aggregated");
    await expect.poll(() => page.locator("[data-card=pools]").count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("Performance view: training", () => {
  test("Llama 3.1 405B on 16,384 H100s for 15.6T tokens: the days card is what POST /api/train answers; days fall with more chips", async () => {
    const { page, errors } = await open(
      "./?view=perf&model=llama-3.1-405b&chip=h100-sxm&trainChips=16384&trainTokens=15.6&trainPrecision=bf16",
    );
    await page.waitForSelector("[data-card=train-days]");
    const api = (await (
      await postJson("api/train", {
        model: "llama-3.1-405b",
        chip: "h100-sxm",
        chips: 16384,
        tokens: 15.6e12,
        precision: "bf16",
        seqLen: 8192,
      })
    ).json()) as { days: number; parallel: { tp: number; pp: number; cp: number } };
    // the card rounds days to one decimal at this size (tens of days)
    const days = Number(
      (await page.locator("[data-card=train-days] .value").textContent())?.replace(" days", ""),
    );
    expect(Math.abs(days - api.days)).toBeLessThanOrEqual(0.05);
    expect(await page.locator("[data-card=train-layout] .value").textContent()).toBe(
      `TP ${api.parallel.tp} · PP ${api.parallel.pp} · CP ${api.parallel.cp}`,
    );
    expect(await page.locator("figure[data-chart=train-days-vs-chips] svg").count()).toBeGreaterThan(0);
    // twice the chips: fewer days
    await page.fill("input[name=trainChips]", "32768");
    await expect.poll(() => page.url()).toContain("trainChips=32768");
    const fewer = Number(
      (await page.locator("[data-card=train-days] .value").textContent())?.replace(" days", ""),
    );
    expect(fewer).toBeLessThan(days);
    // a 512-sequence batch on 32,768 chips leaves 2 micro-batches per rank for 8 stages: the bubble card warns
    await page.fill("input[name=trainGbs]", "512");
    await expect.poll(() => page.locator("[data-card=train-bubble].bad").count()).toBe(1);
    expect(await page.locator("[data-card=train-bubble] .band").textContent()).toMatch(
      /^2 micro-batches per rank/,
    );
    // typing a number key by key keeps what was typed (the estimate clamps, the field does not)
    await page.fill("input[name=trainSeq]", "");
    await page.locator("input[name=trainSeq]").pressSequentially("4096");
    await expect.poll(() => page.inputValue("input[name=trainSeq]")).toBe("4096");
    await expect.poll(() => page.url()).toContain("trainSeq=4096");
    await screenshot(page, "perf-training");
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** `dualtrack sensitivity` on the bundled baseline (the file the server stored), as the tornado panel runs it. */
function cliSensitivity(output: string): { base: number; bars: { param: string; swing: number }[] } {
  const args = ["sensitivity", resolve(webDir, "../../examples/scenarios/baseline.yaml"), "--output", output];
  const out = execFileSync(
    process.execPath,
    [
      resolve(webDir, "../cli/bin/dualtrack.js"),
      ...args,
      "--period",
      "2027",
      "--runs",
      "4",
      "--top",
      "12",
      "--json",
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(out) as { base: number; bars: { param: string; swing: number }[] };
}

describe("Views backed by the live API", () => {
  test("Claims: the ledger loads and filters by verdict", async () => {
    const { page, errors } = await open("./?view=claims");
    await page.waitForSelector("table.claims tbody tr, .error", { timeout: 15_000 });
    const all = await page.locator("table.claims tbody tr").count();
    expect(all).toBeGreaterThan(5);
    await page.selectOption("select[name=verdict]", "supported");
    await expect.poll(() => page.locator("table.claims tbody tr").count()).toBeLessThan(all);
    const verdicts = await page
      .locator("table.claims tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-verdict")));
    expect(new Set(verdicts)).toEqual(new Set(["supported"]));
    expect(page.url()).toContain("verdict=supported");
    await screenshot(page, "claims");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Scenarios: a small Monte Carlo run on the server shows live progress, then a fan chart", async () => {
    const { page, errors } = await open("./?view=scenarios&runs=64&seed=7");
    await page.waitForSelector("form[aria-label='Run a scenario'] button[type=submit]", { timeout: 15_000 });
    const started = performance.now();
    await page.click("form[aria-label='Run a scenario'] button[type=submit]");
    await page.waitForSelector(".run-status[data-status=succeeded]", { timeout: 60_000 });
    timings.push(`scenario run (64 replications, via SSE): ${(performance.now() - started).toFixed(0)} ms`);
    expect(await page.locator(".run-status").textContent()).toContain("64 / 64");
    await page.waitForSelector("figure.chart svg", { timeout: 10_000 });
    expect(await page.locator("figure.chart svg path").count()).toBeGreaterThan(2);
    await page.click("text=Run backtest");
    await page.waitForSelector("table.backtest tbody tr, section[aria-labelledby=backtest-title] .error", {
      timeout: 30_000,
    });
    expect(await page.locator("table.backtest tbody tr").count()).toBeGreaterThan(0);
    await screenshot(page, "scenarios");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Scenarios: the tornado of the stored baseline, computed in the browser, matches `dualtrack sensitivity`", async () => {
    const { page, errors } = await open(
      "./?view=scenarios&tperiod=2027&truns=4&tout=installedH100e.domestic",
    );
    const started = performance.now();
    await page.click("form[aria-label=Tornado] button[type=submit]");
    await page.waitForSelector("[data-tornado=done]", { timeout: 60_000 });
    timings.push(
      `tornado (baseline, 4 replications per point, in a Web Worker): ${(performance.now() - started).toFixed(0)} ms`,
    );
    // The CLI on the same file the server stored as `baseline`, with the same options and seed.
    const cli = cliSensitivity("installedH100e.domestic");
    const base = Number(await page.locator("[data-tornado=done]").getAttribute("data-base"));
    expect(base).toBeCloseTo(cli.base, 3);
    const rows = await page
      .locator("table.tornado tbody tr")
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-param"), Number(tr.getAttribute("data-swing"))]),
      );
    expect(rows.map((r) => r[0])).toEqual(cli.bars.map((b) => b.param));
    rows.forEach(([, swing], i) => {
      expect(swing).toBeCloseTo(cli.bars[i]?.swing ?? Number.NaN, 3);
    });
    await page.waitForSelector("figure[data-chart=tornado] svg");
    expect(await page.locator("figure[data-chart=tornado] svg rect").count()).toBeGreaterThanOrEqual(
      2 * rows.length,
    );
    await screenshot(page, "scenarios-tornado");

    // A serving output: the page computes the perf model's serving rates as the CLI does (it charted 0
    // before, the rates were not passed).
    await page.fill("input[name=tout]", "servingTokensPerSec.glm-5");
    await page.click("form[aria-label=Tornado] button[type=submit]");
    await page.waitForSelector(`[data-tornado=done]:not([data-base="${String(base)}"])`, {
      timeout: 60_000,
    });
    const servingCli = cliSensitivity("servingTokensPerSec.glm-5");
    const servingBase = Number(await page.locator("[data-tornado=done]").getAttribute("data-base"));
    expect(servingCli.base).toBeGreaterThan(0);
    expect(servingBase).toBeCloseTo(servingCli.base, 3);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Scenarios: edit a scenario as YAML (schema error inline, then fixed), save version 2, run that version", async () => {
    // A copy of the baseline, so that the other tests keep reading the stored baseline's version 1.
    const baseline = (await (await fetch(new URL("api/scenarios/baseline", base))).json()) as {
      body: unknown;
    };
    const created = await postJson("api/scenarios", {
      id: "baseline-edit",
      name: "Baseline (edited)",
      body: baseline.body,
    });
    expect(created.status).toBe(201);
    const { page, errors } = await open("./?view=scenarios&scenario=baseline-edit&edit=1&runs=32&seed=3");
    const editor = page.locator("textarea[name=scenario-text]");
    await page.waitForSelector("#scenario-check[data-check=valid]", { timeout: 15_000 });
    expect(await page.locator("form[aria-label='Run a scenario'] button[type=submit]").textContent()).toBe(
      "Run version 1",
    );
    const original = await editor.inputValue();
    expect(original).toMatch(/^end: 2032Q4$/m);
    const save = page.locator("button[data-action=save-version]");
    // Edit as a person would: select the value on the `end:` line and type over it (filling the whole
    // ~60 kB text takes seconds in Playwright).
    const typeOver = async (from: string, to: string) => {
      await editor.evaluate((el, find) => {
        const area = el as HTMLTextAreaElement;
        const at = area.value.search(new RegExp(`^end: ${find}$`, "m")) + "end: ".length;
        area.focus();
        area.setSelectionRange(at, at + find.length);
      }, from);
      await page.keyboard.insertText(to);
    };
    expect(await save.isDisabled()).toBe(true);

    // Shorten the horizon to a quarter that does not exist: the schema names the field and its line.
    const bad = original.replace(/^end: 2032Q4$/m, "end: 2027Q5");
    const badLine = bad.split("\n").indexOf("end: 2027Q5") + 1;
    await typeOver("2032Q4", "2027Q5");
    await page.waitForSelector("#scenario-check[data-check=invalid]");
    expect(await editor.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator(".issues li[data-path=end]").textContent()).toBe(
      `end (line ${badLine}): a quarter like 2026Q1`,
    );
    expect(await save.isDisabled()).toBe(true);

    // Fix it, then save from the keyboard (Ctrl+S in the editor): the server stores version 2.
    await typeOver("2027Q5", "2027Q4");
    await page.waitForSelector("#scenario-check[data-check=valid]");
    expect(await page.locator("#scenario-check").textContent()).toContain("2023Q1–2027Q4");
    await page.keyboard.press("Control+s");
    await page.waitForSelector("[data-save=saved] [data-version='2']", { timeout: 10_000 });
    expect(await page.locator("button[data-action=run-version]").textContent()).toBe("Run version 2");
    const versions = (await (await fetch(new URL("api/scenarios/baseline-edit/versions", base))).json()) as {
      version: number;
    }[];
    expect(versions.map((v) => v.version).sort()).toEqual([1, 2]);

    // Run version 2 (32 replications): the run is pinned to it and its periods stop at the new horizon.
    const started = performance.now();
    await page.click("button[data-action=run-version]");
    await page.waitForSelector(".run-status[data-status=succeeded]", { timeout: 60_000 });
    timings.push(
      `edited scenario run (32 replications, version 2): ${(performance.now() - started).toFixed(0)} ms`,
    );
    const status = await page.locator(".run-status").textContent();
    expect(status).toContain("32 / 32");
    expect(status).toContain("version 2");
    await page.waitForSelector("figure.chart svg", { timeout: 10_000 });
    expect(await page.locator("figure.chart svg path").count()).toBeGreaterThan(2);
    const [run] = (await (await fetch(new URL("api/runs?scenario=baseline-edit", base))).json()) as {
      id: string;
      documentVersion: number;
    }[];
    expect(run?.documentVersion).toBe(2);
    const results = (await (await fetch(new URL(`api/runs/${run?.id}/results`, base))).json()) as {
      results: { period: string }[];
    };
    const quarters = results.results.map((r) => r.period).filter((p) => /^\d{4}Q[1-4]$/.test(p));
    expect(quarters.length).toBeGreaterThan(0);
    expect(quarters.sort().at(-1)).toBe("2027Q4");
    await screenshot(page, "scenarios-editor");
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Planner: the US example (YAML) solves on the server; schema errors show inline with path and line; JSON is accepted", async () => {
    const { page, errors } = await open("./?view=plan&plan=us-firm-2026");
    expect(await page.locator("[data-check]").getAttribute("data-check")).toBe("valid");
    await page.click("form[aria-label=Plan] button[type=submit]");
    await page.waitForSelector(".plan-result, .error", { timeout: 30_000 });
    expect(await page.locator(".plan-result").getAttribute("data-status")).toMatch(/optimal|feasible/);
    expect(
      await page.locator(".plan-result table.binding tbody tr, .plan-result .empty").count(),
    ).toBeGreaterThan(0);
    // The mix chart, or its empty state when the existing fleet already covers the demand.
    await page.waitForSelector("figure[data-chart=plan-mix] svg, figure[data-chart=plan-mix] .empty");
    await screenshot(page, "planner");
    // The editor holds the example file as written: YAML, comments included.
    const text = await page.inputValue("textarea[name=plan-text]");
    expect(text).toMatch(/^objective: min-cost$/m);
    const line = text.split("\n").findIndex((l) => l.startsWith("objective:")) + 1;
    await page.fill("textarea[name=plan-text]", text.replace("objective: min-cost", "objective: cheapest"));
    // Checked in the browser as you type (core's planSchema), before anything is sent.
    const issue = page.locator("[data-plan=schema] li[data-path=objective]");
    await issue.waitFor({ timeout: 5_000 });
    expect(await issue.textContent()).toContain(`objective (line ${line})`);
    expect(await page.locator("[data-check]").getAttribute("data-check")).toBe("invalid");
    // Back to valid, then as JSON: JSON is YAML too, and the server solves the same plan.
    await page.fill("textarea[name=plan-text]", text);
    await page.click("text=As JSON");
    expect((await page.inputValue("textarea[name=plan-text]")).trimStart().startsWith("{")).toBe(true);
    await page.click("form[aria-label=Plan] button[type=submit]");
    await page.waitForSelector(".plan-result[data-status]", { timeout: 30_000 });
    expect(await page.locator(".plan-result").getAttribute("data-status")).toMatch(/optimal|feasible/);
    expect(errors).toEqual([]);
    await page.close();
  });

  test("Planner: comparing mandate variants 0.3/0.5/0.7 solves each and shows them side by side", async () => {
    const { page, errors } = await open("./?view=plan&plan=cn-hyperscaler-2026");
    expect(await page.inputValue("input[name=compare]")).toBe("mandates.domesticShareMin=0.3,0.5,0.7");
    const started = performance.now();
    await page.click("form[aria-label='Compare variants'] button[type=submit]");
    await page.waitForSelector("table.variants tbody tr", { timeout: 60_000 });
    timings.push(
      `plan comparison (3 variants, solved on the server): ${(performance.now() - started).toFixed(0)} ms`,
    );
    const heads = await page.locator("table.variants thead th").allTextContents();
    expect(heads).toEqual(["Metric", "0.3", "0.5", "0.7"]);
    const statuses = await page.locator("table.variants tr[data-metric=status] td").allTextContents();
    expect(statuses).toEqual(["optimal", "optimal", "optimal"]);
    // The mandate binds in each variant: the domestic share meets it, within a point (whole units).
    const shares = (
      await page.locator("table.variants tr[data-metric=domestic_share] td").allTextContents()
    ).map((x) => Number.parseFloat(x));
    [30, 50, 70].forEach((mandate, i) => {
      expect(shares[i]).toBeGreaterThanOrEqual(mandate);
      expect(shares[i]).toBeLessThan(mandate + 1);
    });
    // A stricter mandate can only cost more: TCO rises with it.
    const tco = (await page.locator("table.variants tr[data-metric=tco_usd] td").allTextContents()).map(
      (x) => Number(x.replace(/[^\d.]/g, "")) * (x.endsWith("B") ? 1e9 : 1e6),
    );
    expect(tco[0]).toBeLessThan(tco[1] ?? 0);
    expect(tco[1]).toBeLessThan(tco[2] ?? 0);
    await page.waitForSelector("figure[data-chart=plan-variants] svg");
    expect(page.url()).not.toContain("cmp=");
    await screenshot(page, "planner-compare");
    expect(errors).toEqual([]);
    await page.close();
  });
});
