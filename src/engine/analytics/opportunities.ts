/**
 * Growth opportunities (seed step 4: "find and quantify profitable growth opportunities"), each in
 * money with the formula's inputs kept, so the workbook can show the arithmetic in words:
 * distribution gaps, listing gaps, fair-share gaps and price-corridor breaches. Sorted by value.
 */
import { Assortment, median } from "./assortment";
import { AnalysisContext } from "./context";
import { MarketShare } from "./marketShare";
import { PricePosition } from "./price";

export type OpportunityKind = "distribution-gap" | "listing-gap" | "fair-share-gap" | "price-corridor";

/**
 * metrics.md: the section's total adds distribution and listing gaps only (SKU by SKU they do not
 * overlap); a fair-share gap overlaps its category's distribution gaps and sales at stake is a risk,
 * so both are listed, marked, and left out of the total.
 */
export const IN_TOTAL: Record<OpportunityKind, boolean> = {
  "distribution-gap": true,
  "listing-gap": true,
  "fair-share-gap": false,
  "price-corridor": false,
};

export interface Opportunity {
  kind: OpportunityKind;
  value: number;
  /** Added into the section's total (distribution and listing gaps). */
  inTotal: boolean;
  /** The formula's inputs, rendered into the description and formula text in the review language. */
  params: Record<string, string | number>;
}

export function computeOpportunities(ctx: AnalysisContext, ms: MarketShare, assortment: Assortment, prices: PricePosition[]): Opportunity[] {
  const out: Opportunity[] = [];
  const U = assortment.universe.length;
  const weeks = assortment.weeks;

  // Distribution gaps: SKUs below the median ND of the account's A SKUs, lifted to it at their current rate of sale.
  const targetNd = median(assortment.skus.filter((s) => s.abcClass === "A" && s.numericDistribution !== null).map((s) => s.numericDistribution!));
  if (targetNd !== null) {
    for (const s of assortment.skus) {
      if (s.numericDistribution === null || s.rateOfSale === null || s.numericDistribution >= targetNd) continue;
      const extraStores = (targetNd - s.numericDistribution) * U;
      out.push({
        kind: "distribution-gap",
        inTotal: IN_TOTAL["distribution-gap"],
        value: extraStores * s.rateOfSale * weeks,
        params: { sku: s.sku, name: s.name ?? s.sku, nd: s.numericDistribution, targetNd, stores: U, extraStores, rateOfSale: s.rateOfSale, weeks },
      });
    }
  }

  for (const g of assortment.listingGaps) {
    if (g.opportunityValue === null || g.pooledRateOfSale === null) continue;
    out.push({
      kind: "listing-gap",
      inTotal: IN_TOTAL["listing-gap"],
      value: g.opportunityValue,
      params: {
        sku: g.sku,
        name: g.name ?? g.sku,
        retailers: g.retailersSelling,
        rateOfSale: g.pooledRateOfSale,
        stores: U,
        weeks,
        wdTarget: g.opportunityValue / (g.pooledRateOfSale * U * weeks),
      },
    });
  }

  for (const c of ms.byCategory) {
    if (c.fairShareGapValue === null || c.fairShareGapValue <= 0 || c.valueShare === null || c.marketValueShare === null) continue;
    out.push({
      kind: "fair-share-gap",
      inTotal: IN_TOTAL["fair-share-gap"],
      value: c.fairShareGapValue,
      params: { category: c.category, share: c.valueShare, marketShare: c.marketValueShare, categoryValue: c.categoryValue, retailer: ctx.retailer.name },
    });
  }

  const outside = prices.filter((p) => p.status === "above" || p.status === "below");
  if (outside.length > 0) {
    const valueBySku = new Map(assortment.skus.map((s) => [s.sku, s.value]));
    const atRisk = outside.reduce((a, p) => a + (valueBySku.get(p.sku) ?? 0), 0);
    out.push({
      kind: "price-corridor",
      inTotal: IN_TOTAL["price-corridor"],
      value: atRisk,
      params: {
        count: outside.length,
        above: outside.filter((p) => p.status === "above").length,
        below: outside.filter((p) => p.status === "below").length,
        skus: outside.map((p) => p.sku).join(", "),
      },
    });
  }

  return out.sort((a, b) => b.value - a.value || a.kind.localeCompare(b.kind));
}
