/**
 * The term catalogue: every name a retailer gives a discount, mapped to one canonical term and its
 * kind. The seed's buyer playbook is the reason it exists: "discounts have other names: bonus, gifts,
 * souvenirs, sponsorship, subsidy, flyer inserts, compensation, promotion, listing, listing fee, hope
 * fund, re-listing, anniversary" — whatever the name, it is a cost of the account and is counted.
 * Users extend it with a Term kinds sheet; a name nobody has classified is an issue, never a default.
 */
import { normalizeKey } from "../core/coerce";

export type TermKind = "on-invoice" | "unconditional-rebate" | "conditional-rebate" | "fixed-fee" | "marketing" | "logistics" | "financial";

export const TERM_KINDS: TermKind[] = ["on-invoice", "unconditional-rebate", "conditional-rebate", "fixed-fee", "marketing", "logistics", "financial"];

/** Where a kind sits in the waterfall. */
export type Stage = "invoice" | "net" | "net-net";
export const STAGE: Record<TermKind, Stage> = {
  "on-invoice": "invoice",
  "unconditional-rebate": "net",
  "conditional-rebate": "net",
  "fixed-fee": "net-net",
  marketing: "net-net",
  logistics: "net-net",
  financial: "net-net",
};

interface CanonicalTerm {
  id: string;
  kind: TermKind;
  names: string[];
}

/** Every name in metrics.md's table and the seed, in English and Chinese. */
export const CANONICAL_TERMS: CanonicalTerm[] = [
  {
    id: "invoice-discount",
    kind: "on-invoice",
    names: [
      "invoice discount",
      "on-invoice discount",
      "on invoice discount",
      "off list discount",
      "discount",
      "票折",
      "折扣",
      "发票折扣",
      "票面折扣",
      "价格折扣",
    ],
  },
  {
    id: "fixed-rebate",
    kind: "unconditional-rebate",
    names: [
      "fixed rebate",
      "unconditional rebate",
      "year-end rebate",
      "year end rebate",
      "annual rebate",
      "rebate",
      "无条件返利",
      "年终返利",
      "固定返利",
      "返利",
      "年度返利",
    ],
  },
  {
    id: "conditional-bonus",
    kind: "conditional-rebate",
    names: [
      "volume bonus",
      "growth bonus",
      "conditional rebate",
      "target rebate",
      "target bonus",
      "bonus",
      "有条件返利",
      "奖金",
      "达量返利",
      "增长返利",
      "目标返利",
      "奖励",
      "达标奖励",
    ],
  },
  {
    id: "listing-fee",
    kind: "fixed-fee",
    names: ["listing fee", "listing", "slotting fee", "slotting", "new item fee", "barcode fee", "上架费", "进场费", "条码费", "新品费", "新品进场费"],
  },
  {
    id: "relisting-fee",
    kind: "fixed-fee",
    names: ["re-listing", "relisting", "re-listing fee", "relisting fee", "contract renewal fee", "renewal fee", "再上市", "再上市费", "合同续签费", "续约费"],
  },
  {
    id: "anniversary-fee",
    kind: "fixed-fee",
    names: ["anniversary", "anniversary fee", "store anniversary", "store anniversary fee", "周年庆", "周年庆费", "店庆", "店庆费"],
  },
  { id: "festival-fee", kind: "fixed-fee", names: ["festival fee", "festival", "holiday fee", "节庆费", "节日费", "节庆"] },
  {
    id: "new-store-fee",
    kind: "fixed-fee",
    names: ["new store fee", "new store opening fee", "store opening fee", "opening fee", "新店开业费", "开业费", "新店费"],
  },
  { id: "sponsorship", kind: "fixed-fee", names: ["sponsorship", "sponsorship fee", "赞助", "赞助费"] },
  { id: "subsidy", kind: "fixed-fee", names: ["subsidy", "compensation", "资助", "补贴", "补偿", "补偿费"] },
  { id: "hope-fund", kind: "fixed-fee", names: ["hope fund", "希望资金", "希望基金"] },
  {
    id: "flyer-fee",
    kind: "marketing",
    names: ["flyer", "flyer fee", "flyer insert", "flyer inserts", "dm", "dm fee", "海报费", "海报", "小报插入广告", "dm费", "快讯费", "小报费"],
  },
  {
    id: "display-fee",
    kind: "marketing",
    names: ["display", "display fee", "gondola end", "gondola end fee", "end cap", "end cap fee", "堆头", "堆头费", "端架", "端架费", "陈列费"],
  },
  { id: "promotion-fee", kind: "marketing", names: ["promotion fee", "promotion", "promotional fee", "促销费", "促销活动费", "促销"] },
  { id: "promoter-fee", kind: "marketing", names: ["promoter fee", "promoter management fee", "promoter", "促销员管理费", "促销员费"] },
  { id: "gifts", kind: "marketing", names: ["gifts", "gift", "souvenirs", "souvenir", "礼物", "纪念品", "礼品"] },
  {
    id: "dc-fee",
    kind: "logistics",
    names: ["dc fee", "distribution fee", "distribution centre fee", "logistics fee", "supply chain fee", "供应链使用费", "配送费", "物流费", "配送中心费"],
  },
  { id: "returns", kind: "logistics", names: ["returns", "return fee", "returns fee", "退货", "退货费"] },
  { id: "payment-terms", kind: "financial", names: ["payment terms", "payment days", "credit terms", "账期", "付款期", "付款账期"] },
];

