// The large, realistic data set, generated in memory (columnar typed arrays) and then written table by table.
//
// Members: a three-level referral tree (≈1 % roots, 9 % invited by a root, 90 % invited by those), with a
// heavy-tailed (Pareto) share of the orders per member and one member with thousands of orders.
// Orders: paid times over the last 365 days (growing over the year, Beijing meal peaks, busier weekends),
// about 15 % unattributed. Each order is played through the push path the app implements (lib/orders/apply.ts,
// lib/orders/ordering.ts, lib/inbox/store.ts): a paid push, usually a completed push, sometimes a full or
// partial refund or a risk refund, a few late stale pushes (recorded, ignored), redeliveries (duplicate), a few
// failed and rejected requests; every request is an inbox row with its signed JSON body, every applied or
// ignored one an order_events row. The commission ledger follows lib/earnings/ledger.ts, settlement.ts and
// withdrawals.ts: estimated → pending (hold from completion) → available (settlement) → withdrawn (a paid
// withdrawal covers it, oldest first), void on a full refund or risk, a clawback row when already withdrawn.
import { Rng, fakeMd5, mix32 } from "./prng";
import { Progress } from "./progress";
import { orderMoneyBase } from "../../lib/earnings/base";
import type { Columns, Inserter, Sink } from "./sinks";

export interface SeedConfig {
  orders: number;
  members: number;
  seed: number;
  /** Epoch ms: the end of the 365-day window; every time in the data is before it. */
  now: number;
  passwordHash: string;
  dialect: "sqlite" | "pg";
  log: (line: string) => void;
}

export interface SeedSummary {
  rows: Record<string, number>;
  heaviestMember: { username: string; orders: number; sid: string; id: string };
  sampleOrderIds: string[];
  opsAdmin: string;
}

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// Commission rule version 1, seeded by the earnings migration: 50 % / 10 % / 5 % of our commission, 15 days' hold.
const RATES = [5000, 1000, 500];
const HOLD_MS = 15 * DAY;
const MIN_WITHDRAWAL_FEN = 1000;
const SETTLEMENT_EVERY_MS = 300 * SEC;

export const SEED_TABLES = [
  "audit_logs", "withdrawals", "commission_events", "commissions", "referral_paths", "inbox_pushes", "order_events", "orders", "users",
] as const;
export const SERIAL_TABLES = ["orders", "order_events", "inbox_pushes", "commissions", "commission_events", "withdrawals", "audit_logs"];

// ------------------------------------------------------------------------------------------------ vocabulary

const SID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞鑫宇浩然子轩梓涵一诺欣怡思雨佳琪俊杰志强晓东建国海燕丹丹婷婷晨阳".split("");
const SHOP_A = ["老王", "张姐", "蜀香", "川味", "湘里", "粤来", "潮汕", "兰州", "沙县", "东北", "西北", "江南", "黄焖", "重庆", "云南", "福建", "杭帮", "北京", "老上海", "韩式", "日式", "泰式", "意式", "台湾", "港式", "新疆", "陕西", "山西", "贵州", "广西"];
const SHOP_B = ["麻辣烫", "牛肉面", "小吃", "黄焖鸡米饭", "炸鸡", "汉堡", "披萨", "烧烤", "饺子馆", "米线", "螺蛳粉", "盖浇饭", "煲仔饭", "烤鱼", "火锅", "麻辣香锅", "酸菜鱼", "奶茶", "咖啡", "轻食沙拉", "寿司", "拉面", "肠粉", "粥铺", "包子铺", "烤肉拌饭", "卤肉饭", "冒菜", "凉皮", "鸭血粉丝"];
const BRANCH = ["望京店", "国贸店", "中关村店", "五道口店", "西二旗店", "陆家嘴店", "徐家汇店", "天河店", "南山店", "福田店", "春熙路店", "解放碑店", "西湖店", "鼓楼店", "光谷店", "五一广场店", "大学城店", "万达店", "高新店", "滨江店"];
const MARTS = ["便利蜂", "美宜佳", "罗森", "7-ELEVEn", "全家", "永辉超市", "物美超市", "华润万家", "盒马", "钱大妈", "叮咚鲜花", "百果园", "屈臣氏", "名创优品", "大药房"];
const GOODS = ["精品鸡蛋 30枚", "东北大米 5kg", "鲜切牛肉 500g", "有机菠菜 400g", "赣南脐橙 3kg", "纯牛奶 24盒", "五常稻花香 2.5kg", "冷冻虾仁 300g", "新鲜草莓 1kg", "手撕面包 1kg", "土鸡蛋 20枚", "洗衣液 3kg", "抽纸 24包", "猪肉馅 500g", "时令蔬菜组合", "精选苹果 5斤", "酸奶 12杯", "花生油 5L", "速冻水饺 1kg", "香蕉 3斤"];
const HOTELS = ["如家酒店", "汉庭酒店", "全季酒店", "亚朵酒店", "锦江之星", "7天酒店", "维也纳酒店", "桔子酒店", "希尔顿欢朋", "丽枫酒店", "城市便捷酒店", "麗枫酒店", "格林豪泰", "星程酒店", "智选假日酒店"];
const RESTAURANTS = ["海底捞", "西贝莜面村", "外婆家", "绿茶餐厅", "太二酸菜鱼", "呷哺呷哺", "小龙坎火锅", "探鱼", "木屋烧烤", "胖哥俩肉蟹煲", "味千拉面", "必胜客", "肯德基", "喜茶", "星巴克"];
const COMBOS = ["双人套餐", "单人套餐", "4人餐", "代金券 100元", "午市套餐", "招牌套餐", "下午茶套餐"];
const LEISURE = ["足疗按摩 90分钟", "KTV 欢唱4小时", "密室逃脱 单人票", "剧本杀 单人票", "洗浴中心 门票", "健身房 次卡", "美甲 单色", "洗剪吹", "桌游 畅玩", "电影票 2D"];
const MEITUAN_IPS = ["103.37.140.12", "103.37.140.13", "103.37.140.27", "103.37.141.5", "43.240.24.11", "43.240.24.12", "124.243.195.30", "124.243.195.31"];
const SCANNER_IPS = ["45.155.205.233", "185.220.101.4", "61.177.172.60", "218.92.0.112", "193.32.162.28"];
const HOUR_WEIGHT = [0.35, 0.18, 0.09, 0.05, 0.04, 0.08, 0.25, 0.7, 1.1, 0.9, 1.3, 3.1, 3.7, 2.1, 1.0, 0.9, 1.1, 2.4, 3.5, 2.8, 1.9, 1.5, 1.1, 0.65];
const RATIOS = ["0.05", "0.06", "0.04", "0.03"];
const RATIO_PCT = [5, 6, 4, 3];
const FAILED_ERRORS = { sqlite: "SQLITE_BUSY: database is locked", pg: "canceling statement due to lock timeout" };

