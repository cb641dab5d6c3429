import { memberRoute } from "@/lib/api/handler";
import { InvitePosterQuery } from "@/lib/contracts/posters";
import { invitePoster, posterReply } from "@/lib/posters";

export const GET = memberRoute(async ({ req, query, user }) => {
  const q = query(InvitePosterQuery);
  const reply = posterReply(await invitePoster(user, q, req.nextUrl.origin, req.headers.get("if-none-match")), q.download === "1");
  return new Response(reply.body, reply); // image/png, or 304
});
