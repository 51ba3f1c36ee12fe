import { type Scenario, type ServingGap, type ServingRates, servingRates } from "@dualtrack/core";
import { requireCatalog } from "../context.js";
import { CliError } from "../io.js";
import { requirePerfData } from "./perfCommand.js";

/**
 * Serving rates of a scenario (see core `servingRates`) from the validated catalog and perf data of
 * `dataDir`; nothing is loaded when the scenario has no `serving` block.
 */
export async function servingRatesFor(
  scenario: Scenario,
  dataDir: string | undefined,
): Promise<{ rates: ServingRates; gaps: ServingGap[] }> {
  if (scenario.serving === undefined) return { rates: {}, gaps: [] };
  const catalog = await requireCatalog(dataDir);
  const perf = await requirePerfData(dataDir, catalog);
  try {
    return servingRates(scenario, catalog, perf);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}