// Upstream states of an order, as pushed.
const S_PAID = 1, S_COMPLETED = 2, S_REFUND_FULL = 3, S_REFUND_PART = 4, S_RISK = 5, S_STALE_PAID = 6;
const UPSTREAM = ["", "1", "8", "9", "9", "9", "1"];
const REFUND_TYPE: (string | null)[] = [null, null, null, "1", "2", "3", null];
const STATUS_OF = ["", "paid", "completed", "refunded", "refunded", "risk", "paid"];
const RANK = [0, 1, 2, 3, 3, 3, 1];
// Inbox row kinds.
const C_APPLIED = 0, C_IGNORED = 1, C_DUPLICATE = 2, C_FAILED = 3, C_REJECTED = 4, C_JUNK = 5;
const OUTCOME = ["applied", "ignored", "duplicate", "failed", "rejected", "rejected"];
const VOID_REASON: Record<string, string> = { refunded: "订单已退款", risk: "订单被风控" };

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;

// ------------------------------------------------------------------------------------------------ growable columns

class Cols {
  cap: number;
  n = 0;
  order: Int32Array;
  state: Uint8Array;
  mod: Float64Array; // seconds
  recv: Float64Array; // ms
  kind: Uint8Array;
  proc: Uint16Array;
  from: Uint8Array; // state the order was in when this push was processed (0 = none)
  sign: Uint32Array;

  constructor(cap: number) {
    this.cap = cap;
    this.order = new Int32Array(cap);
    this.state = new Uint8Array(cap);
    this.mod = new Float64Array(cap);
    this.recv = new Float64Array(cap);
    this.kind = new Uint8Array(cap);
    this.proc = new Uint16Array(cap);
    this.from = new Uint8Array(cap);
    this.sign = new Uint32Array(cap);
  }

  push(order: number, state: number, mod: number, recv: number, kind: number, proc: number, from: number, sign: number): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.order[i] = order;
    this.state[i] = state;
    this.mod[i] = mod;
    this.recv[i] = recv;
    this.kind[i] = kind;
    this.proc[i] = proc;
    this.from[i] = from;
    this.sign[i] = sign;
    return i;
  }

  private grow() {
    const cap = Math.ceil(this.cap * 1.5) + 16;
    const g = <T extends Int32Array | Uint8Array | Float64Array | Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a);
      return b;
    };
    this.order = g(this.order, (n) => new Int32Array(n));
    this.state = g(this.state, (n) => new Uint8Array(n));
    this.mod = g(this.mod, (n) => new Float64Array(n));
    this.recv = g(this.recv, (n) => new Float64Array(n));
    this.kind = g(this.kind, (n) => new Uint8Array(n));
    this.proc = g(this.proc, (n) => new Uint16Array(n));
    this.from = g(this.from, (n) => new Uint8Array(n));
    this.sign = g(this.sign, (n) => new Uint32Array(n));
    this.cap = cap;
  }
}

/** Indexes 0..n-1 sorted by key (then index): stable and fast enough for a few million. */
function sortedIndex(n: number, key: Float64Array): Uint32Array {
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  idx.sort((a, b) => key[a] - key[b] || a - b);
  return idx;
}

async function put(ins: Inserter, values: unknown[]) {
  const r = ins.add(values);
  if (r) await r;
}

// ------------------------------------------------------------------------------------------------ the seed

