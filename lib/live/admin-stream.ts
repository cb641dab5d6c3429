// The console's live stream: which parts moved (pushes, withdrawals, alerts, orders), at most once a second, so
// open console pages refresh their badges and push health without reloading. Carries no data of its own.
import { ApiError } from "../api/errors";
import { onAdminWake, type AdminTopic } from "./bus";
import { sseResponse } from "./sse";

const THROTTLE_MS = 1_000;
export const MAX_ADMIN_STREAMS = 50;

const counter = ((globalThis as unknown as { __cpsAdminStreams?: { n: number } }).__cpsAdminStreams ??= { n: 0 });

export function adminStream(signal: AbortSignal): Response {
  if (counter.n >= MAX_ADMIN_STREAMS) throw new ApiError(429, "too_many_streams", "打开的后台页面过多，请关闭部分页面后刷新");
  counter.n++;
  return sseResponse(signal, (sink) => {
    let pending = new Set<AdminTopic>();
    let timer: NodeJS.Timeout | null = null;
    let last = 0;
    const flush = () => {
      timer = null;
      last = Date.now();
      if (pending.size) sink.send("refresh", { topics: [...pending] });
      pending = new Set();
    };
    sink.send("ready", {});
    const unsubscribe = onAdminWake((topics) => {
      for (const t of topics) pending.add(t);
      if (!timer) timer = setTimeout(flush, Math.max(0, last + THROTTLE_MS - Date.now()));
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
      counter.n--;
    };
  });
}
