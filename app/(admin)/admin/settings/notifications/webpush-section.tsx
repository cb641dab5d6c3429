"use client";
import { ErrorBox, Loading } from "@/components/states";
import { useWebPushStatus } from "@/lib/client/hooks";
import { sectionClass } from "./ui";

export function WebPushSection() {
  const { data, error, isLoading, mutate } = useWebPushStatus();
  return (
    <section className={sectionClass} aria-labelledby="webpush-title" data-testid="webpush-section">
      <div>
        <h2 id="webpush-title" className="text-lg font-semibold">浏览器推送（Web Push）</h2>
        <p className="mt-1 text-sm text-slate-500">会员把推广平台添加到主屏幕或在浏览器中开启通知后即可收到。iOS Safari 可用；国内安卓 Chrome 的推送服务常常无法连接，请以微信通知为主。</p>
      </div>
      {error ? <ErrorBox error={error} onRetry={() => mutate()} /> : isLoading || !data ? <Loading rows={1} /> : (
        <dl className="grid gap-x-6 gap-y-2 rounded-lg bg-white p-4 text-sm ring-1 ring-slate-200 sm:grid-cols-[8rem_1fr]">
          <dt className="text-slate-500">状态</dt>
          <dd className="text-emerald-700">可用 · 已订阅 {data.subscriptions} 个浏览器</dd>
          <dt className="text-slate-500">VAPID 密钥</dt>
          <dd>{data.source === "env" ? "来自环境变量 VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY" : "自动生成，保存在数据目录 vapid.json（多实例请共享数据目录或设置环境变量）"}</dd>
          <dt className="text-slate-500">公钥</dt>
          <dd className="font-mono text-xs break-all text-slate-600" data-testid="vapid-public-key">{data.publicKey}</dd>
          <dt className="text-slate-500">联系方式</dt>
          <dd className="font-mono text-xs text-slate-600">{data.subject}</dd>
        </dl>
      )}
    </section>
  );
}
