import type { Chip } from "@dualtrack/core";
import * as Plot from "@observablehq/plot";
import { chipPd, chipTpp, PD_LINES, TPP_LINES } from "../lib/chipMetrics.js";

interface Point {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly x: number;
  readonly y: number;
  readonly highlighted: boolean;
}

function points(
  chips: readonly Chip[],
  x: (c: Chip) => number | null,
  y: (c: Chip) => number | null,
  highlight: ReadonlySet<string>,
): Point[] {
  const out: Point[] = [];
  for (const c of chips) {
    const xv = x(c);
    const yv = y(c);
    if (xv === null || yv === null || xv <= 0 || yv <= 0) continue;
    out.push({ id: c.id, name: c.name, country: c.country, x: xv, y: yv, highlighted: highlight.has(c.id) });
  }
  return out;
}

const extent = (values: readonly number[], pad: number): [number, number] => [
  Math.min(...values) / pad,
  Math.max(...values) * pad,
];

function scatterMarks(data: readonly Point[], xLabel: string, yLabel: string): Plot.Markish[] {
  return [
    Plot.dot(data, {
      x: "x",
      y: "y",
      fill: "country",
      r: (d: Point) => (d.highlighted ? 6 : 3.5),
      stroke: (d: Point) => (d.highlighted ? "black" : "none"),
      channels: { chip: "name" },
      tip: { format: { x: true, y: true, fill: true, r: false, stroke: false } },
      ariaLabel: (d: Point) => `${d.name}: ${xLabel} ${d.x}, ${yLabel} ${d.y}`,
    }),
    Plot.text(
      data.filter((d) => d.highlighted),
      { x: "x", y: "y", text: "name", dy: -10, fontSize: 11, fontWeight: "bold" },
    ),
  ];
}

/** BF16 dense TFLOPS against memory bandwidth, log–log, one dot per chip, chips being compared labelled. */
export function bandwidthChart(chips: readonly Chip[], highlight: ReadonlySet<string>, width: number) {
  const data = points(
    chips,
    (c) => c.memory.tbps,
    (c) => c.dense.bf16 ?? null,
    highlight,
  );
  if (data.length === 0) return null;
  return Plot.plot({
    width,
    height: 380,
    grid: true,
    x: { type: "log", label: "Memory bandwidth (TB/s) →" },
    y: { type: "log", label: "↑ BF16 dense (TFLOPS)" },
    color: { legend: true, label: "Country" },
    marks: scatterMarks(data, "bandwidth TB/s", "BF16 TFLOPS"),
  });
}

/**
 * TPP against performance density with the October 2023 3A090 thresholds: TPP 4800 (3A090.a), 1600 and
 * 2400; PD 5.92 and 3.2. The shaded regions are 3A090.a (dark) and 3A090.b (light).
 */
export function tppChart(chips: readonly Chip[], highlight: ReadonlySet<string>, width: number) {
  const data = points(chips, (c) => chipTpp(c)?.value ?? null, chipPd, highlight);
  if (data.length === 0) return null;
  const [x0, x1] = extent([...data.map((d) => d.x), ...TPP_LINES], 1.4);
  const [y0, y1] = extent([...data.map((d) => d.y), ...PD_LINES, 1.6], 1.4);
  const regions = [
    { x1: 4800, x2: x1, y1: y0, y2: y1, tier: "3A090.a" },
    { x1: 1600, x2: 4800, y1: 5.92, y2: y1, tier: "3A090.a" },
    { x1: 2400, x2: 4800, y1: 1.6, y2: 5.92, tier: "3A090.b" },
    { x1: 1600, x2: 2400, y1: 3.2, y2: 5.92, tier: "3A090.b" },
  ];
  return Plot.plot({
    width,
    height: 420,
    grid: true,
    x: { type: "log", domain: [x0, x1], label: "TPP (dense TOPS × bits) →" },
    y: { type: "log", domain: [y0, y1], label: "↑ Performance density (TPP / mm²)" },
    color: { legend: true, label: "Country" },
    marks: [
      Plot.rect(regions, {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        fill: (d: { tier: string }) => (d.tier === "3A090.a" ? "#d62728" : "#ff9f40"),
        fillOpacity: 0.08,
      }),
      Plot.ruleX(TPP_LINES, { stroke: "#b22", strokeDasharray: "4 3" }),
      Plot.ruleY(PD_LINES, { stroke: "#b22", strokeDasharray: "4 3" }),
      Plot.text(TPP_LINES, {
        x: (d: number) => d,
        y: y1,
        text: (d: number) => `TPP ${d}`,
        dy: 8,
        rotate: -90,
        textAnchor: "end",
        fontSize: 10,
        fill: "#b22",
      }),
      Plot.text(PD_LINES, {
        x: x1,
        y: (d: number) => d,
        text: (d: number) => `PD ${d}`,
        dy: -6,
        textAnchor: "end",
        fontSize: 10,
        fill: "#b22",
      }),
      Plot.text(["3A090.a"], {
        x: x1,
        y: y1,
        text: (d: string) => d,
        dy: 14,
        dx: -4,
        textAnchor: "end",
        fontSize: 11,
        fill: "#d62728",
      }),
      ...scatterMarks(data, "TPP", "PD"),
    ],
  });
}
