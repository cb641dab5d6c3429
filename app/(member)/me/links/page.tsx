import { currentUser } from "@/lib/auth/session";
import { warmPosterRenderer } from "@/lib/posters/render";
import { PromoHub } from "./promo-hub";
import { PromoLinks } from "./promo-links";

export const dynamic = "force-dynamic";
export const metadata = { title: "推广" };

export default async function PromotePage() {
  const user = (await currentUser())!;
  warmPosterRenderer();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-lg font-semibold">推广</h1>
        <p className="mt-0.5 text-xs text-slate-500">复制链接或生成海报发到微信群，好友下单你赚佣金。</p>
      </div>
      <PromoHub />
      {/* FUNNEL SLOT (issue #15, part 3): the member's click → order funnel from wip/links renders here. */}
      <section aria-labelledby="links-generator">
        <h2 id="links-generator" className="mb-3 text-sm font-medium text-slate-700">
          更多链接类型
        </h2>
        <PromoLinks sid={user.sid} />
      </section>
    </div>
  );
}