export async function seedLarge(sink: Sink, cfg: SeedConfig): Promise<SeedSummary> {
  const { now, log } = cfg;
  const M = cfg.members;
  const N = cfg.orders;
  const rng = new Rng(cfg.seed);
  const gen = new Progress("generate (in memory)", 6, "steps");

  // ---- members and the referral tree
  const R = Math.max(1, Math.round(M * 0.01));
  const L1 = Math.min(M - R, Math.round(M * 0.09));
  const level = new Uint8Array(M);
  const inviter = new Int32Array(M).fill(-1);
  for (let m = R; m < R + L1; m++) {
    level[m] = 1;
    inviter[m] = Math.floor(R * rng.next() ** 1.6);
  }
  for (let m = R + L1; m < M; m++) {
    if (L1 > 0) {
      level[m] = 2;
      inviter[m] = R + Math.floor(L1 * rng.next() ** 1.6);
    } else {
      level[m] = 1;
      inviter[m] = Math.floor(R * rng.next());
    }
  }
  const ids: string[] = new Array(M);
  const sids: string[] = new Array(M);
  const codes: string[] = new Array(M);
  const names: (string | null)[] = new Array(M);
  const sidSet = new Set<string>();
  const codeSet = new Set<string>();
  for (let m = 0; m < M; m++) {
    ids[m] = rng.uuid();
    let s: string;
    do s = rng.chars(SID_ALPHABET, 16);
    while (sidSet.has(s));
    sidSet.add(s);
    sids[m] = s;
    let c: string;
    do c = rng.chars(INVITE_ALPHABET, 8);
    while (codeSet.has(c));
    codeSet.add(c);
    codes[m] = c;
    names[m] = rng.chance(0.35) ? rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : "") : null;
  }
  const username = (m: number) => (m % 2 === 0 ? `seed-member-${String(m + 1).padStart(6, "0")}@example.com` : `1380${String(m + 1).padStart(7, "0")}`);
  const foreignSids: string[] = [];
  while (foreignSids.length < Math.max(50, Math.min(3000, Math.round(N / 300)))) {
    const s = rng.chars(SID_ALPHABET, 16);
    if (!sidSet.has(s)) foreignSids.push(s);
  }
  // Orders per member: Pareto(α = 1.5) weights, capped, plus one heavy buyer with ≈0.5 % of the attributed orders.
  const weight = new Float64Array(M);
  const heavy = R + L1 < M ? R + L1 : 0;
  let wsum = 0;
  for (let m = 0; m < M; m++) {
    weight[m] = m === heavy ? 0 : Math.min(1000, (1 - rng.next()) ** (-1 / 1.5));
    wsum += weight[m];
  }
  weight[heavy] = M > 1 ? (wsum * 0.005) / 0.995 : 1;
  const cum = new Float64Array(M);
  let acc = 0;
  for (let m = 0; m < M; m++) cum[m] = acc += weight[m];
  const pickMember = () => {
    const x = rng.next() * acc;
    let lo = 0, hi = M - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  gen.tick();

  // ---- titles
  const titles: string[] = [];
  const range = (make: () => string, count: number) => {
    const start = titles.length;
    const seen = new Set<string>();
    for (let i = 0; i < count * 4 && seen.size < count; i++) seen.add(make());
    titles.push(...seen);
    return [start, titles.length] as const;
  };
  const tWaimai = range(() => `美团外卖-${rng.pick(SHOP_A)}${rng.pick(SHOP_B)}(${rng.pick(BRANCH)})`, 600);
  const tShangou = range(() => `美团闪购-${rng.pick(MARTS)}(${rng.pick(BRANCH)})`, 120);
  const tPinhaofan = range(() => `拼好饭-${rng.pick(SHOP_A)}${rng.pick(SHOP_B)}`, 200);
  const tHotel = range(() => `美团酒店-${rng.pick(HOTELS)}(${rng.pick(BRANCH)}) 大床房 1晚`, 150);
  const tYouxuan = range(() => `美团优选-${rng.pick(GOODS)}`, 20);
  const tDaocan = range(() => `${rng.pick(RESTAURANTS)}(${rng.pick(BRANCH)}) ${rng.pick(COMBOS)}`, 200);
  const tDaozong = range(() => `${rng.pick(SHOP_A)}${rng.pick(LEISURE)}(${rng.pick(BRANCH)})`, 200);
  const titleIn = (r: readonly [number, number]) => r[0] + Math.floor(rng.next() ** 1.3 * (r[1] - r[0]));

  // ---- order times: hourly intensity over the year, sampled and sorted (ids follow time, as in production)
  const end = now - 10 * SEC;
  const start = end - 365 * DAY;
  const hours = Math.ceil((end - start) / HOUR);
  const hourCum = new Float64Array(hours);
  let hacc = 0;
  for (let h = 0; h < hours; h++) {
    const t = start + h * HOUR;
    const bj = new Date(t + 8 * HOUR);
    const dow = bj.getUTCDay();
    const len = Math.min(HOUR, end - t) / HOUR;
    const promo = bj.getUTCMonth() === 10 && bj.getUTCDate() === 11 ? 1.8 : bj.getUTCMonth() === 5 && bj.getUTCDate() === 18 ? 1.5 : 1;
    hourCum[h] = hacc += HOUR_WEIGHT[bj.getUTCHours()] * (0.6 + (0.8 * h) / hours) * (dow === 0 || dow === 6 ? 1.15 : 1) * promo * len;
  }
  const paidMs = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const x = rng.next() * hacc;
    let lo = 0, hi = hours - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (hourCum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    const t = start + lo * HOUR + rng.next() * HOUR;
    paidMs[i] = Math.min(t, end - SEC);
  }
  paidMs.sort();
  gen.tick();

  // ---- orders and their pushes
  const oMember = new Int32Array(N);
  const oForeign = new Int32Array(N);
  const oBl = new Uint8Array(N);
  const oSub = new Uint8Array(N);
  const oPay = new Int32Array(N);
  const oTotal = new Int32Array(N);
  const oRatio = new Uint8Array(N);
  const oQty = new Uint8Array(N);
  const oTitle = new Int32Array(N);
  const oDeal = new Int32Array(N);
  const oPaidSec = new Float64Array(N);
  const oOrderedSec = new Float64Array(N);
  const oComm = new Int32Array(N);
  // From the pushes as applied:
  const oLastApplied = new Int32Array(N); // inbox entry of the last applied push
  const oCreated = new Float64Array(N); // ctx.at of the first push = order createdAt and ledger createdAt
  const oUpdated = new Float64Array(N);
  const oCompleteAt = new Float64Array(N); // ctx.at of the completed push (0 = never)
  const oCompletedMod = new Float64Array(N); // its modTime in seconds = orders.completedAt
  const oVoidAt = new Float64Array(N); // ctx.at of a full refund / risk push (0 = never)
  const firstOrder = new Float64Array(M).fill(Infinity);
  const orderCount = new Int32Array(M);
  const E = new Cols(Math.ceil(N * 2.5) + 1024);
  const procMs = () => Math.min(60_000, Math.max(1, Math.round(rng.logNormal(cfg.dialect === "pg" ? 1.6 : 1.1, 0.6))));
  const atOf = (e: number) => E.recv[e] + 1 + (E.proc[e] >> 1);
  const local: { state: number; mod: number; recv: number }[] = [];
  const pendingExtras: number[] = [];

  for (let i = 0; i < N; i++) {
    // who
    if (rng.chance(0.85)) {
      const m = pickMember();
      oMember[i] = m;
      oForeign[i] = -1;
      orderCount[m]++;
      if (paidMs[i] < firstOrder[m]) firstOrder[m] = paidMs[i];
    } else {
      oMember[i] = -1;
      oForeign[i] = rng.chance(0.02) ? -2 : Math.floor(foreignSids.length * rng.next() ** 2);
    }
    // what
    const r = rng.next();
    const bl = r < 0.78 ? 2 : r < 0.86 ? 4 : r < 0.91 ? 3 : r < 0.96 ? 6 : 7;
    oBl[i] = bl;
    let pay: number;
    if (bl === 2) {
      const s = rng.next();
      oSub[i] = s < 0.72 ? 1 : s < 0.87 ? 2 : 4;
      oTitle[i] = titleIn(oSub[i] === 1 ? tWaimai : oSub[i] === 2 ? tShangou : tPinhaofan);
      pay = rng.logNormal(Math.log(oSub[i] === 4 ? 1500 : 3200), 0.45);
      oRatio[i] = 0;
    } else if (bl === 4) {
      oTitle[i] = titleIn(tYouxuan);
      pay = rng.logNormal(Math.log(1800), 0.5);
      oRatio[i] = rng.chance(0.7) ? 0 : 2;
    } else if (bl === 3) {
      oTitle[i] = titleIn(tHotel);
      pay = rng.logNormal(Math.log(22000), 0.3);
      oRatio[i] = rng.chance(0.5) ? 1 : 0;
    } else if (bl === 6) {
      oTitle[i] = titleIn(tDaocan);
      pay = rng.logNormal(Math.log(9000), 0.6);
      oRatio[i] = rng.chance(0.8) ? 0 : 3;
    } else {
      oTitle[i] = titleIn(tDaozong);
      pay = rng.logNormal(Math.log(12000), 0.6);
      oRatio[i] = rng.chance(0.8) ? 0 : 1;
    }
    pay = Math.max(1000, Math.min(30000, Math.round(pay)));
    oPay[i] = pay;
    oTotal[i] = pay + (rng.chance(0.7) ? rng.int(0, 1500) : 0);
    oQty[i] = rng.chance(0.88) ? 1 : rng.int(2, 4);
    oDeal[i] = 100_000 + (mix32(oTitle[i]) % 90_000_000);
    // = estimateCommissionFen(payFen, ratio) of lib/earnings/base.ts for these decimal ratios
    oComm[i] = Math.floor((pay * RATIO_PCT[oRatio[i]]) / 100);
    const paidSec = Math.floor(paidMs[i] / 1000);
    oPaidSec[i] = paidSec;
    oOrderedSec[i] = paidSec - rng.int(5, 300);

    // when: completion delay by business line, and the order's fate
    let compDelay: number;
    if (bl === 2) compDelay = Math.min(5 * HOUR, Math.max(15 * MIN, rng.logNormal(Math.log(oSub[i] === 2 ? 60 * MIN : 38 * MIN), 0.45)));
    else if (bl === 4) compDelay = rng.range(14 * HOUR, 40 * HOUR);
    else if (bl === 3) compDelay = rng.int(1, 7) * DAY + rng.range(0, 12 * HOUR);
    else compDelay = Math.min(60 * DAY, Math.max(30 * MIN, rng.logNormal(Math.log(2 * DAY), 1.3)));
    const paidMod = paidSec + rng.int(0, 2);
    const compMod = paidMod + Math.round(compDelay / 1000);
    const refundRate = bl === 6 || bl === 7 ? 0.08 : bl === 3 ? 0.06 : 0.03;
    const f = rng.next();
    let fateState = 0;
    let fateMod = 0;
    let fateBeforeCompletion = false;
    if (f < 0.004) {
      fateState = S_RISK;
      fateBeforeCompletion = rng.chance(0.5);
      fateMod = fateBeforeCompletion ? paidMod + Math.round(rng.range(600, Math.max(601, (compDelay / 1000) * 0.9))) : compMod + Math.round(rng.range(DAY, 10 * DAY) / 1000);
    } else if (f < 0.004 + refundRate) {
      fateState = S_REFUND_FULL;
      fateBeforeCompletion = rng.chance(0.65);
      fateMod = fateBeforeCompletion ? paidMod + Math.round(rng.range(60, Math.max(61, (compDelay / 1000) * 0.9))) : compMod + Math.round(rng.logNormal(Math.log(2 * DAY), 1.2) / 1000);
    } else if (f < 0.004 + refundRate + 0.005) {
      fateState = S_REFUND_PART;
      fateMod = compMod + Math.round(rng.range(HOUR, 5 * DAY) / 1000);
    }
    const recvOf = (mod: number) => mod * 1000 + rng.int(300, 5000);
    local.length = 0;
    local.push({ state: S_PAID, mod: paidMod, recv: recvOf(paidMod) });
    if (!(fateState && fateBeforeCompletion)) {
      const recv = recvOf(compMod);
      if (recv <= end) {
        local.push({ state: S_COMPLETED, mod: compMod, recv });
        if (compMod - paidMod >= 3 && rng.chance(0.005)) {
          const stale = { state: S_STALE_PAID, mod: paidMod + rng.int(1, Math.min(30, compMod - paidMod - 1)), recv: recv + rng.int(SEC, 2 * HOUR) };
          if (stale.recv <= end) local.push(stale);
        }
      }
    }
    if (fateState) {
      const recv = recvOf(fateMod);
      const completedApplied = local.some((e) => e.state === S_COMPLETED);
      if (recv <= end && (fateBeforeCompletion || completedApplied)) local.push({ state: fateState, mod: fateMod, recv });
    }
    local.sort((a, b) => a.recv - b.recv);

    // play the pushes through decide(): newer modTime wins, equal modTime needs a higher rank
    let curState = 0;
    let curMod = 0;
    const first = E.n;
    for (const p of local) {
      let apply: boolean;
      if (curState === 0) apply = true;
      else if (p.mod !== curMod) apply = p.mod > curMod;
      else apply = RANK[p.state] > RANK[curState];
      const e = E.push(i, p.state, p.mod, p.recv, apply ? C_APPLIED : C_IGNORED, procMs(), curState, mix32(i * 8 + E.n - first + 0x5eed));
      if (!apply) continue;
      if (curState === 0) oCreated[i] = atOf(e);
      oUpdated[i] = atOf(e);
      oLastApplied[i] = e;
      if (p.state === S_COMPLETED && !oCompletedMod[i]) {
        oCompletedMod[i] = p.mod;
        oCompleteAt[i] = atOf(e);
      }
      if ((p.state === S_REFUND_FULL || p.state === S_RISK) && !oVoidAt[i]) oVoidAt[i] = atOf(e);
      curState = p.state;
      curMod = p.mod;
    }
    // redeliveries (duplicate), failed processing, bad signs
    pendingExtras.length = 0;
    for (let e = first; e < E.n; e++) if (E.kind[e] === C_APPLIED) pendingExtras.push(e);
    for (const e of pendingExtras) {
      if (rng.chance(0.03)) {
        const recv = E.recv[e] + rng.int(2 * SEC, 120 * SEC);
        if (recv <= end) E.push(i, E.state[e], E.mod[e], recv, C_DUPLICATE, procMs(), 0, E.sign[e]);
      }
      if (rng.chance(0.0005)) {
        const recv = E.recv[e] + rng.int(SEC, 30 * SEC);
        if (recv <= end) E.push(i, E.state[e], E.mod[e], recv, C_FAILED, procMs(), 0, E.sign[e]);
      }
    }
    if (rng.chance(0.003)) {
      const e = rng.pick(pendingExtras);
      const recv = E.recv[e] + rng.int(MIN, 2 * DAY);
      if (recv <= end) E.push(i, E.state[e], E.mod[e], recv, C_REJECTED, 0, 0, mix32(e ^ 0xbad5));
    }
  }
  // requests that are not pushes at all (probes, tests): rejected, no order id
  const junk = Math.max(5, Math.round(N * 0.0002));
  for (let j = 0; j < junk; j++) E.push(-1, 0, 0, start + rng.next() * (end - start), C_JUNK, 0, 0, 0);
  gen.tick();

  // ---- push ids follow arrival time; order_events ids follow processing of applied / ignored pushes
  const entryCount = E.n;
  const byRecv = sortedIndex(entryCount, E.recv.subarray(0, entryCount) as Float64Array);
  const pushId = new Int32Array(entryCount);
  let eventCount = 0;
  for (let r = 0; r < entryCount; r++) {
    const e = byRecv[r];
    pushId[e] = r + 1;
    if (E.kind[e] === C_APPLIED || E.kind[e] === C_IGNORED) eventCount++;
  }

  // ---- users' join times: before their first order, inviters before their invitees
  const userCreated = new Float64Array(M);
  for (let m = 0; m < M; m++) {
    userCreated[m] = Number.isFinite(firstOrder[m]) ? firstOrder[m] - rng.range(10 * MIN, 20 * DAY) : end - rng.range(HOUR, 365 * DAY);
  }
  for (let m = M - 1; m >= 0; m--) {
    const p = inviter[m];
    if (p >= 0) userCreated[p] = Math.min(userCreated[p], userCreated[m] - rng.range(HOUR, 10 * DAY));
  }
  let earliest = end;
  for (let m = 0; m < M; m++) earliest = Math.min(earliest, userCreated[m]);
  const opsId = rng.uuid();
  const opsCreated = earliest - DAY;
  gen.tick();

  // ---- the commission ledger
  const settleAt = new Float64Array(N); // when the settlement job made the order's rows available (0 = not yet / never)
  for (let i = 0; i < N; i++) {
    if (!oCompletedMod[i] || oMember[i] < 0) continue;
    const availableAt = oCompletedMod[i] * 1000 + HOLD_MS;
    const s = availableAt + rng.int(0, SETTLEMENT_EVERY_MS);
    if (s <= end && !(oVoidAt[i] && oVoidAt[i] <= s)) settleAt[i] = s;
  }
  let cCap = 0;
  for (let i = 0; i < N; i++) if (oMember[i] >= 0) cCap += 3;
  const cOrder = new Int32Array(cCap);
  const cBen = new Int32Array(cCap);
  const cLevel = new Uint8Array(cCap);
  const cAmt = new Int32Array(cCap);
  const cWithdrawn = new Float64Array(cCap);
  let cN = 0;
  for (let i = 0; i < N; i++) {
    let m = oMember[i];
    if (m < 0) continue;
    for (let lvl = 0; lvl < 3 && m >= 0; lvl++, m = inviter[m]) {
      cOrder[cN] = i;
      cBen[cN] = m;
      cLevel[cN] = lvl;
      cAmt[cN] = Math.floor((Math.max(0, oComm[i]) * RATES[lvl]) / 10000); // shareFen
      cN++;
    }
  }
  // rows per beneficiary (CSR)
  const benStart = new Int32Array(M + 1);
  for (let c = 0; c < cN; c++) benStart[cBen[c] + 1]++;
  for (let m = 0; m < M; m++) benStart[m + 1] += benStart[m];
  const benRows = new Int32Array(cN);
  {
    const fill = benStart.slice(0, M);
    for (let c = 0; c < cN; c++) benRows[fill[cBen[c]]++] = c;
  }

  // ---- withdrawals, simulated per member against the ledger as it stood at each request and payment
  interface W {
    member: number;
    amount: number;
    method: string;
    account: string;
    status: "pending" | "approved" | "rejected" | "paid";
    requestedAt: number;
    approvedAt: number;
    reviewedAt: number;
    paidAt: number;
    note: string | null;
  }
  const withdrawals: W[] = [];
  for (let m = 0; m < M; m++) {
    const a = benStart[m], b = benStart[m + 1];
    if (a === b) continue;
    let firstSettle = Infinity;
    for (let k = a; k < b; k++) {
      const s = settleAt[cOrder[benRows[k]]];
      if (s && s < firstSettle) firstSettle = s;
    }
    if (!Number.isFinite(firstSettle) || !rng.chance(0.6)) continue;
    // the member's rows in markWithdrawnRows order: availableAt, then id (≈ creation time)
    const rows = Array.from(benRows.subarray(a, b)).filter((c) => settleAt[cOrder[c]]);
    rows.sort((x, y) => oCompletedMod[cOrder[x]] - oCompletedMod[cOrder[y]] || oCreated[cOrder[x]] - oCreated[cOrder[y]] || x - y);
    const threshold = rng.int(MIN_WITHDRAWAL_FEN, 5000);
    const method = rng.next();
    const how = method < 0.6 ? "alipay" : method < 0.9 ? "wechat" : "bank";
    const account = how === "alipay" ? username(m) : how === "wechat" ? `wxid_${rng.chars("abcdefghijklmnopqrstuvwxyz0123456789", 12)}` : `6222${rng.chars("0123456789", 15)}`;
    let requested = 0; // withdrawals not rejected
    let paidTotal = 0;
    let withdrawnTotal = 0;
    const balanceAt = (t: number) => {
      let s = 0;
      for (const c of rows) {
        const o = cOrder[c];
        if (settleAt[o] <= t && !(oVoidAt[o] && oVoidAt[o] <= t)) s += cAmt[c];
      }
      return s - requested;
    };
    for (let t = firstSettle + rng.range(HOUR, 20 * DAY); t < end; t += rng.range(12 * DAY, 45 * DAY)) {
      const balance = balanceAt(t);
      if (balance < threshold) continue;
      let amount = Math.floor(balance / 100) * 100;
      if (rng.chance(0.2)) amount = Math.max(MIN_WITHDRAWAL_FEN, Math.floor((amount * rng.range(0.4, 0.9)) / 100) * 100);
      if (amount < MIN_WITHDRAWAL_FEN || amount > balance) continue;
      const w: W = { member: m, amount, method: how, account, status: "pending", requestedAt: t, approvedAt: 0, reviewedAt: 0, paidAt: 0, note: null };
      withdrawals.push(w);
      const review = t + rng.range(HOUR, 2 * DAY);
      if (review > end) {
        requested += amount;
        continue;
      }
      if (rng.chance(0.06)) {
        w.status = "rejected";
        w.reviewedAt = review;
        w.note = rng.pick(["收款账号与实名信息不符，请核对后重新申请", "支付宝账号不存在", "银行卡号有误"]);
        continue;
      }
      requested += amount;
      w.status = "approved";
      w.approvedAt = w.reviewedAt = review;
      const paid = review + rng.range(10 * MIN, DAY);
      if (paid > end) continue;
      w.status = "paid";
      w.reviewedAt = w.paidAt = paid;
      paidTotal += amount;
      // markWithdrawnRows: available rows, oldest first, while whole rows fit in what was paid
      let room = paidTotal - withdrawnTotal;
      for (const c of rows) {
        if (cWithdrawn[c]) continue;
        const o = cOrder[c];
        if (!(settleAt[o] <= paid) || (oVoidAt[o] && oVoidAt[o] <= paid)) continue;
        if (cAmt[c] > room) break;
        cWithdrawn[c] = paid;
        room -= cAmt[c];
        withdrawnTotal += cAmt[c];
      }
    }
  }
  withdrawals.sort((x, y) => x.requestedAt - y.requestedAt);

  // clawbacks: a full refund or risk after the row was withdrawn
  const claw: number[] = [];
  for (let c = 0; c < cN; c++) if (cWithdrawn[c] && oVoidAt[cOrder[c]] > cWithdrawn[c]) claw.push(c);
  // ids follow creation time
  const totalC = cN + claw.length;
  const cCreatedKey = new Float64Array(totalC);
  for (let c = 0; c < cN; c++) cCreatedKey[c] = oCreated[cOrder[c]];
  claw.forEach((c, k) => (cCreatedKey[cN + k] = oVoidAt[cOrder[c]]));
  const cById = sortedIndex(totalC, cCreatedKey);
  const cId = new Int32Array(totalC);
  for (let r = 0; r < totalC; r++) cId[cById[r]] = r + 1;
  let commissionEventCount = claw.length;
  for (let c = 0; c < cN; c++) {
    const o = cOrder[c];
    commissionEventCount += 1 + (oCompleteAt[o] ? 1 : 0) + (settleAt[o] ? 1 : 0) + (cWithdrawn[c] ? 1 : 0) + (oVoidAt[o] && !cWithdrawn[c] ? 1 : 0);
  }
  let auditCount = 0;
  for (const w of withdrawals) auditCount += w.status === "paid" ? 2 : w.status === "pending" ? 0 : 1;
  gen.tick();
  gen.tick();
  gen.end();

  const memberCount = M;
  const closureCount = M + Array.from(level).reduce((s, l) => s + l, 0);
  log(
    `  planned: ${memberCount.toLocaleString()} members (+1 ops admin), ${closureCount.toLocaleString()} referral_paths, ${N.toLocaleString()} orders, ` +
      `${entryCount.toLocaleString()} inbox_pushes, ${eventCount.toLocaleString()} order_events, ${totalC.toLocaleString()} commissions, ` +
      `${commissionEventCount.toLocaleString()} commission_events, ${withdrawals.length.toLocaleString()} withdrawals, ${auditCount.toLocaleString()} audit_logs`,
  );

  // ------------------------------------------------------------------------------------------------ write
  const rows: Record<string, number> = {};
  const phase = async (table: string, columns: Columns, total: number, fill: (add: (v: unknown[]) => Promise<void>) => Promise<void>) => {
    const ins = sink.inserter(table, columns);
    const bar = new Progress(table, total);
    let n = 0;
    await fill(async (v) => {
      await put(ins, v);
      n++;
      if ((n & 1023) === 0) bar.tick(1024);
    });
    await ins.end();
    bar.tick(n & 1023);
    bar.end();
    rows[table] = (rows[table] ?? 0) + n;
  };

  await phase(
    "users",
    [["id", "text"], ["username", "text"], ["passwordHash", "text"], ["name", "text"], ["role", "text"], ["sid", "text"], ["inviteCode", "text"], ["inviterId", "text"], ["disabled", "bool"], ["createdAt", "ts"], ["updatedAt", "ts"]],
    M + 1,
    async (add) => {
      let opsSid: string;
      do opsSid = rng.chars(SID_ALPHABET, 16);
      while (sidSet.has(opsSid));
      let opsCode: string;
      do opsCode = rng.chars(INVITE_ALPHABET, 8);
      while (codeSet.has(opsCode));
      await add([opsId, "seed-ops@example.com", cfg.passwordHash, "运营小王", "ADMIN", opsSid, opsCode, null, false, opsCreated, opsCreated]);
      const order = sortedIndex(M, userCreated); // insertion in join order, like registration
      for (let k = 0; k < M; k++) {
        const m = order[k];
        await add([ids[m], username(m), cfg.passwordHash, names[m], "MEMBER", sids[m], codes[m], inviter[m] >= 0 ? ids[inviter[m]] : null, false, userCreated[m], userCreated[m]]);
      }
    },
  );

  await phase("referral_paths", [["ancestorId", "text"], ["descendantId", "text"], ["depth", "int"]], closureCount, async (add) => {
    for (let m = 0; m < M; m++) {
      await add([ids[m], ids[m], 0]);
      let a = inviter[m];
      for (let d = 1; a >= 0; d++, a = inviter[a]) await add([ids[a], ids[m], d]);
    }
  });

  // push bodies: the signed JSON as Meituan sends it (≈400 bytes); rawPayload is the same compact JSON
  const orderIdOf = (i: number) => `${1 + (i % 9)}${oPaidSec[i]}${String(i).padStart(7, "0")}`;
  const sidOf = (i: number) => (oMember[i] >= 0 ? sids[oMember[i]] : oForeign[i] >= 0 ? foreignSids[oForeign[i]] : null);
  const bodyOf = (e: number): string => {
    const i = E.order[e];
    if (i < 0) return `{"test":"ping","ts":"${Math.floor(E.recv[e] / 1000)}","sign":"${fakeMd5(e)}"}`;
    const st = E.state[e];
    const bl = oBl[i];
    const sid = sidOf(i);
    const rt = REFUND_TYPE[st];
    const sign = E.kind[e] === C_REJECTED ? (E.sign[e] & 1 ? "0".repeat(32) : fakeMd5(E.sign[e])) : fakeMd5(E.sign[e]);
    return (
      `{"orderid":"${orderIdOf(i)}",${sid === null ? "" : `"sid":"${sid}",`}"appkey":"mtcps_media_8821","uid":"1002003",` +
      `"smstitle":"${titles[oTitle[i]]}","quantity":"${oQty[i]}","dealid":"${oDeal[i]}","paytime":"${oPaidSec[i]}","ordertime":"${oOrderedSec[i]}",` +
      `"modTime":"${E.mod[e]}","status":"${UPSTREAM[st]}","businessLine":"${bl}",${oSub[i] ? `"subBusinessLine":"${oSub[i]}",` : ""}` +
      `"actId":"${bl === 2 ? "33" : bl === 4 ? "493" : "1"}","total":"${yuan(oTotal[i])}","payPrice":"${yuan(oPay[i])}","direct":"${yuan(oPay[i])}",` +
      `"ratio":"${RATIOS[oRatio[i]]}",${bl === 4 ? `"productId":"${oDeal[i] + 7}","productName":"${titles[oTitle[i]].slice(5)}",` : ""}` +
      `${rt ? `"refundType":"${rt}",` : ""}"sign":"${sign}"}`
    );
  };

  await phase(
    "orders",
    [
      ["id", "int"], ["platform", "text"], ["orderId", "text"], ["sid", "text"], ["memberId", "text"], ["title", "text"], ["status", "text"],
      ["upstreamStatus", "text"], ["refundType", "text"], ["businessLine", "int"], ["subBusinessLine", "int"], ["actId", "text"], ["quantity", "int"],
      ["payFen", "int"], ["totalFen", "int"], ["ratio", "text"], ["paidAt", "ts"], ["orderedAt", "ts"], ["occurredAt", "ts"], ["upstreamUpdatedAt", "ts"],
      ["statusRank", "int"], ["flags", "text"], ["source", "text"], ["rawPayload", "text"], ["lastPushId", "int"], ["createdAt", "ts"], ["updatedAt", "ts"],
      ["commissionFen", "int"], ["commissionSource", "text"], ["completedAt", "ts"], ["gmvFen", "int"], ["baseFen", "int"], ["baseSource", "text"],
    ],
    N,
    async (add) => {
      for (let i = 0; i < N; i++) {
        const e = oLastApplied[i];
        const st = E.state[e];
        const bl = oBl[i];
        const sid = sidOf(i);
        // The order's money as every view counts it: the same function the app writes it with.
        const money = orderMoneyBase({ status: STATUS_OF[st], refundType: REFUND_TYPE[st], payFen: oPay[i], refundFen: null, ratio: RATIOS[oRatio[i]], commissionFen: oComm[i], commissionSource: "estimate" });
        await add([
          i + 1, "union", orderIdOf(i), sid, oMember[i] >= 0 ? ids[oMember[i]] : null, titles[oTitle[i]], STATUS_OF[st], UPSTREAM[st], REFUND_TYPE[st],
          bl, oSub[i] || null, bl === 2 ? "33" : bl === 4 ? "493" : "1", oQty[i], oPay[i], oTotal[i], RATIOS[oRatio[i]],
          oPaidSec[i] * 1000, oOrderedSec[i] * 1000, oPaidSec[i] * 1000, E.mod[e] * 1000, RANK[st], sid === null ? "no_sid" : null, "push",
          bodyOf(e), pushId[e], oCreated[i], oUpdated[i], oComm[i], "estimate", oCompletedMod[i] ? oCompletedMod[i] * 1000 : null, money.gmvFen, money.baseFen, money.source,
        ]);
      }
    },
  );

  {
    const inbox = sink.inserter("inbox_pushes", [
      ["id", "int"], ["receivedAt", "ts"], ["remoteAddr", "text"], ["contentType", "text"], ["body", "bytes"], ["bodyTruncated", "bool"],
      ["signatureValid", "bool"], ["signVariant", "text"], ["orderId", "text"], ["outcome", "text"], ["error", "text"], ["processingMs", "int"],
      ["attempts", "int"], ["processedAt", "ts"],
    ]);
    const events = sink.inserter("order_events", [
      ["id", "int"], ["orderRef", "int"], ["fromStatus", "text"], ["toStatus", "text"], ["upstreamStatus", "text"], ["refundType", "text"],
      ["source", "text"], ["applied", "bool"], ["reason", "text"], ["pushId", "int"], ["upstreamUpdatedAt", "ts"], ["dedupeKey", "text"], ["at", "ts"],
    ]);
    const bar = new Progress("inbox_pushes+events", entryCount + eventCount);
    let eventId = 0;
    let done = 0;
    for (let r = 0; r < entryCount; r++) {
      const e = byRecv[r];
      const kind = E.kind[e];
      const i = E.order[e];
      const valid = kind <= C_FAILED;
      const proc = E.proc[e];
      await put(inbox, [
        pushId[e], E.recv[e], valid ? MEITUAN_IPS[mix32(e) % MEITUAN_IPS.length] : SCANNER_IPS[mix32(e) % SCANNER_IPS.length], "application/json",
        Buffer.from(bodyOf(e), "utf8"), false, valid, valid ? "include-empty" : null, i >= 0 ? orderIdOf(i) : null, OUTCOME[kind],
        kind === C_FAILED ? FAILED_ERRORS[cfg.dialect] : valid ? null : "bad sign", valid ? proc : null, kind === C_FAILED ? 50 : valid ? 1 : 0,
        valid ? E.recv[e] + proc + (kind === C_FAILED ? 50 * 30 * SEC : 1) : null,
      ]);
      done++;
      if (kind === C_APPLIED || kind === C_IGNORED) {
        const st = E.state[e];
        const applied = kind === C_APPLIED;
        await put(events, [
          ++eventId, i + 1, E.from[e] ? STATUS_OF[E.from[e]] : null, STATUS_OF[st], UPSTREAM[st], REFUND_TYPE[st], "push", applied,
          applied ? null : E.mod[e] < E.mod[oLastApplied[i]] || E.from[e] === 0 ? "older_push" : "not_newer", pushId[e], E.mod[e] * 1000,
          `${UPSTREAM[st]}|${E.mod[e]}|${REFUND_TYPE[st] ?? ""}||`, atOf(e),
        ]);
        done++;
      }
      if ((r & 1023) === 0) {
        bar.tick(done);
        done = 0;
      }
    }
    await inbox.end();
    await events.end();
    bar.tick(done);
    bar.end();
    rows.inbox_pushes = entryCount;
    rows.order_events = eventId;
  }

  // earning row c < cN, or clawback cN + k of earning row claw[k]
  const statusOf = (c: number) => {
    const o = cOrder[c];
    if (cWithdrawn[c]) return "withdrawn";
    if (oVoidAt[o]) return "void";
    if (settleAt[o]) return "available";
    if (oCompleteAt[o]) return "pending";
    return "estimated";
  };
  const orderStatusAtVoid = (o: number) => STATUS_OF[E.state[oLastApplied[o]]];
  await phase(
    "commissions",
    [
      ["id", "int"], ["orderRef", "int"], ["beneficiaryId", "text"], ["level", "int"], ["key", "text"], ["baseFen", "int"], ["rateBps", "int"], ["amountFen", "int"],
      ["ruleVersion", "int"], ["status", "text"], ["availableAt", "ts"], ["reason", "text"], ["createdAt", "ts"], ["updatedAt", "ts"],
    ],
    totalC,
    async (add) => {
      for (let r = 0; r < totalC; r++) {
        const x = cById[r];
        if (x < cN) {
          const o = cOrder[x];
          const status = statusOf(x);
          const updated = Math.max(oCreated[o], oCompleteAt[o], settleAt[o], cWithdrawn[x], status === "void" ? oVoidAt[o] : 0);
          await add([
            r + 1, o + 1, ids[cBen[x]], cLevel[x], "earning", Math.max(0, oComm[o]), RATES[cLevel[x]], cAmt[x], 1, status,
            oCompletedMod[o] ? oCompletedMod[o] * 1000 + HOLD_MS : null, status === "void" ? VOID_REASON[orderStatusAtVoid(o)] : null, oCreated[o], updated,
          ]);
        } else {
          const c = claw[x - cN];
          const o = cOrder[c];
          await add([
            r + 1, o + 1, ids[cBen[c]], cLevel[c], "clawback:refund", Math.max(0, oComm[o]), RATES[cLevel[c]], -cAmt[c], 1, "clawback",
            oVoidAt[o], VOID_REASON[orderStatusAtVoid(o)], oVoidAt[o], oVoidAt[o],
          ]);
        }
      }
    },
  );

  await phase(
    "commission_events",
    [["commissionId", "int"], ["orderRef", "int"], ["fromStatus", "text"], ["toStatus", "text"], ["fromAmountFen", "int"], ["toAmountFen", "int"], ["reason", "text"], ["at", "ts"]],
    commissionEventCount,
    async (add) => {
      for (let r = 0; r < totalC; r++) {
        const x = cById[r];
        const id = r + 1;
        if (x >= cN) {
          const c = claw[x - cN];
          const o = cOrder[c];
          await add([id, o + 1, null, "clawback", null, -cAmt[c], "clawback:refund:push", oVoidAt[o]]);
          continue;
        }
        const o = cOrder[x];
        const a = cAmt[x];
        let from = "estimated";
        await add([id, o + 1, null, "estimated", null, a, "created:push", oCreated[o]]);
        if (oCompleteAt[o]) {
          await add([id, o + 1, from, "pending", a, a, "completed:push", oCompleteAt[o]]);
          from = "pending";
        }
        if (settleAt[o]) {
          await add([id, o + 1, from, "available", a, a, "settled", settleAt[o]]);
          from = "available";
        }
        if (cWithdrawn[x]) await add([id, o + 1, from, "withdrawn", a, a, "withdrawn", cWithdrawn[x]]);
        else if (oVoidAt[o]) await add([id, o + 1, from, "void", a, a, "void:push", oVoidAt[o]]);
      }
    },
  );

  await phase(
    "withdrawals",
    [["id", "int"], ["memberId", "text"], ["amountFen", "int"], ["method", "text"], ["account", "text"], ["status", "text"], ["note", "text"], ["reviewedById", "text"], ["requestedAt", "ts"], ["reviewedAt", "ts"], ["paidAt", "ts"], ["legacy", "bool"]],
    withdrawals.length,
    async (add) => {
      let id = 0;
      // Simulated the way the ledger worked before reservations (whole rows marked at payment): the app attaches
      // their rows (lib/earnings/legacy.ts), which exercises that path on a large data set.
      for (const w of withdrawals) {
        await add([++id, ids[w.member], w.amount, w.method, w.account, w.status, w.note, w.reviewedAt ? opsId : null, w.requestedAt, w.reviewedAt || null, w.paidAt || null, w.status !== "rejected"]);
      }
    },
  );

  await phase(
    "audit_logs",
    [["id", "int"], ["actorId", "text"], ["action", "text"], ["targetType", "text"], ["targetId", "text"], ["before", "text"], ["after", "text"], ["reason", "text"], ["at", "ts"]],
    auditCount,
    async (add) => {
      const entries: [number, string, string, string, string | null, number][] = [];
      withdrawals.forEach((w, k) => {
        const id = String(k + 1);
        if (w.status === "rejected") entries.push([w.reviewedAt, "withdrawal.reject", `{"status":"pending"}`, JSON.stringify({ status: "rejected", note: w.note }), w.note, 0]);
        if (w.approvedAt) entries.push([w.approvedAt, "withdrawal.approve", `{"status":"pending"}`, `{"status":"approved","note":null}`, null, 0]);
        if (w.paidAt) entries.push([w.paidAt, "withdrawal.pay", `{"status":"approved"}`, `{"status":"paid","note":null}`, null, 0]);
        for (const e of entries) if (e[5] === 0) e[5] = Number(id);
      });
      entries.sort((x, y) => x[0] - y[0]);
      let id = 0;
      for (const [at, action, before, after, reason, target] of entries) await add([++id, opsId, action, "withdrawal", String(target), before, after, reason, at]);
    },
  );

  let heaviest = 0;
  for (let m = 1; m < M; m++) if (orderCount[m] > orderCount[heaviest]) heaviest = m;
  const sampleOrderIds: string[] = [];
  for (let k = 0; k < 5; k++) sampleOrderIds.push(orderIdOf(Math.floor(((k + 0.5) * N) / 5)));
  return {
    rows,
    heaviestMember: { username: username(heaviest), orders: orderCount[heaviest], sid: sids[heaviest], id: ids[heaviest] },
    sampleOrderIds,
    opsAdmin: "seed-ops@example.com",
  };
}
