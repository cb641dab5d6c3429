// Orders the fake Meituan serves, in the shape the union API returns them (strings, yuan, 10-digit seconds),
// and a deterministic generator for large fixture sets.

export interface FakeOrder {
  orderid: string;
  sid: string;
  /** Union status: "1" paid, "8" completed, "9" refunded / risk. */
  status: string;
  /** With status 9: "1" full refund, "2" partial, "3" risk. */
  refundType?: string;
  /** Yuan, e.g. "28.80". */
  payprice: string;
  profit: string;
  refundprofit?: string;
  refundprice?: string;
  cpaProfit?: string;
  /** 10-digit seconds. */
  paytime: string;
  /** 10-digit seconds; the media API's updateTime. */
  modTime: string;
  ordertime?: string;
  refundtime?: string;
  smstitle: string;
  businessLine: string;
  subBusinessLine?: string;
  actId: string;
  appkey?: string;
  total?: string;
  quantity?: string;
  ratio?: string;
  couponCode?: string;
  productId?: string;
  tradeTypeList?: number[];
  /** Media: 1 到家 (default), 2 到店. */
  platform?: number;
  /** Media status override; default from status/refundType: 1→2, 8→3, 9→4 (refundType 3 → 5). */
  mediaStatus?: number;
}

/** Media status for a fake order. */
export function mediaStatusOf(o: FakeOrder): number {
  if (o.mediaStatus !== undefined) return o.mediaStatus;
  if (o.status === "1") return 2;
  if (o.status === "8") return 3;
  if (o.status === "9") return o.refundType === "3" ? 5 : 4;
  return Number(o.status) || 0;
}

/** Fills what a partial order leaves out, so tests can write `{orderid, sid, paytime}` and get a valid order. */
export function completeOrder(input: Partial<FakeOrder> & { orderid: string }): FakeOrder {
  const p = stringify(input);
  const paytime = p.paytime ?? String(Math.floor(Date.now() / 1000));
  return {
    sid: "",
    status: "1",
    payprice: "28.80",
    profit: "1.44",
    modTime: paytime,
    smstitle: "美团外卖-测试店铺",
    businessLine: "2",
    subBusinessLine: "1",
    actId: "33",
    ...p,
    paytime,
  } as FakeOrder;
}

/** Control-endpoint input may carry numbers; the fixture keeps the API's strings. */
function stringify(p: Partial<FakeOrder>): Partial<FakeOrder> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === undefined) continue;
    out[k] = typeof v === "number" && k !== "platform" && k !== "mediaStatus" ? String(v) : v;
  }
  return out as Partial<FakeOrder>;
}

// A small deterministic PRNG (mulberry32), so a seed gives the same fixtures on every run.
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fen = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;

export interface GenerateOptions {
  /** First and last pay time, 10-digit seconds, inclusive. */
  start: number;
  end: number;
  sids?: string[];
  businessLines?: string[];
  seed?: number;
  /** Prefix digit of the 18-digit order ids (keep sets apart). Default "8". */
  idPrefix?: string;
  platform?: number;
}

/** `count` orders spread over [start, end], with mixed statuses and amounts. Ids are unique within a prefix+seed. */
export function makeOrders(count: number, o: GenerateOptions): FakeOrder[] {
  const rand = prng(o.seed ?? 1);
  const sids = o.sids?.length ? o.sids : ["m10086"];
  const lines = o.businessLines?.length ? o.businessLines : ["2"];
  const span = Math.max(0, o.end - o.start);
  const out: FakeOrder[] = [];
  for (let i = 0; i < count; i++) {
    const paytime = o.start + (count <= 1 ? 0 : Math.floor((span * i) / (count - 1)));
    const payFen = 500 + Math.floor(rand() * 20_000);
    const profitFen = Math.floor((payFen * (2 + Math.floor(rand() * 8))) / 100);
    const r = rand();
    const status = r < 0.5 ? "1" : r < 0.85 ? "8" : "9";
    const refundType = status === "9" ? (rand() < 0.8 ? "1" : "3") : undefined;
    const modTime = paytime + (status === "1" ? 1 : 3600 + Math.floor(rand() * 86_400));
    out.push({
      orderid: `${o.idPrefix ?? "8"}${String(o.seed ?? 1).padStart(5, "0").slice(-5)}${String(i).padStart(12, "0")}`,
      sid: sids[i % sids.length],
      status,
      ...(refundType ? { refundType, refundprofit: fen(profitFen), refundprice: fen(payFen), refundtime: String(modTime) } : {}),
      payprice: fen(payFen),
      total: fen(payFen + 300),
      profit: fen(profitFen),
      paytime: String(paytime),
      ordertime: String(paytime - 10),
      modTime: String(modTime),
      smstitle: `美团外卖-测试店铺${i % 50}`,
      businessLine: lines[i % lines.length],
      subBusinessLine: "1",
      actId: "33",
      quantity: "1",
      ...(o.platform ? { platform: o.platform } : {}),
    });
  }
  return out;
}
