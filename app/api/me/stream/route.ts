import { memberRoute } from "@/lib/api/handler";
import { memberStream, parseLastEventId } from "@/lib/live/member-stream";

export const dynamic = "force-dynamic";

// EventSource sends Last-Event-ID when it reconnects; a page that opens anew may pass its own as ?lastEventId=.
export const GET = memberRoute(async ({ req, user }) =>
  memberStream(user.id, parseLastEventId(req.headers.get("last-event-id") ?? req.nextUrl.searchParams.get("lastEventId")), req.signal),
);
