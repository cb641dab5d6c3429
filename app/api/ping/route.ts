// A constant reply: the liveness probe, and the framework's own floor in the callback benchmark.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ ok: true });
}
