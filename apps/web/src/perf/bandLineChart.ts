import * as Plot from "@observablehq/plot";

/** A point of a {@link bandLineChart}: a chip's value at x, with the band's low and high. */
export interface BandPoint {
  readonly chip: string;
  readonly x: number;
  readonly y: number;
  readonly low: number;
  readonly high: number;
}

/**
 * One line per chip over a log₂ x axis with its calibration band shaded behind it and a tip on hover;
 * null for no points (the figure shows its empty state).
 */
export function bandLineChart(
  points: readonly BandPoint[],
  options: {
    readonly width: number;
    readonly height: number;
    readonly xLabel: string;
    readonly yLabel: string;
    readonly logY?: boolean;
    readonly tip: (d: BandPoint) => string;
  },
) {
  if (points.length === 0) return null;
  return Plot.plot({
    width: options.width,
    height: options.height,
    grid: true,
    x: { type: "log", base: 2, label: options.xLabel },
    y: options.logY === true ? { type: "log", label: options.yLabel } : { label: options.yLabel },
    color: { legend: true, label: "Chip" },
    marks: [
      Plot.areaY(points, { x: "x", y1: "low", y2: "high", fill: "chip", fillOpacity: 0.12 }),
      Plot.line(points, { x: "x", y: "y", stroke: "chip", marker: "circle" }),
      Plot.tip(points, Plot.pointer({ x: "x", y: "y", title: options.tip })),
    ],
  });
}
