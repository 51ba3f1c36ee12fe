import { bernoulli } from "../rng/bernoulli.js";
import { normal } from "../rng/normal.js";
import { type Rng, rngStream } from "../rng/stream.js";
import { BINDING_LINKS, type CompiledScenario } from "./compile.js";
import { diesPerWafer } from "./diesPerWafer.js";
import { quarterIndex } from "./quarter.js";
import { centralParam as centralOf, sampleParam } from "./sampleParam.js";
import type { Effect, Path, Product } from "./scenario.js";

/** One replication: `values[o * quarters + q]` for output o at quarter q, and the binding link per quarter. */
export interface Replication {
  readonly values: Float64Array;
  /** Index into BINDING_LINKS of the domestic link that binds in each quarter. */
  readonly binding: Uint8Array;
}

/** Options that replace randomness (tests and point runs). */
export interface ReplicateOptions {
  /** Use each parameter's central value and no grey-market noise; events still fire by hazard. */
  readonly central?: boolean;
}

interface ProductPolicy {
  us: "allowed" | "capped" | "blocked";
  capUnits: number;
  revenueShare: number;
  tariff: number;
  stance: "allowed" | "discouraged" | "conditional" | "blocked";
  penalty: number;
  ratio: number;
}

/** Quarter offsets of a path's points, memoised per path object (parsing labels is costly per replication). */
const pointQuarters = new WeakMap<Path, Int32Array>();
function pathQuarters(path: Path): Int32Array {
  let t = pointQuarters.get(path);
  if (t === undefined) {
    t = Int32Array.from(path, (p) => quarterIndex(p.at));
    pointQuarters.set(path, t);
  }
  return t;
}

/** Samples a path once and returns its value at every simulated quarter (linear between points). */
function samplePath(rng: Rng, path: Path, q0: number, n: number, central: boolean): number[] {
  const ts = pathQuarters(path);
  const vs = path.map((p) => (central ? centralOf(p.value) : sampleParam(rng, p.value)));
  const out = new Array<number>(n);
  let k = 0;
  const last = vs.length - 1;
  for (let q = 0; q < n; q++) {
    while (k < last && (ts[k + 1] ?? 0) - q0 <= q) k++;
    const ta = (ts[k] ?? 0) - q0;
    const va = vs[k] ?? 0;
    if (q <= ta || k === last) out[q] = va;
    else {
      const tb = (ts[k + 1] ?? 0) - q0;
      const vb = vs[k + 1] ?? 0;
      out[q] = va + ((vb - va) * (q - ta)) / (tb - ta);
    }
  }
  return out;
}

/** Output indices of a compiled scenario, memoised (building the names per replication is costly). */
const layouts = new WeakMap<CompiledScenario, ReturnType<typeof buildLayout>>();
function buildLayout(c: CompiledScenario) {
  const s = c.scenario;
  const at = (name: string) => c.outputIndex.get(name) ?? -1;
  const oInstalled = ["total", "foreign", "grey", "domestic"].map((o) => at(`installedH100e.${o}`));
  const oPflops = ["total", "foreign", "grey", "domestic"].map((o) => at(`installedPflopsBf16.${o}`));
  const oUnits = s.products.map((p) => at(`units.${p.id}`));
  const oProd = s.products.map((p) => at(`production.${p.id}`));
  const oVUnits = c.vendors.map((v) => at(`vendorUnits.${v}`));
  const oVRev = c.vendors.map((v) => at(`vendorRevenueUsd.${v}`));
  const oDomShare = at("domesticShare");
  const oPurch = at("purchasesH100e.total");
  const oDomPurch = at("domesticShareOfPurchases");
  const oSelf = at("selfSufficiency");
  const oUs = at("usReceiptsUsd");
  const oUnmet = at("unmetDemandH100e");
  const oHbm = at("hbmStockpileStacks");
  const oBank = at("dieBankDies");
  const oServing = (s.serving?.models ?? []).map((m) => at(`servingTokensPerSec.${m}`));
  return {
    oInstalled,
    oPflops,
    oUnits,
    oProd,
    oVUnits,
    oVRev,
    oDomShare,
    oPurch,
    oDomPurch,
    oSelf,
    oUs,
    oUnmet,
    oHbm,
    oBank,
    oServing,
  };
}
function layoutOf(c: CompiledScenario) {
  let l = layouts.get(c);
  if (l === undefined) {
    l = buildLayout(c);
    layouts.set(c, l);
  }
  return l;
}

