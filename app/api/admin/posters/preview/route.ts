import { adminRoute } from "@/lib/api/handler";
import { PosterPreviewQuery } from "@/lib/contracts/posters";
import { posterReply, previewPoster } from "@/lib/posters";

export const GET = adminRoute(async ({ req, query, user }) => {
  const reply = posterReply(await previewPoster(user, query(PosterPreviewQuery), req.headers.get("if-none-match")), false);
  return new Response(reply.body, reply); // image/png, or 304
});
