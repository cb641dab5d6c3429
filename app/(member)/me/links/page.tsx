import { currentUser } from "@/lib/auth/session";
import { PromoLinks } from "./promo-links";
import { Funnel } from "./funnel";

export const dynamic = "force-dynamic";
export const metadata = { title: "推广链接" };

export default async function LinksPage() {
  const user = (await currentUser())!;
  return (
    <div>
      <h1 className="mb-3 text-lg font-semibold">推广链接</h1>
      <PromoLinks sid={user.sid} />
      <Funnel />
    </div>
  );
}