/** Stable insertion sort of product indices by cost (ties by index): P is small, and no closure per call. */
function sortByCost(order: number[], cost: Float64Array): void {
  for (let j = 1; j < order.length; j++) {
    const x = order[j] ?? 0;
    const cx = cost[x] ?? 0;
    let k = j - 1;
    while (k >= 0) {
      const y = order[k] ?? 0;
      const cy = cost[y] ?? 0;
      if (cy < cx || (cy === cx && y < x)) break;
      order[k + 1] = y;
      k--;
    }
    order[k + 1] = x;
  }
}

/**
 * One replication of a scenario: a pure function of (scenario, seed, index). Parameters are drawn from
 * stream (seed, index, 0) in scenario order; events and grey-market noise from stream (seed, index, 1),
 * one uniform per event and one normal per quarter whatever the state, so adding a deterministic policy
 * entry never shifts the random numbers of anything else.
 */
export function replicate(
  c: CompiledScenario,
  seed: number,
  index: number,
  options: ReplicateOptions = {},
): Replication {
  const s = c.scenario;
  const central = options.central === true;
  const rp = rngStream(seed, index, 0);
  const re = rngStream(seed, index, 1);
  const nQ = c.quarters.length;
  const param = (p: Parameters<typeof sampleParam>[1]) => (central ? centralOf(p) : sampleParam(rp, p));
  const path = (p: Path) => samplePath(rp, p, c.q0, nQ, central);

  // --- parameters, in scenario order ---
  const h100Bf16 = param(s.reference.h100Bf16);
  const h100Mem = param(s.reference.h100MemTBps);
  const w = param(s.reference.computeWeight);
  const usdPerH100e = param(s.reference.usdPerH100e);
  const P = s.products.length;
  const prod = s.products.map((p: Product) => {
    const bf16 = param(p.bf16);
    const mem = param(p.memTBps);
    const price = param(p.priceUsd);
    const software = param(p.software);
    const h100e = bf16 / h100Bf16;
    const value = (w * h100e + (1 - w) * (mem / h100Mem)) * software;
    const supply = p.supply === undefined ? undefined : path(p.supply);
    const ch = p.chain;
    const chain =
      ch === undefined
        ? undefined
        : {
            dpw: diesPerWafer(param(ch.dieMm2)),
            diesPerPackage: ch.diesPerPackage,
            stacks: param(ch.hbmStacksPerPackage),
            share: path(ch.waferShare),
            yFrom: quarterIndex(ch.yield.from) - c.q0,
            y0: param(ch.yield.start),
            yMax: param(ch.yield.max),
            rate: param(ch.yield.rate),
            bank: ch.dieBankDraw === undefined ? undefined : path(ch.dieBankDraw),
            packaging: ch.packaging === undefined ? undefined : path(ch.packaging),
          };
    return { p, h100e, value, price, supply, chain, vendor: c.vendors.indexOf(p.vendor) };
  });
  const wpm = path(s.fab.advancedWpm);
  let hbmPool = param(s.hbm.stockpileStart);
  const foreignHbm = path(s.hbm.foreignAdds);
  const domesticHbm = path(s.hbm.domesticAdds);
  let bank = param(s.dieBank.start);
  const fleet0 = [
    param(s.initialFleetH100e.foreign),
    param(s.initialFleetH100e.grey),
    param(s.initialFleetH100e.domestic),
  ];
  let greySeizure = param(s.greySeizure);
  const otherRevenue = c.vendors.map((v) => {
    const p = s.otherVendorRevenueUsd?.[v];
    return p === undefined ? undefined : path(p);
  });
  const firms = s.firms.map((f) => ({
    capex: path(f.capexUsd),
    base: f.domesticMinShare === undefined ? undefined : path(f.domesticMinShare),
  }));
  const hazards = s.policy.events.map((e) => param(e.hazard));

  // --- state ---
  const pol: ProductPolicy[] = s.products.map(() => ({
    us: "allowed",
    capUnits: Number.POSITIVE_INFINITY,
    revenueShare: 0,
    tariff: 0,
    stance: "allowed",
    penalty: 1,
    ratio: 0,
  }));
  const mandate = new Float64Array(s.firms.length);
  let foreignHbmFactor = 1;
  const inventory = new Float64Array(P);
  const dieInv = new Float64Array(P);
  const installedP = new Float64Array(P);
  /** Units bought since `start` still in service, per product (serving capacity counts these). */
  const installedUnits = new Float64Array(P);
  const unitAdds: Float64Array[] = s.products.map(() => new Float64Array(nQ));
  const adds: Float64Array[] = s.products.map(() => new Float64Array(nQ));
  const fired = new Uint8Array(s.policy.events.length);
  const firmIds = s.firms.map((f) => f.id);
  const apply = (e: Effect) => {
    const targets =
      e.products === undefined ? [] : e.products.map((id) => s.products.findIndex((p) => p.id === id));
    for (const i of targets) {
      const st = pol[i];
      if (st === undefined) continue;
      if (e.us?.state !== undefined) st.us = e.us.state;
      if (e.us?.capUnits !== undefined) st.capUnits = e.us.capUnits;
      if (e.us?.revenueShare !== undefined) st.revenueShare = e.us.revenueShare;
      if (e.us?.tariff !== undefined) st.tariff = e.us.tariff;
      if (e.china?.stance !== undefined) st.stance = e.china.stance;
      if (e.china?.discouragedPenalty !== undefined) st.penalty = e.china.discouragedPenalty;
      if (e.china?.domesticRatio !== undefined) st.ratio = e.china.domesticRatio;
    }
    if (e.mandate !== undefined)
      for (const f of e.mandate.firms) {
        const k = firmIds.indexOf(f);
        if (k >= 0) mandate[k] = e.mandate.domesticMinShare;
      }
    if (e.greySeizure !== undefined) greySeizure = e.greySeizure;
    if (e.foreignHbm !== undefined) foreignHbmFactor = e.foreignHbm;
  };
  const timeline = s.policy.timeline.map((e) => ({ t: quarterIndex(e.at) - c.q0, e }));
  const events = s.policy.events.map((e) => ({ t: quarterIndex(e.from) - c.q0, e }));

  const O = c.outputs.length;
  const values = new Float64Array(O * nQ);
  const binding = new Uint8Array(nQ);
  const set = (o: number, q: number, v: number) => {
    if (o >= 0) values[o * nQ + q] = v;
  };
  const {
    oInstalled,
    oPflops,
    oUnits,
    oProd,
    oVUnits,
    oVRev,
    oDomShare,
    oPurch,
    oDomPurch,
    oSelf,
    oUs,
    oUnmet,
    oHbm,
    oBank,
    oServing,
  } = layoutOf(c);

  const offer = new Float64Array(P);
  const cost = new Float64Array(P);
  const buyPrice = new Float64Array(P);
  const bought = new Float64Array(P);
  const F = s.firms.length;
  const reserved = new Float64Array(F);
  const free = new Float64Array(F);
  const order = s.products.map((_, i) => i);
  const lines = order.filter((i) => prod[i]?.chain !== undefined);
  const byDiesOf = new Float64Array(P);
  const byPackOf = new Float64Array(P);
  const potentialOf = new Float64Array(P);

  const vUnits = new Float64Array(c.vendors.length);
  const vRev = new Float64Array(c.vendors.length);

  /** Sells product i pro rata to the firms' budgets in `budgets`. */
  const sell = (i: number, budgets: Float64Array) => {
    const price = buyPrice[i] ?? 0;
    const avail = offer[i] ?? 0;
    if (!(price > 0) || !(avail > 0)) return;
    let demand = 0;
    for (let f = 0; f < F; f++) demand += (budgets[f] ?? 0) / price;
    if (!(demand > 0)) return;
    const frac = Math.min(1, avail / demand);
    let units = 0;
    for (let f = 0; f < F; f++) {
      const u = ((budgets[f] ?? 0) / price) * frac;
      budgets[f] = frac === 1 ? 0 : (budgets[f] ?? 0) - u * price;
      units += u;
    }
    offer[i] = avail - units;
    bought[i] = (bought[i] ?? 0) + units;
  };

  for (let q = 0; q < nQ; q++) {
    for (const { t, e } of timeline) if (t === q) apply(e);
    for (let k = 0; k < events.length; k++) {
      // One uniform per event per quarter whatever the state, so streams never shift.
      const fire = bernoulli(re, hazards[k] ?? 0);
      const ev = events[k];
      if (ev !== undefined && fired[k] === 0 && q >= ev.t && fire) {
        fired[k] = 1;
        apply(ev.e);
      }
    }
    const noise = normal(re);

    // --- domestic production: dies (SMIC wafers + die bank) and packaging per line, then one HBM pool
    // shared pro rata to each line's need, so no line is starved by a fixed priority ---
    hbmPool += (foreignHbm[q] ?? 0) * foreignHbmFactor + (domesticHbm[q] ?? 0);
    let needStacks = 0;
    for (const i of lines) {
      const d = prod[i];
      const ch = d?.chain;
      if (d === undefined || ch === undefined) continue;
      const y = q < ch.yFrom ? 0 : ch.yMax - (ch.yMax - ch.y0) * (1 - ch.rate) ** (q - ch.yFrom);
      // 3 months per quarter: wafer starts per quarter = 3 × wafers per month.
      const smicDies = (wpm[q] ?? 0) * 3 * (ch.share[q] ?? 0) * ch.dpw * Math.max(0, y);
      const draw = Math.min(bank, ch.bank?.[q] ?? 0);
      bank -= draw;
      const dies = (dieInv[i] ?? 0) + smicDies + draw;
      dieInv[i] = dies;
      const byDies = dies / ch.diesPerPackage;
      const byPack = ch.packaging === undefined ? Number.POSITIVE_INFINITY : (ch.packaging[q] ?? 0);
      byDiesOf[i] = byDies;
      byPackOf[i] = byPack;
      potentialOf[i] = Math.max(0, Math.min(byDies, byPack));
      needStacks += (potentialOf[i] ?? 0) * ch.stacks;
    }
    const hbmFraction = needStacks > hbmPool ? hbmPool / needStacks : 1;
    let bestPotential = 0;
    let bind = 0;
    let domesticProdH100e = 0;
    for (const i of lines) {
      const d = prod[i];
      const ch = d?.chain;
      if (d === undefined || ch === undefined) continue;
      const potential = potentialOf[i] ?? 0;
      const out = potential * hbmFraction;
      hbmPool = Math.max(0, hbmPool - out * ch.stacks);
      dieInv[i] = Math.max(0, (dieInv[i] ?? 0) - out * ch.diesPerPackage);
      inventory[i] = (inventory[i] ?? 0) + out;
      set(oProd[i] ?? -1, q, out);
      domesticProdH100e += out * d.h100e;
      const byDies = byDiesOf[i] ?? 0;
      const byPack = byPackOf[i] ?? 0;
      const link = hbmFraction < 1 ? 3 : byDies <= byPack ? 1 : 2;
      // The economy's binding link is the one of the line with the largest potential (in H100e).
      const weight = potential * d.h100e;
      if (weight > bestPotential) {
        bestPotential = weight;
        bind = link;
      }
    }
    binding[q] = bind < BINDING_LINKS.length ? bind : 0;

    // --- offers ---
    let ratio = 0;
    for (let i = 0; i < P; i++) {
      const d = prod[i];
      const st = pol[i];
      if (d === undefined || st === undefined) continue;
      let units = 0;
      if (d.p.origin === "domestic") units = inventory[i] ?? 0;
      else if (d.p.origin === "grey")
        units = (d.supply?.[q] ?? 0) * Math.exp(central ? 0 : 0.3 * noise) * (1 - greySeizure);
      else if (st.us !== "blocked" && st.stance !== "blocked") {
        units = d.supply?.[q] ?? 0;
        if (st.us === "capped") units = Math.min(units, st.capUnits);
      }
      if (d.p.origin !== "grey" && st.stance === "blocked") units = 0;
      offer[i] = Math.max(0, units);
      buyPrice[i] = d.price * (1 + st.tariff);
      cost[i] =
        ((buyPrice[i] ?? 0) * (st.stance === "discouraged" ? st.penalty : 1)) / Math.max(d.value, 1e-12);
      bought[i] = 0;
      if (st.stance === "conditional" && units > 0) ratio = Math.max(ratio, st.ratio);
    }
    sortByCost(order, cost);

    // --- purchases: domestic reserve first, then greedy by cost per effective H100e ---
    for (let f = 0; f < F; f++) {
      const fm = firms[f];
      const b = Math.max(0, fm?.capex[q] ?? 0);
      const share = Math.min(1, Math.max(fm?.base?.[q] ?? 0, mandate[f] ?? 0, ratio / (1 + ratio)));
      reserved[f] = b * share;
      free[f] = b - b * share;
    }
    for (const i of order) if (prod[i]?.p.origin === "domestic") sell(i, reserved);
    for (const i of order) sell(i, free);
    let unspent = 0;
    for (let f = 0; f < F; f++) unspent += (reserved[f] ?? 0) + (free[f] ?? 0);

    // --- books ---
    vUnits.fill(0);
    vRev.fill(0);
    let usReceipts = 0;
    let purchH = 0;
    let domPurchH = 0;
    let foreignInH = 0;
    for (let i = 0; i < P; i++) {
      const d = prod[i];
      const st = pol[i];
      const u = bought[i] ?? 0;
      if (d === undefined || st === undefined) continue;
      if (d.p.origin === "domestic") inventory[i] = Math.max(0, (inventory[i] ?? 0) - u);
      set(oUnits[i] ?? -1, q, u);
      vUnits[d.vendor] = (vUnits[d.vendor] ?? 0) + u;
      const revenue = u * d.price;
      vRev[d.vendor] = (vRev[d.vendor] ?? 0) + revenue;
      if (d.p.origin === "foreign") {
        usReceipts += revenue * st.revenueShare + revenue * st.tariff;
        foreignInH += u * d.h100e;
      } else if (d.p.origin === "grey") foreignInH += u * d.h100e;
      else domPurchH += u * d.h100e;
      purchH += u * d.h100e;
      const add = u * d.h100e;
      const arr = adds[i];
      if (arr !== undefined) arr[q] = add;
      const old = q >= d.p.lifeQuarters ? (arr?.[q - d.p.lifeQuarters] ?? 0) : 0;
      installedP[i] = (installedP[i] ?? 0) + add - old;
      const ua = unitAdds[i];
      if (ua !== undefined) ua[q] = u;
      const gone = q >= d.p.lifeQuarters ? (ua?.[q - d.p.lifeQuarters] ?? 0) : 0;
      installedUnits[i] = (installedUnits[i] ?? 0) + u - gone;
    }
    for (let v = 0; v < c.vendors.length; v++) {
      set(oVUnits[v] ?? -1, q, vUnits[v] ?? 0);
      set(oVRev[v] ?? -1, q, (vRev[v] ?? 0) + (otherRevenue[v]?.[q] ?? 0));
    }
    const left = Math.max(0, 1 - (q + 1) / s.initialFleetLifeQuarters);
    const inst = [0, (fleet0[0] ?? 0) * left, (fleet0[1] ?? 0) * left, (fleet0[2] ?? 0) * left];
    for (let i = 0; i < P; i++) {
      const d = prod[i];
      if (d === undefined) continue;
      const k = d.p.origin === "foreign" ? 1 : d.p.origin === "grey" ? 2 : 3;
      inst[k] = (inst[k] ?? 0) + (installedP[i] ?? 0);
    }
    inst[0] = (inst[1] ?? 0) + (inst[2] ?? 0) + (inst[3] ?? 0);
    for (let k = 0; k < 4; k++) {
      set(oInstalled[k] ?? -1, q, inst[k] ?? 0);
      set(oPflops[k] ?? -1, q, ((inst[k] ?? 0) * h100Bf16) / 1000);
    }
    set(oDomShare, q, (inst[0] ?? 0) > 0 ? (inst[3] ?? 0) / (inst[0] ?? 1) : 0);
    set(oPurch, q, purchH);
    set(oDomPurch, q, purchH > 0 ? domPurchH / purchH : 0);
    const supplyH = domesticProdH100e + foreignInH;
    set(oSelf, q, supplyH > 0 ? domesticProdH100e / supplyH : 0);
    set(oUs, q, usReceipts);
    set(oUnmet, q, usdPerH100e > 0 ? unspent / usdPerH100e : 0);
    set(oHbm, q, hbmPool);
    set(oBank, q, bank);
    for (let m = 0; m < oServing.length; m++) {
      const rates = c.servingRates[m];
      let tps = 0;
      for (let i = 0; i < P; i++) tps += (installedUnits[i] ?? 0) * (rates?.[i] ?? 0);
      set(oServing[m] ?? -1, q, tps);
    }
  }
  return { values, binding };
}
