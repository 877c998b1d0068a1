/**
 * The input kinds (product.md) and their fields, with the header words that name each field
 * in English and Chinese exports. Recognition compares headers after width folding, lower
 * casing and removing spaces and punctuation (see normalizeKey), so "Sales Value",
 * "SALES_VALUE" and "ｓａｌｅｓ ｖａｌｕｅ" are one header.
 */

export type InputKind =
  | "sell-out"
  | "stores"
  | "products"
  | "price-checks"
  | "price-pairs"
  | "sell-in"
  | "trade-terms"
  | "deductions"
  | "targets"
  | "actions"
  | "promotions"
  | "term-kinds"
  | "negotiation"
  | "settings";

export const INPUT_KINDS: InputKind[] = [
  "sell-out",
  "stores",
  "products",
  "price-checks",
  "price-pairs",
  "sell-in",
  "trade-terms",
  "deductions",
  "targets",
  "actions",
  "promotions",
  "term-kinds",
  "negotiation",
  "settings",
];

/** How a field's cells are read. */
export type FieldType = "text" | "code" | "money" | "number" | "rate" | "date" | "period" | "week" | "flag";

export interface FieldSpec {
  field: string;
  type: FieldType;
  /** Header words, English and Chinese; the first English and first Chinese are canonical. */
  en: string[];
  zh: string[];
}

export interface KindSpec {
  kind: InputKind;
  /** Sheet-name words that hint at this kind ("Sell-out 2026", "零售数据"). */
  sheetHints: string[];
  fields: FieldSpec[];
  /** Each entry must be mapped: a field, or any one of a group of fields. */
  required: (string | string[])[];
  /** The money column reconciled per sheet (read = used + rejected). */
  moneyField?: string;
}

const f = (field: string, type: FieldType, en: string[], zh: string[]): FieldSpec => ({ field, type, en, zh });

// Shared field definitions: the same header words mean the same thing on every sheet.
const RETAILER = f(
  "retailer",
  "text",
  ["Retailer", "Customer", "Account", "Chain", "Banner", "Key account", "KA", "Retailer name", "Customer name", "Account name"],
  ["零售商", "客户", "系统", "连锁", "卖场", "客户名称", "渠道客户", "零售商名称", "客户简称", "系统名称"],
);
const STORE = f(
  "store",
  "code",
  ["Store", "Store code", "Store ID", "Store no", "Store number", "Outlet", "Shop", "Site", "Store no.", "Branch", "Branch code", "Outlet code"],
  ["门店", "店号", "门店编号", "门店代码", "门店编码", "分店", "店铺", "门店号", "店铺编号", "门店ID", "分店编号"],
);
const STORE_NAME = f("storeName", "text", ["Store name", "Outlet name", "Shop name", "Branch name"], ["门店名称", "店名", "门店名", "店铺名称", "分店名称"]);
const SKU = f(
  "sku",
  "code",
  [
    "SKU",
    "Item code",
    "Item",
    "Product code",
    "Article",
    "Article no",
    "EAN",
    "Barcode",
    "UPC",
    "Item no",
    "SKU code",
    "GTIN",
    "EAN code",
    "Material",
    "Material no",
  ],
  ["条码", "货号", "商品编码", "商品代码", "单品编码", "产品编码", "国际条码", "商品条码", "单品", "商品编号", "物料编码", "条形码", "SKU编码"],
);
const PRODUCT_NAME = f(
  "productName",
  "text",
  ["Product", "Product name", "Description", "Item name", "Item description", "SKU name", "Article description", "Material description"],
  ["商品名称", "品名", "产品名称", "单品名称", "商品", "商品描述", "物料名称", "商品全称"],
);
const MANUFACTURER = f(
  "manufacturer",
  "text",
  ["Manufacturer", "Maker", "Company", "Vendor", "Supplier", "Producer", "Manufacturer name", "Supplier name", "Vendor name"],
  ["厂家", "制造商", "生产商", "供应商", "厂商", "生产厂家", "供应商名称", "厂家名称", "制造商名称"],
);
const BRAND = f("brand", "text", ["Brand", "Brand name"], ["品牌", "品牌名称"]);
const CATEGORY = f("category", "text", ["Category", "Product category", "Category name"], ["品类", "类别", "大类", "品类名称", "品类名"]);
const SEGMENT = f(
  "segment",
  "text",
  ["Segment", "Subcategory", "Sub category", "Sub-category", "Subcategory name", "Subclass"],
  ["细分", "子品类", "小类", "细分市场", "细分品类", "子类", "小类名称"],
);
const DATE = f("date", "date", ["Date", "Day", "Sales date", "Transaction date", "Business date"], ["日期", "销售日期", "交易日期", "营业日期", "业务日期"]);
/** A week: a label (2026-W27, 2026年第27周, FY27 Wk5) or a date that stands for the week containing it. */
const WEEK = f(
  "week",
  "week",
  ["Week", "Fiscal week", "Retail week", "Sales week", "Week no", "Week number", "Week start", "Week commencing", "Week ending", "Week start date"],
  ["周", "周次", "周别", "财务周", "零售周", "销售周", "周开始日期", "周起始日", "周结束日期"],
);
const PERIOD = f(
  "period",
  "period",
  ["Period", "Month", "Quarter", "Year month", "Fiscal period", "Calendar month", "Fiscal month", "Sales month"],
  ["期间", "月份", "年月", "季度", "月", "销售月份", "会计期间", "自然月", "财务月份"],
);
const SALES_VALUE = f(
  "value",
  "money",
  [
    "Sales value",
    "Net sales value",
    "Sales",
    "Value",
    "Sales amount",
    "Revenue",
    "Turnover",
    "Sales RMB",
    "Gross sales",
    "Sales incl. VAT",
    "POS sales",
    "Sales value incl VAT",
  ],
  ["销售额", "销售金额", "金额", "销售收入", "含税销售额", "零售额", "销售额(含税)", "含税金额", "POS销售额", "销售总额"],
);
const UNITS = f(
  "units",
  "number",
  ["Units", "Qty", "Quantity", "Sales units", "Volume units", "Unit sales", "Sales qty", "Units sold", "Qty sold"],
  ["销量", "数量", "销售数量", "件数", "销售量", "销售件数", "销量(件)"],
);
const PROMO_FLAG = f(
  "promo",
  "flag",
  ["Promo", "On promotion", "Promotion", "Promo flag", "Promotion flag", "On deal"],
  ["促销", "是否促销", "促销标志", "促销标识", "促销标记"],
);

