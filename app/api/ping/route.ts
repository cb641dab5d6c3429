// A constant reply: the liveness probe, and the framework's own floor in the benchmarks. POST goes through the
// public wrapper like any other state-changing route (cross-site 403, body over 64 KiB 413, not JSON 415) and
// reads its body before answering, so that a load balancer can probe the POST path and bench/callback.ts can
// measure what receiving a push-sized body costs before any of the push path's own code runs.
import { publicRoute } from "@/lib/api/handler";
import { Ping } from "@/lib/contracts/health";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}

export const POST = publicRoute(async () => ({ ok: true as const }), { response: Ping });
