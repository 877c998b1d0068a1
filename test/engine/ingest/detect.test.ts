import { InputKind } from "../../../src/engine";
import { detectSheet, findHeaderRow, mapColumns } from "../../../src/engine/ingest/detect";
import { sheet } from "../../helpers";

const fields = (d: ReturnType<typeof detectSheet>) => Object.fromEntries(d.columns.filter((c) => c.field).map((c) => [c.column, c.field]));

describe("finding the header row", () => {
  test("below title rows and blank rows", () => {
    const rows = [
      ["Sell-out report · Carrefour"],
      [],
      ["exported 2026-10-02"],
      ["Retailer", "Store", "SKU", "Month", "Sales value"],
      ["Carrefour", "S1", "1", "2026-07", 5],
    ];
    expect(findHeaderRow(rows)).toBe(3);
    expect(detectSheet(sheet("Data", rows)).headerRow).toBe(4);
  });

  test("a lone title is not a header", () => {
    expect(findHeaderRow([["Sales"], [1, 2]])).toBe(-1);
  });
});

describe("recognising kind and columns, English and Chinese", () => {
  test("Chinese sell-out headers", () => {
    const d = detectSheet(sheet("零售数据", [["零售商", "门店", "条码", "厂家", "品类", "细分", "月份", "销量", "销售金额"]]));
    expect(d.kind).toBe("sell-out");
    expect(fields(d)).toEqual({ A: "retailer", B: "store", C: "sku", D: "manufacturer", E: "category", F: "segment", G: "period", H: "units", I: "value" });
    expect(d.confidence).toBe(1);
    expect(d.missing).toEqual([]);
  });

  test("synonyms, case, spaces and full-width characters are ignored", () => {
    const d = detectSheet(
      sheet("Export", [["ＲＥＴＡＩＬＥＲ", "store  no", "Item Code", "MANUFACTURER", "product_category", "Week", "QTY", "Net Sales Value"]]),
    );
    expect(d.kind).toBe("sell-out");
    expect(fields(d)).toEqual({ A: "retailer", B: "store", C: "sku", D: "manufacturer", E: "category", F: "week", G: "units", H: "value" });
  });

  test.each([
    ["门店", [["店号", "门店名称", "零售商", "区域", "开业日期", "关店日期", "全店销售额"]], "stores"],
    ["商品", [["货号", "品名", "制造商", "品类", "规格", "本公司", "单位成本"]], "products"],
    ["价格检查", [["日期", "零售商", "门店", "条码", "零售价", "促销价"]], "price-checks"],
    ["Pairs", [["Our SKU", "Competitor SKU", "Corridor low", "Corridor high"]], "price-pairs"],
    ["出货", [["日期", "零售商", "条码", "箱数", "出厂价", "出货金额"]], "sell-in"],
    ["Contract", [["Retailer", "Term", "Basis", "Rate", "Amount", "Condition", "Valid from", "Valid to"]], "trade-terms"],
    ["扣款", [["扣款日期", "零售商", "扣款项目", "扣款金额", "单号"]], "deductions"],
    ["Targets", [["Retailer", "KPI", "Period", "Target", "Direction"]], "targets"],
    ["行动计划", [["零售商", "行动", "负责人", "截止日期", "状态"]], "actions"],
  ])("%s is %s", (name, rows, kind) => {
    const d = detectSheet(sheet(name, rows));
    expect(d.kind).toBe(kind);
    expect(d.missing).toEqual([]);
    expect(d.confidence).toBeGreaterThanOrEqual(0.9);
  });

  test("a Settings sheet is key/value, found by its keys", () => {
    expect(
      detectSheet(
        sheet("Sheet7", [
          ["本公司", "日出食品"],
          ["币种", "CNY"],
        ]),
      ).kind,
    ).toBe("settings");
  });

  test("a partial header match has a lower confidence than an exact one", () => {
    const d = detectSheet(sheet("x", [["Retailer", "Store", "SKU", "Month", "Sales value (RMB, incl. VAT)"]]));
    const value = d.columns.find((c) => c.field === "value")!;
    expect(value.column).toBe("E");
    expect(value.confidence).toBeGreaterThan(0.5);
    expect(value.confidence).toBeLessThan(1);
    expect(d.confidence).toBeLessThan(1);
  });

  test("an unknown sheet has no kind", () => {
    const d = detectSheet(sheet("Notes", [["Call buyer on Monday"], ["foo", "bar"]]));
    expect(d.kind).toBeNull();
  });
});

