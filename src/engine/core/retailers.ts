/**
 * Retailer names as they are matched across sheets: one key per chain, whichever way a sheet spells
 * it (width, case, legal words, traditional characters, the known chains' Chinese and English names,
 * the user's own aliases). Used by ingest (Settings), the analysis context and the review marks.
 */
import { foldWidth, normalizeKey } from "./coerce";

/** Well-known chains written in Chinese and English: one retailer whichever way it is spelled. */
const RETAILER_ALIASES: Record<string, string[]> = {
  carrefour: ["家乐福"],
  walmart: ["沃尔玛", "wal-mart", "walmartchina"],
  rtmart: ["大润发", "rt-mart", "rtmart"],
  metro: ["麦德龙"],
  lianhua: ["联华", "联华超市"],
  trustmart: ["好又多", "trust-mart"],
  auchan: ["欧尚"],
  tesco: ["乐购"],
  yonghui: ["永辉", "永辉超市"],
  crvanguard: ["华润万家", "cr vanguard"],
  lotus: ["易初莲花", "莲花超市"],
  wumart: ["物美"],
};
/**
 * Traditional characters of retailer and company names, to their simplified forms: 家樂福 is 家乐福.
 * Keys compare character by character, so a character table is all a join needs (a phrase-level
 * converter such as OpenCC is for writing text, and would put a 1.4 MB dictionary in the pane's worker).
 */
const TRADITIONAL =
  "樂乐爾尔瑪玛潤润發发聯联華华萬万歐欧購购麥麦龍龙輝辉蓮莲麗丽億亿貨货廣广東东興兴來来國国際际場场賣卖買买業业團团開开區区門门倉仓儲储會会員员寶宝時时號号灣湾鮮鲜農农豐丰達达邁迈勝胜紅红聖圣鄉乡錢钱優优選选齊齐長长寧宁滬沪蘇苏貿贸實实鳳凤雲云車车馬马鳥鸟魚鱼頓顿濟济線线網网電电鐵铁機机飛飞點点綠绿萊莱專专營营連连鎖锁強强歡欢體体愛爱貝贝嬰婴藥药醫医衛卫綜综麵面飲饮裡里廠厂與与無无學学雜杂鋪铺總总經经銷销價价錦锦張张陳陈劉刘楊杨趙赵吳吴鄭郑謝谢葉叶羅罗鍾钟盧卢蕭萧嚴严廈厦彙汇匯汇滙汇鋒锋義义倫伦貴贵陽阳閩闽";
const T2S = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2) T2S.set(TRADITIONAL[i], TRADITIONAL[i + 1]);

function simplified(s: string): string {
  let out = "";
  for (const ch of s) out += T2S.get(ch) ?? ch;
  return out;
}

/**
 * Legal and format words around a chain's name: "Carrefour China", "家乐福(中国)", "CARREFOUR（中国）",
 * "Walmart China Co., Ltd.", "联华超市股份有限公司". English ones are whole words at the end (so Costco
 * and Tesco keep their "co"); Chinese ones are taken off the end while two characters remain.
 */
const EN_SUFFIXES = new Set([
  "co",
  "ltd",
  "limited",
  "inc",
  "corp",
  "corporation",
  "company",
  "group",
  "china",
  "prc",
  "hypermarket",
  "supermarket",
  "stores",
  "中国",
]);
const ZH_SUFFIXES = ["股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "中国", "超市", "大卖场", "量贩", "商场"];

/** A name as compared: width, case, spacing and punctuation folded, traditional to simplified, legal words off. */
export function retailerBaseKey(name: string): string {
  const tokens = simplified(foldWidth(name))
    .toLowerCase()
    .split(/[\s,.&+()（）[\]【】_\-–—/\\:：'"“”‘’#*·]+/)
    .filter(Boolean);
  while (tokens.length > 1 && EN_SUFFIXES.has(tokens[tokens.length - 1])) tokens.pop();
  let k = tokens.join("");
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of ZH_SUFFIXES) {
      if (k.length >= suffix.length + 2 && k.endsWith(suffix)) {
        k = k.slice(0, -suffix.length);
        changed = true;
      }
    }
  }
  return k || normalizeKey(name);
}

const ALIAS_INDEX = new Map<string, string>();
for (const [canonical, names] of Object.entries(RETAILER_ALIASES)) {
  ALIAS_INDEX.set(canonical, canonical);
  for (const n of names) ALIAS_INDEX.set(retailerBaseKey(n), canonical);
}

/** The user's own aliases (Settings "Retailer aliases"), by base key, to the key of the retailer they name. */
export function userRetailerAliases(pairs: Array<[string, string]>): Map<string, string> {
  const m = new Map<string, string>();
  for (const [alias, retailer] of pairs) m.set(retailerBaseKey(alias), retailerKey(retailer));
  return m;
}

/**
 * The key retailers are matched by, across every sheet: one normalisation (retailerBaseKey), then the
 * known-chain list (家乐福 is Carrefour) and the user's own aliases.
 */
export function retailerKey(name: string, aliases?: ReadonlyMap<string, string>): string {
  const k = retailerBaseKey(name);
  return aliases?.get(k) ?? ALIAS_INDEX.get(k) ?? k;
}

/** Own company names: Settings may list several spellings ("Sunrise Foods; 日出食品"). */
export function ownCompanyKeys(ourCompany: string | null): Set<string> {
  if (!ourCompany) return new Set();
  return new Set(
    ourCompany
      .split(/[;；|、]/)
      .map((s) => normalizeKey(s))
      .filter((s) => s.length > 0),
  );
}