const KIND_NAMES: Record<TermKind, string[]> = {
  "on-invoice": ["on-invoice", "on invoice", "on-invoice discount", "invoice discount", "票折", "票面折扣"],
  "unconditional-rebate": ["unconditional rebate", "unconditional", "rebate", "无条件返利"],
  "conditional-rebate": ["conditional rebate", "conditional", "有条件返利"],
  "fixed-fee": ["fixed fee", "fee", "fixed", "固定费用", "费用"],
  marketing: ["marketing", "marketing fee", "市场费用", "营销费用"],
  logistics: ["logistics", "logistics fee", "物流费用"],
  financial: ["financial", "finance", "财务费用", "财务"],
};

export function parseTermKind(text: string | null): TermKind | null {
  if (!text) return null;
  const k = normalizeKey(text);
  for (const kind of TERM_KINDS) if (kind === text.trim() || KIND_NAMES[kind].some((n) => normalizeKey(n) === k)) return kind;
  return null;
}

export interface TermClass {
  /** Canonical term id ("anniversary-fee"), or the user's own name for a Term kinds entry. */
  canonical: string;
  kind: TermKind;
}

/** Built from the fixed table plus the workbook's Term kinds sheet (user entries win). */
export class TermCatalogue {
  private readonly exact = new Map<string, TermClass>();
  private readonly contained: Array<{ norm: string; cls: TermClass }> = [];

  constructor(userEntries: Array<{ name: string; kind: TermKind; canonical?: string | null }> = []) {
    for (const t of CANONICAL_TERMS) for (const n of t.names) this.addName(n, { canonical: t.id, kind: t.kind });
    for (const u of userEntries) {
      const canonical = u.canonical ? (this.classify(u.canonical)?.canonical ?? normalizeKey(u.canonical)) : normalizeKey(u.name);
      this.addName(u.name, { canonical, kind: u.kind }, true);
    }
    // Longest names first: "达量返利" (a conditional bonus) must win over the "返利" inside it.
    this.contained.sort((a, b) => b.norm.length - a.norm.length);
  }

  private addName(name: string, cls: TermClass, override = false): void {
    const norm = normalizeKey(name);
    if (!norm) return;
    if (override || !this.exact.has(norm)) this.exact.set(norm, cls);
    if (override) this.contained.unshift({ norm, cls });
    else this.contained.push({ norm, cls });
  }

  /**
   * A name as written ("Anniversary fee 店庆费", "DM费", "堆头费（中秋）"): exact match first, else the
   * longest known name it contains. Short Latin words (dm, fee) only match exactly.
   */
  classify(name: string): TermClass | null {
    const norm = normalizeKey(name);
    if (!norm) return null;
    const hit = this.exact.get(norm);
    if (hit) return hit;
    for (const c of this.contained) {
      const long = /[^ -~]/.test(c.norm) ? c.norm.length >= 2 : c.norm.length >= 4;
      if (long && norm.includes(c.norm)) return c.cls;
    }
    return null;
  }
}
