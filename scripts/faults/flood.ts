// A flood at the callback while Meituan's pushes stream (scripts/faults/run.ts, scenario "flood"): many
// concurrent clients on kept-alive connections send pushes naming the genuine orders with a forged sign, bodies
// far over the limit, and junk, as fast as the server answers. None may be acknowledged, no kept-alive
// connection may be reset, and afterwards every genuine push must be stored, processed and listed on its
// order's page among the signature-valid pushes, the forged ones apart.
import http from "node:http";
import { sendOnce } from "../../bench/lib/common";
import { OK_BODY, type Rand } from "./common";

const ERR_BODY = JSON.stringify({ errcode: "1", errmsg: "err" });

export type FloodKind = "forged" | "oversized" | "junk";

export class ForgedFlood {
  requests = 0;
  byKind: Record<FloodKind, number> = { forged: 0, oversized: 0, junk: 0 };
  /** Replies by status and body kind, e.g. "200 err", "503 err", "413 err". */
  replies: Record<string, number> = {};
  acknowledged = 0;
  /** Network errors (kind and whether the socket had served a request before): must stay empty. */
  networkErrors: string[] = [];
  /** Forged pushes the server stored (answered 200 errcode 1), per order they name. */
  readonly storedByOrder = new Map<string, number>();

  constructor(
    /** Order ids of the genuine stream to name (the most recent ones). */
    private readonly targets: () => string[],
    private readonly rand: Rand,
  ) {}

  /** `clients` concurrent kept-alive clients until `stop()`. */
  async run(clients: number, port: () => number, stop: () => boolean) {
    await Promise.all(
      Array.from({ length: clients }, async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          while (!stop()) await this.one(agent, port());
        } finally {
          agent.destroy();
        }
      }),
    );
  }

  private body(kind: FloodKind, orderId: string | undefined): Buffer {
    const r = this.rand;
    if (kind === "oversized") return Buffer.alloc(r.between(100_000, 3_000_000), "x");
    if (kind === "junk") return Buffer.from(["{", "}{", "[[[[", "\u0000\u0001", "orderid=1&sign=2", "null", "<xml/>"][r.between(0, 6)] + "x".repeat(r.between(0, 2000)));
    const modTime = 1714550400 + r.between(0, 10_000_000);
    const push: Record<string, string> = {
      orderid: orderId ?? String(r.between(100_000_000, 999_999_999)),
      sid: "forgedsid0000000",
      status: ["1", "8", "9"][r.between(0, 2)],
      refundType: "1",
      modTime: String(modTime),
      paytime: String(modTime - 100),
      payPrice: "9999.00",
      total: "9999.00",
      businessLine: "2",
      smstitle: "伪造推送",
      sign: Array.from({ length: 32 }, () => "0123456789abcdef"[r.between(0, 15)]).join(""),
    };
    return Buffer.from(JSON.stringify(push));
  }

  private async one(agent: http.Agent, port: number) {
    const r = this.rand.next();
    const kind: FloodKind = r < 0.75 ? "forged" : r < 0.85 ? "oversized" : "junk";
    const targets = this.targets();
    const orderId = kind === "forged" && targets.length ? targets[this.rand.between(0, targets.length - 1)] : undefined;
    const body = this.body(kind, orderId);
    this.requests++;
    this.byKind[kind]++;
    const reply = await sendOnce(agent, port, "POST", "/api/meituan/callback", { "content-type": "application/json", "content-length": body.length }, body, 20_000);
    if (reply instanceof Error) {
      const e = reply as NodeJS.ErrnoException & { reusedSocket?: boolean };
      this.networkErrors.push(`${kind}: ${e.code ?? e.message}${e.reusedSocket ? " (kept-alive connection)" : ""}`);
      return;
    }
    const what = reply.body === OK_BODY ? "ok" : reply.body === ERR_BODY ? "err" : "other";
    this.replies[`${reply.status} ${what}`] = (this.replies[`${reply.status} ${what}`] ?? 0) + 1;
    if (what === "ok") this.acknowledged++;
    if (kind === "forged" && orderId && reply.status === 200 && what === "err") this.storedByOrder.set(orderId, (this.storedByOrder.get(orderId) ?? 0) + 1);
  }

  /** Replies other than a refusal (200/413/503 with errcode 1). */
  unexpectedReplies(): string[] {
    return Object.entries(this.replies)
      .filter(([k]) => !["200 err", "413 err", "503 err"].includes(k))
      .map(([k, n]) => `${n}× ${k}`);
  }
}