export const KIND_SPECS: KindSpec[] = [
  {
    kind: "sell-out",
    sheetHints: ["sell-out", "sellout", "sell out", "pos", "scan", "sales", "零售数据", "销售数据", "pos数据", "门店销售", "扫描数据"],
    fields: [
      RETAILER,
      STORE,
      STORE_NAME,
      SKU,
      PRODUCT_NAME,
      MANUFACTURER,
      BRAND,
      CATEGORY,
      SEGMENT,
      DATE,
      WEEK,
      PERIOD,
      SALES_VALUE,
      UNITS,
      f("promoValue", "money", ["Promo value", "Promotion sales", "Promo sales"], ["促销销售额", "促销金额"]),
      PROMO_FLAG,
    ],
    required: ["sku", "value", ["date", "week", "period"]],
    moneyField: "value",
  },
  {
    kind: "stores",
    sheetHints: ["stores", "store list", "store master", "outlets", "门店", "门店清单", "门店列表", "门店信息"],
    fields: [
      STORE,
      STORE_NAME,
      RETAILER,
      f("region", "text", ["Region", "Area", "Zone", "Sales region"], ["区域", "大区", "地区", "销售区域", "片区"]),
      f("city", "text", ["City"], ["城市"]),
      f("format", "text", ["Format", "Store format", "Store type", "Channel", "Store format type"], ["业态", "门店类型", "门店业态", "店型"]),
      f("openDate", "date", ["Open date", "Opening date", "Opened", "Open"], ["开业日期", "开店日期", "开业时间"]),
      f("closeDate", "date", ["Close date", "Closing date", "Closed"], ["关店日期", "闭店日期", "关闭日期"]),
      f(
        "acv",
        "money",
        ["ACV", "All commodity value", "Store sales", "Total store sales", "All commodity sales"],
        ["全店销售额", "门店总销售额", "门店销售额"],
      ),
      f("areaSqm", "number", ["Size", "Area sqm", "Sales area", "Sqm"], ["面积", "营业面积", "卖场面积"]),
    ],
    required: ["store"],
  },
  {
    kind: "products",
    sheetHints: ["products", "product list", "product master", "items", "sku list", "商品", "产品", "商品清单", "产品清单", "商品主数据"],
    fields: [
      SKU,
      PRODUCT_NAME,
      MANUFACTURER,
      BRAND,
      CATEGORY,
      SEGMENT,
      f("packSize", "text", ["Pack size", "Size", "Net weight", "Net content", "Pack"], ["规格", "净含量", "包装规格", "重量"]),
      f("packUnit", "text", ["Pack unit", "Unit of measure", "UOM", "Unit"], ["单位", "规格单位", "计量单位"]),
      f("ours", "flag", ["Ours", "Own", "Our product", "Own brand", "Is ours"], ["本公司", "我方产品", "我方", "自有产品"]),
      f("unitCost", "money", ["Unit cost", "COGS per unit", "Cost", "Standard cost", "Unit COGS"], ["单位成本", "成本", "产品成本", "单位销售成本"]),
      f("listPrice", "money", ["List price", "Price list", "Ex-factory price", "Case price"], ["出厂价", "供货价", "牌价", "列表价"]),
      f("launchDate", "date", ["Launch date", "Launched"], ["上市日期", "新品上市日期"]),
    ],
    required: ["sku"],
  },
  {
    kind: "price-checks",
    sheetHints: ["price checks", "price check", "price survey", "prices", "价格检查", "价格调查", "巡价", "价格"],
    fields: [
      DATE,
      RETAILER,
      STORE,
      SKU,
      PRODUCT_NAME,
      f(
        "shelfPrice",
        "money",
        ["Shelf price", "Price", "Retail price", "Regular price", "Observed price", "Shelf retail price"],
        ["单价", "零售价", "货架价", "售价", "价格", "正常价", "零售价格", "正常售价"],
      ),
      f("promoPrice", "money", ["Promo price", "Promotion price", "Offer price", "Deal price"], ["促销价", "特价", "促销售价", "活动价"]),
      PROMO_FLAG,
    ],
    required: ["sku", "shelfPrice"],
  },
  {
    kind: "price-pairs",
    sheetHints: ["price pairs", "pairs", "price corridor", "价格配对", "价格对标", "对标"],
    fields: [
      f("ourSku", "code", ["Our SKU", "Our item", "Own SKU", "Our item code"], ["我方条码", "本品", "我方单品", "本品条码"]),
      f("competitorSku", "code", ["Competitor SKU", "Competitor item", "Reference SKU", "Competitor item code"], ["竞品条码", "竞品", "对标单品", "竞品单品"]),
      f("corridorLow", "number", ["Corridor low", "Low", "Index low", "Min index"], ["下限", "走廊下限", "指数下限"]),
      f("corridorHigh", "number", ["Corridor high", "High", "Index high", "Max index"], ["上限", "走廊上限", "指数上限"]),
    ],
    required: ["ourSku", "competitorSku"],
  },
  {
    kind: "sell-in",
    sheetHints: ["sell-in", "sellin", "sell in", "shipments", "invoices", "出货", "发货", "进货", "出货数据", "销售发票"],
    fields: [
      DATE,
      PERIOD,
      RETAILER,
      SKU,
      PRODUCT_NAME,
      f("units", "number", ["Units", "Cases", "Qty", "Quantity", "Shipped units"], ["数量", "箱数", "出货数量", "件数"]),
      f(
        "grossValue",
        "money",
        ["Gross value", "Gross sales", "Gross amount", "Invoice value gross", "Sell-in value"],
        ["毛销售额", "出货金额", "总金额", "发货金额", "含税金额"],
      ),
      f("listPrice", "money", ["List price", "Case price", "Unit price"], ["出厂价", "供货价", "单价"]),
      f(
        "invoice",
        "code",
        ["Invoice", "Invoice no", "Order no", "Document", "Invoice number", "Delivery note"],
        ["发票号", "订单号", "单据号", "发票号码", "送货单号"],
      ),
    ],
    required: ["sku", ["date", "period"], ["grossValue", "units"]],
    moneyField: "grossValue",
  },
  {
    kind: "trade-terms",
    sheetHints: ["trade terms", "terms", "contract", "trading terms", "贸易条款", "合同", "费用条款", "合同条款"],
    fields: [
      RETAILER,
      f("term", "text", ["Term", "Term name", "Fee", "Condition name", "Item"], ["条款", "费用名称", "费用项目", "项目", "条款名称"]),
      f("kind", "text", ["Kind", "Type", "Term type"], ["类型", "费用类型", "条款类型"]),
      f("basis", "text", ["Basis", "Calculation basis", "Base"], ["计费基础", "基数", "计算基础"]),
      f("rate", "rate", ["Rate", "Percent", "%", "Percentage"], ["费率", "比例", "返利率", "比率", "费用比例", "扣点"]),
      f("amount", "number", ["Amount", "Fee amount", "Fixed amount", "Days"], ["金额", "费用金额", "固定金额", "天数"]),
      f("condition", "text", ["Condition", "Threshold", "Target condition"], ["条件", "达成条件", "门槛"]),
      f(
        "validFrom",
        "date",
        ["Valid from", "Start", "From", "Start date", "Effective date", "Valid since"],
        ["开始日期", "生效日期", "起始日期", "生效日", "有效期自"],
      ),
      f(
        "validTo",
        "date",
        ["Valid to", "End", "To", "End date", "Expiry", "Expiry date", "Expiration date", "Valid until", "Valid through"],
        ["结束日期", "截止日期", "到期日期", "失效日期", "到期日", "终止日期", "有效期至"],
      ),
    ],
    required: ["term", ["rate", "amount"]],
  },
  {
    kind: "deductions",
    sheetHints: ["deductions", "charges", "debit notes", "扣款", "扣款明细", "费用扣款", "扣项"],
    fields: [
      RETAILER,
      f("date", "date", ["Date", "Deduction date", "Charge date", "Posting date"], ["日期", "扣款日期", "记账日期"]),
      f("term", "text", ["Deduction", "Charge", "Description", "Term", "Fee"], ["扣款项目", "费用名称", "扣项", "项目", "费用项目"]),
      f("amount", "money", ["Amount", "Deduction amount", "Charged", "Charge amount"], ["扣款金额", "金额", "扣款额"]),
      f("reference", "code", ["Reference", "Doc no", "Document no", "Debit note", "Deduction no"], ["单号", "凭证号", "扣款单号", "单据号", "扣款单据号"]),
      f("note", "text", ["Note", "Notes", "Remark", "Comment"], ["备注", "说明"]),
    ],
    required: ["term", "amount"],
    moneyField: "amount",
  },
  {
    kind: "targets",
    sheetHints: ["targets", "kpi targets", "goals", "目标", "考核指标", "指标目标"],
    fields: [
      RETAILER,
      f("kpi", "text", ["KPI", "Metric", "Measure", "Indicator", "KPI name"], ["指标", "考核指标", "关键指标", "指标名称"]),
      PERIOD,
      // Text: targets are typed as people type them (35%, ≤105, 不高于25%) and read per KPI (scorecard.ts).
      f("target", "text", ["Target", "Goal", "Target value"], ["目标", "目标值"]),
      f("direction", "text", ["Direction", "Better if"], ["方向", "考核方向"]),
      CATEGORY,
      SEGMENT,
    ],
    required: ["kpi", "target"],
  },
  {
    kind: "actions",
    sheetHints: ["actions", "action plan", "行动计划", "行动", "跟进事项"],
    fields: [
      RETAILER,
      f("action", "text", ["Action", "Task", "Activity"], ["行动", "措施", "事项", "行动内容"]),
      f("owner", "text", ["Owner", "Responsible", "Who", "Person in charge"], ["负责人", "责任人", "跟进人"]),
      f("due", "date", ["Due", "Due date", "Deadline", "By when"], ["截止日期", "完成日期", "到期日"]),
      f("status", "text", ["Status"], ["状态", "进度"]),
      f("openedIn", "text", ["Opened in", "Opened", "Raised in"], ["提出期间", "创建期间", "提出时间"]),
      // The review's Action plan gives each action a reference, so an action edited there is the same action next time.
      f("ref", "code", ["Ref", "Action ref", "Action ID", "ID"], ["编号", "行动编号"]),
    ],
    required: ["action"],
  },
  {
    // Promotion events, one row per SKU per event (metrics.md "Promotion evaluation"): what ran, when, and what it cost us.
    kind: "promotions",
    sheetHints: ["promotions", "promotion calendar", "promo calendar", "promo plan", "events", "促销计划", "促销活动", "促销档期", "档期"],
    fields: [
      RETAILER,
      f(
        "promotion",
        "text",
        ["Promotion", "Promotion name", "Event", "Promo name", "Campaign", "Deal"],
        ["促销名称", "活动", "活动名称", "档期名称", "促销活动"],
      ),
      SKU,
      PRODUCT_NAME,
      f("start", "date", ["Start", "Start date", "From", "Promo start", "Begin"], ["开始日期", "开始", "起始日期", "促销开始", "开始时间"]),
      f("end", "date", ["End", "End date", "To", "Promo end", "Until"], ["结束日期", "结束", "截止日期", "促销结束", "结束时间"]),
      f("mechanic", "text", ["Mechanic", "Mechanism", "Promo type", "Promotion type", "Tactic"], ["机制", "促销机制", "促销方式", "活动形式", "促销类型"]),
      f("promoPrice", "money", ["Promo price", "Promotion price", "Deal price", "Promoted price"], ["促销价", "活动价", "促销价格", "促销售价"]),
      f("fixedCost", "money", ["Fixed cost", "Fixed fee", "Event cost", "Promo fee", "Fixed costs"], ["固定费用", "活动费用", "档期费", "固定成本"]),
      f(
        "fundingPerUnit",
        "money",
        ["Funding per unit", "Price support per unit", "Unit funding", "Scan-back", "Support per unit"],
        ["单件补贴", "每件补贴", "单品补贴", "单件支持"],
      ),
    ],
    required: ["sku", "start", "end"],
  },
  {
    // The user's own classification of term names the built-in catalogue does not know.
    kind: "term-kinds",
    sheetHints: ["term kinds", "term types", "term catalogue", "条款类型", "费用分类", "条款分类"],
    fields: [
      f("term", "text", ["Term", "Term name", "Name", "Fee"], ["条款", "费用名称", "名称", "费用项目"]),
      f("kind", "text", ["Kind", "Type", "Term kind"], ["类型", "费用类型", "条款类型"]),
      f("canonical", "text", ["Same as", "Canonical term", "Canonical"], ["等同于", "标准条款"]),
    ],
    required: ["term", "kind"],
  },
  {
    // The retailer's asks for the next contract, costed on the Negotiation sheet.
    kind: "negotiation",
    sheetHints: ["negotiation", "asks", "retailer asks", "谈判", "谈判准备", "零售商要求"],
    fields: [
      RETAILER,
      f("term", "text", ["Term", "Ask", "Requested term"], ["条款", "要求", "费用名称"]),
      f("basis", "text", ["Basis", "Calculation basis"], ["计费基础", "基数"]),
      f("rate", "rate", ["New rate", "Rate", "Requested rate"], ["新费率", "费率", "比例"]),
      f("amount", "number", ["New amount", "Amount", "Requested amount", "Days"], ["新金额", "金额", "天数"]),
    ],
    required: ["term", ["rate", "amount"]],
  },
  {
    // Settings is a key/value sheet; its "fields" are the keys recognised in column A.
    kind: "settings",
    sheetHints: ["settings", "setup", "parameters", "config", "设置", "参数", "配置"],
    fields: [
      f("ourCompany", "text", ["Own company", "Our company", "Company", "Manufacturer", "Own manufacturer"], ["本公司", "我方公司", "公司", "我方厂家"]),
      f("currency", "text", ["Currency"], ["币种", "货币"]),
      f("fiscalYearStartMonth", "number", ["Fiscal year start month", "Fiscal start month", "FY start month"], ["财年起始月", "财年开始月份", "财年起始月份"]),
      f("language", "text", ["Language"], ["语言"]),
      f("corridor", "text", ["Corridor", "Price corridor", "Price index corridor"], ["价格走廊", "走廊"]),
      f("costOfCapital", "rate", ["Cost of capital", "Annual cost of capital", "Interest rate"], ["资金成本", "年资金成本", "资金成本率"]),
      f("retailer", "text", ["Retailer", "Default retailer"], ["零售商", "默认零售商"]),
      // "家乐福(华北)=Carrefour; CRF=Carrefour": spellings the known-chain list does not know.
      f("retailerAliases", "text", ["Retailer aliases", "Retailer alias", "Also known as"], ["零售商别名", "客户别名"]),
      // A retail (4-4-5) calendar: the week pattern of each quarter, and the rule that ends the retail year.
      f("calendar", "text", ["Calendar", "Retail calendar", "Week pattern", "Fiscal calendar"], ["日历", "零售日历", "周历", "财务日历"]),
      f(
        "retailYearEnd",
        "text",
        ["Retail year end", "Fiscal year end", "Year end", "Retail year ends"],
        ["零售年度结束", "零售年结束", "财年结束", "年度结束"],
      ),
      // Promotion evaluation options (metrics.md "Promotion evaluation"), in weeks.
      f("promoBaselineWeeks", "number", ["Promo baseline weeks", "Baseline weeks"], ["促销基线周数", "基线周数"]),
      f("promoMinBaselineWeeks", "number", ["Promo minimum baseline weeks", "Minimum baseline weeks"], ["最少基线周数", "促销最少基线周数"]),
      f("promoPostWeeks", "number", ["Promo post weeks", "Post-promo weeks", "Post weeks"], ["促销后周数", "促销后观察周数"]),
      f("promoLookbackWeeks", "number", ["Promo lookback weeks", "Lookback weeks"], ["促销回看周数", "回看周数"]),
    ],
    required: [],
  },
];

export function kindSpec(kind: InputKind): KindSpec {
  const spec = KIND_SPECS.find((k) => k.kind === kind);
  if (!spec) throw new Error(`unknown input kind ${kind}`);
  return spec;
}

export function fieldSpec(kind: InputKind, field: string): FieldSpec | undefined {
  return kindSpec(kind).fields.find((x) => x.field === field);
}
