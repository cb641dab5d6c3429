// A constant reply: the liveness probe, and the framework's own floor in the benchmarks. POST reads its body
// (within the callback's limit, the same way) before answering, so that a load balancer can probe the POST path
// and bench/callback.ts can measure what receiving a push's body costs Next.js before any of our code runs.
import { closeHeaders, readBody } from "@/lib/http/body";
import { MAX_BODY_BYTES } from "@/lib/meituan/callback";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}

export async function POST(req: Request) {
  const read = await readBody(req, MAX_BODY_BYTES);
  if (read.tooLarge) return Response.json({ error: `报文超过 ${MAX_BODY_BYTES / 1024} KiB` }, { status: 413, headers: closeHeaders(read) });
  return Response.json({ ok: true });
}