describe("the user's overrides", () => {
  const rows = [["Retailer", "Store", "SKU", "Month", "Amount", "Sales value"]];
  test("a column can be remapped, and the field leaves the column it had", () => {
    const d = detectSheet(sheet("S", rows), { kind: "sell-out", columns: { E: "value" } });
    expect(fields(d)).toEqual({ A: "retailer", B: "store", C: "sku", D: "period", E: "value" });
    expect(d.columns.find((c) => c.column === "E")!.confidence).toBe(1);
  });
  test("a column can be dropped, and then the required field is missing", () => {
    const d = detectSheet(sheet("S", rows), { kind: "sell-out", columns: { F: null } });
    expect(d.missing).toEqual(["value"]);
  });
  test("a sheet can be ignored or given a header row", () => {
    expect(detectSheet(sheet("S", rows), { kind: "ignore" }).ignored).toBe(true);
    const d = detectSheet(sheet("S", [["x", "y"], ...rows]), { headerRow: 2 });
    expect(d.headerRow).toBe(2);
    expect(d.kind).toBe("sell-out");
  });
});

describe("headers real exports use", () => {
  test.each(["失效日期", "到期日", "截止日期", "终止日期", "有效期至", "Expiry", "Expiry date", "End date", "Valid until"])(
    "a contract's validity end written %s",
    (header) => {
      const d = detectSheet(
        sheet("合同", [
          ["零售商", "条款", "费率", "生效日期", header],
          ["家乐福", "票折", "3%", "2026-01-01", "2026-12-31"],
        ]),
      );
      expect(d.kind).toBe("trade-terms");
      expect(d.columns.find((c) => c.header === header)?.field).toBe("validTo");
    },
  );
});

describe("headers as real exports write them (one line per synonym: kind, header, field)", () => {
  const cases: Array<[InputKind, string, string]> = [
    ["sell-out", "Customer name", "retailer"],
    ["sell-out", "客户简称", "retailer"],
    ["sell-out", "Branch code", "store"],
    ["sell-out", "门店号", "store"],
    ["sell-out", "GTIN", "sku"],
    ["sell-out", "条形码", "sku"],
    ["sell-out", "物料编码", "sku"],
    ["sell-out", "商品描述", "productName"],
    ["sell-out", "Supplier name", "manufacturer"],
    ["sell-out", "供应商名称", "manufacturer"],
    ["sell-out", "品牌名称", "brand"],
    ["sell-out", "Category name", "category"],
    ["sell-out", "小类名称", "segment"],
    ["sell-out", "Transaction date", "date"],
    ["sell-out", "营业日期", "date"],
    ["sell-out", "Fiscal month", "period"],
    ["sell-out", "会计期间", "period"],
    ["sell-out", "POS sales", "value"],
    ["sell-out", "销售额(含税)", "value"],
    ["sell-out", "含税金额", "value"],
    ["sell-out", "Units sold", "units"],
    ["sell-out", "销量(件)", "units"],
    ["sell-out", "促销标识", "promo"],
    ["stores", "店铺名称", "storeName"],
    ["stores", "片区", "region"],
    ["stores", "店型", "format"],
    ["price-checks", "正常售价", "shelfPrice"],
    ["price-checks", "活动价", "promoPrice"],
    ["products", "单位销售成本", "unitCost"],
    ["sell-in", "送货单号", "invoice"],
    ["trade-terms", "扣点", "rate"],
    ["deductions", "扣款单据号", "reference"],
    ["targets", "指标名称", "kpi"],
    ["actions", "跟进人", "owner"],
  ];
  test.each(cases)("%s: %s → %s", (kind, header, field) => {
    expect(mapColumns([header], kind)[0].field).toBe(field);
  });
});
