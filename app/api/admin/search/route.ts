import { adminRoute } from "@/lib/api/handler";
import { adminSearch } from "@/lib/admin/search";
import { SearchQuery, SearchResults } from "@/lib/contracts/search";

export const GET = adminRoute(async ({ query }) => adminSearch(query(SearchQuery).q), { response: SearchResults });
