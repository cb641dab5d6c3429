import { adminRoute } from "@/lib/api/handler";
import { adminSearch, SearchQuery } from "@/lib/admin/search";

export const GET = adminRoute(async ({ query }) => adminSearch(query(SearchQuery).q));
