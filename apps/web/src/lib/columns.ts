import type { Chip } from "@dualtrack/core";
import { chipPd, chipTpp } from "./chipMetrics.js";

/** A column of the chips table: how to read it, and which provenance path backs its number. */
export interface Column {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly numeric: boolean;
  /** Field path in `chip.sources` / `chip.confidence` (`dense.bf16`); null for derived or text columns. */
  readonly path: string | null;
  readonly get: (chip: Chip) => number | string | boolean | null;
  /** Shown by default in the table (the rest are available in the column picker and compare view). */
  readonly visible: boolean;
}

const num = (key: string, label: string, unit: string, get: (c: Chip) => number | null, visible = true) =>
  ({ key, label, unit, numeric: true, path: key, get, visible }) satisfies Column;

export const COLUMNS: readonly Column[] = [
  { key: "name", label: "Chip", unit: "", numeric: false, path: null, get: (c) => c.name, visible: true },
  {
    key: "vendor",
    label: "Vendor",
    unit: "",
    numeric: false,
    path: null,
    get: (c) => c.vendor,
    visible: true,
  },
  {
    key: "country",
    label: "Country",
    unit: "",
    numeric: false,
    path: null,
    get: (c) => c.country,
    visible: true,
  },
  {
    key: "status",
    label: "Status",
    unit: "",
    numeric: false,
    path: null,
    get: (c) => c.status,
    visible: true,
  },
  {
    key: "launched",
    label: "Launched",
    unit: "",
    numeric: false,
    path: null,
    get: (c) => c.launched,
    visible: true,
  },
  num("dense.bf16", "BF16", "TFLOPS", (c) => c.dense.bf16 ?? null),
  num("dense.fp8", "FP8", "TFLOPS", (c) => c.dense.fp8 ?? null),
  num("dense.fp4", "FP4", "TFLOPS", (c) => c.dense.fp4 ?? null, false),
  num("dense.int8", "INT8", "TOPS", (c) => c.dense.int8 ?? null, false),
  num("dense.fp32", "FP32", "TFLOPS", (c) => c.dense.fp32 ?? null, false),
  num("dense.fp64", "FP64", "TFLOPS", (c) => c.dense.fp64 ?? null, false),
  num("memory.gb", "Memory", "GB", (c) => c.memory.gb),
  num("memory.tbps", "Bandwidth", "TB/s", (c) => c.memory.tbps),
  num("interconnect.scaleUpGBps", "Scale-up", "GB/s", (c) => c.interconnect.scaleUpGBps, false),
  num("interconnect.ioGBps", "I/O", "GB/s", (c) => c.interconnect.ioGBps, false),
  num("tdpW", "TDP", "W", (c) => c.tdpW),
  num("dieMm2", "Die", "mm²", (c) => c.dieMm2, false),
  {
    key: "tpp",
    label: "TPP",
    unit: "",
    numeric: true,
    path: null,
    get: (c) => chipTpp(c)?.value ?? null,
    visible: true,
  },
  { key: "pd", label: "PD", unit: "TPP/mm²", numeric: true, path: null, get: chipPd, visible: true },
  num("priceUsd", "Price", "USD", (c) => c.priceUsd, false),
  { key: "node", label: "Node", unit: "", numeric: false, path: null, get: (c) => c.node, visible: false },
  {
    key: "memory.type",
    label: "Memory type",
    unit: "",
    numeric: false,
    path: null,
    get: (c) => c.memory.type,
    visible: false,
  },
];

export const NUMERIC_COLUMNS = COLUMNS.filter((c) => c.numeric);

export function columnByKey(key: string): Column | undefined {
  return COLUMNS.find((c) => c.key === key);
}

/** Formats a number for the table: thousands separators, at most 3 significant decimals. */
export function formatValue(value: number | string | boolean | null): string {
  if (value === null) return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value;
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}
