// The one definition of an order's money, and the Chinese reasons of the rows it moves.
import { describe, expect, it } from "vitest";
import { orderMoneyBase } from "@/lib/earnings/base";
import { commissionReasonLabel, commissionRowReason } from "@/lib/labels";

const order = (over: Partial<Parameters<typeof orderMoneyBase>[0]> = {}) =>
  orderMoneyBase({ status: "completed", refundType: null, payFen: 10_000, refundFen: null, ratio: "0.10", commissionFen: 1000, commissionSource: "estimate", ...over });

describe("orderMoneyBase", () => {
  it("counts the estimate of the latest push until Meituan's profit arrives", () => {
    expect(order()).toEqual({ gmvFen: 10_000, baseFen: 1000, source: "estimate" });
    expect(order({ commissionFen: 472, commissionSource: "profit" })).toEqual({ gmvFen: 10_000, baseFen: 472, source: "profit" });
    expect(order({ commissionFen: null, ratio: "5%" })).toEqual({ gmvFen: 10_000, baseFen: 500, source: "estimate" });
    expect(order({ commissionFen: null, ratio: null })).toEqual({ gmvFen: 10_000, baseFen: 0, source: "none" });
  });

  it("a full refund or risk counts nothing; a partial refund what remains", () => {
    expect(order({ status: "refunded", refundType: "1" })).toEqual({ gmvFen: 0, baseFen: 0, source: "lost" });
    expect(order({ status: "refunded", refundType: null })).toEqual({ gmvFen: 0, baseFen: 0, source: "lost" });
    expect(order({ status: "risk", refundType: "3", commissionSource: "profit" })).toEqual({ gmvFen: 0, baseFen: 0, source: "lost" });
    // Meituan told us ¥40.00 was refunded: the estimate is on the remaining ¥60.00 …
    expect(order({ status: "refunded", refundType: "2", refundFen: 4000 })).toEqual({ gmvFen: 6000, baseFen: 600, source: "estimate" });
    // … unless Meituan's profit − refundprofit is known, which wins.
    expect(order({ status: "refunded", refundType: "2", refundFen: 4000, commissionFen: 550, commissionSource: "profit" })).toEqual({ gmvFen: 6000, baseFen: 550, source: "profit" });
    // Without the refunded amount, the latest push's paid amount and estimate.
    expect(order({ status: "refunded", refundType: "2", payFen: 7000, commissionFen: 700 })).toEqual({ gmvFen: 7000, baseFen: 700, source: "estimate" });
    expect(order({ status: "refunded", refundType: "2", refundFen: 99_999 })).toEqual({ gmvFen: 0, baseFen: 0, source: "estimate" });
  });
});

describe("row reasons", () => {
  it("say in Chinese what moved, on which order, by how much and from which run", () => {
    expect(commissionRowReason({ reason: "base_down", causeKind: "sync", causeRunId: 7, fromBaseFen: 1888, toBaseFen: 944 }, "6012")).toBe("对账下调：订单 6012 美团佣金 ¥18.88 → ¥9.44（对账 #7）");
    expect(commissionRowReason({ reason: "base_up", causeKind: "sync", fromBaseFen: 400, toBaseFen: 1000 }, "6012")).toBe("对账上调：订单 6012 美团佣金 ¥4.00 → ¥10.00");
    expect(commissionRowReason({ reason: "partial_refund", causeKind: "push", fromBaseFen: 1000, toBaseFen: 600 }, "6012")).toBe("部分退款：订单 6012 美团佣金 ¥10.00 → ¥6.00");
    expect(commissionRowReason({ reason: "refund", fromBaseFen: 600, toBaseFen: 0 }, "6012")).toBe("订单退款：订单 6012 美团佣金 ¥6.00 → ¥0.00");
    expect(commissionRowReason({ reason: "refund" }, "6012")).toBe("订单已退款");
    expect(commissionRowReason({ reason: "released:12" }, null)).toBe("提现 #12 已驳回，退回可提现");
    // Rows written before reasons were codes keep their text.
    expect(commissionRowReason({ reason: "佣金基数下调（部分退款或美团对账）" }, null)).toBe("佣金基数下调（部分退款或美团对账）");
    expect(commissionRowReason({ reason: null }, null)).toBeNull();
  });

  it("name every commission event", () => {
    expect(commissionReasonLabel("completed:push")).toBe("订单完成，进入结算期（回推）");
    expect(commissionReasonLabel("reserved:w12")).toBe("提现申请占用（提现中）（提现 #12）");
    expect(commissionReasonLabel("adjust:sync")).toBe("基数变化，记入扣回/调整（对账）");
    expect(commissionReasonLabel("clawback:base:600:sync")).toBe("佣金基数下调，扣回差额（对账）");
  });
});
