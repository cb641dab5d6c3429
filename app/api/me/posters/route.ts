import { memberRoute } from "@/lib/api/handler";
import { ActivityPosterQuery } from "@/lib/contracts/posters";
import { activityPoster, posterReply } from "@/lib/posters";

export const GET = memberRoute(async ({ req, query, user }) => {
  const q = query(ActivityPosterQuery);
  const reply = posterReply(await activityPoster(user, q, req.headers.get("if-none-match")), q.download === "1");
  return new Response(reply.body, reply); // image/png, or 304
});
