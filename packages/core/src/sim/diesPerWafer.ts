/**
 * Gross dies per wafer for a die of `areaMm2` on a wafer of `diameterMm` (default 300): the usual
 * π·r²/A − π·d/√(2A) edge-loss formula; 0 for a non-positive or NaN area.
 */
export function diesPerWafer(areaMm2: number, diameterMm = 300): number {
  if (!(areaMm2 > 0)) return 0;
  const r = diameterMm / 2;
  return Math.max(0, (Math.PI * r * r) / areaMm2 - (Math.PI * diameterMm) / Math.sqrt(2 * areaMm2));
}
