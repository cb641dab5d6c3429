"use client";
// A member's off-site channels: WeChat (bind through the 服务号's web OAuth, offered inside WeChat only) and this
// browser's Web Push (the permission prompt, the service worker, the subscription). Each says where it stands in
// plain Chinese: 未配置 / 未绑定 / 已绑定, 浏览器不支持 / 已拒绝 / 未开启 / 已开启.
import { useEffect, useState } from "react";
import { Flash } from "@/components/flash";
import { sendJson } from "@/lib/client/api";
import { MEMBER_PUSH_KEY, MEMBER_WECHAT_KEY, useMemberPush, useMemberWechat } from "@/lib/client/hooks";
import { useMutation } from "@/lib/client/use-mutation";
import type { MemberWechat, PushSubscribed } from "@/lib/contracts/notify";
import type { z } from "zod";

/** What the WeChat callback reports (?wechat=…, lib/notify/wechat/oauth.ts BindOutcome and the bind route's refusals). */
const BIND_OUTCOME: Record<string, { ok: boolean; text: string }> = {
  bound: { ok: true, text: "微信绑定成功，之后的通知会发到你的微信" },
  expired: { ok: false, text: "绑定链接已过期，请重新点击「绑定微信」" },
  invalid: { ok: false, text: "绑定请求无效，请在本页重新点击「绑定微信」" },
  failed: { ok: false, text: "微信授权失败，请稍后重试" },
  unavailable: { ok: false, text: "平台暂未开通微信通知" },
  not_in_wechat: { ok: false, text: "请在微信中打开本页再绑定" },
};

const card = "rounded-lg bg-white p-4 ring-1 ring-slate-200";
const button = "shrink-0 rounded-md px-4 py-2 text-sm font-medium whitespace-nowrap disabled:opacity-50";

function Pill({ tone, children, testId }: { tone: "ok" | "idle" | "off" | "bad"; children: React.ReactNode; testId: string }) {
  const cls = { ok: "bg-emerald-50 text-emerald-700 ring-emerald-200", idle: "bg-amber-50 text-amber-700 ring-amber-200", off: "bg-slate-100 text-slate-500 ring-slate-200", bad: "bg-red-50 text-red-700 ring-red-200" }[tone];
  return <span className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${cls}`} data-testid={testId}>{children}</span>;
}

function WechatCard({ returnPath }: { returnPath: string }) {
  const { data, error, mutate } = useMemberWechat();
  const { busy, error: unbindError, run } = useMutation("解绑失败，请稍后再试");
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    const url = new URL(window.location.href);
    const code = url.searchParams.get("wechat");
    if (!code) return;
    setOutcome(BIND_OUTCOME[code] ?? null);
    url.searchParams.delete("wechat");
    window.history.replaceState(null, "", url.pathname + url.search);
  }, []);

  const state = !data ? null : !data.available ? "未配置" : data.bound ? "已绑定" : "未绑定";
  return (
    <div className={card} data-testid="channel-wechat">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="font-medium">微信通知</h3>
          <p className="mt-0.5 text-sm text-slate-500">订单跟踪、佣金到账和提现进度通过微信服务号发给你</p>
        </div>
        {state ? <Pill tone={state === "已绑定" ? "ok" : state === "未绑定" ? "idle" : "off"} testId="wechat-state">{state}</Pill> : null}
      </div>
      {outcome ? (outcome.ok ? <Flash className="mt-3" message={outcome.text} /> : <p role="alert" className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-red-200">{outcome.text}</p>) : null}
      <div className="mt-3 text-sm">
        {error ? (
          <p role="alert" className="text-red-600">
            加载失败 <button type="button" className="underline" onClick={() => mutate()}>重试</button>
          </p>
        ) : !data ? (
          <div className="h-9 animate-pulse rounded-md bg-slate-100" aria-label="加载中" />
        ) : !data.available ? (
          <p className="text-slate-500">平台暂未开通微信通知，开通后会在这里提示。</p>
        ) : data.bound ? (
          <div className="flex items-center justify-between gap-3">
            <p className="text-slate-600">已绑定当前微信，通知会发到「服务号」消息里。</p>
            <button
              type="button"
              disabled={busy}
              className={`${button} border border-slate-300 text-slate-700 hover:bg-slate-50`}
              onClick={() => run(() => sendJson<MemberWechat>(MEMBER_WECHAT_KEY, "DELETE", {}), { done: (d) => void mutate(d, { revalidate: false }) })}
            >
              {busy ? "处理中…" : "解除绑定"}
            </button>
          </div>
        ) : data.inWechat ? (
          <a href={`/api/me/wechat/bind?return=${encodeURIComponent(returnPath)}`} className={`${button} inline-block bg-emerald-600 text-white hover:bg-emerald-500`} data-testid="wechat-bind">
            绑定微信
          </a>
        ) : (
          <p className="text-slate-500">请在微信中打开本页（可把链接发给自己的微信），再点「绑定微信」。</p>
        )}
        {unbindError ? <p role="alert" className="mt-2 text-red-600">{unbindError}</p> : null}
      </div>
    </div>
  );
}

type PushState = "checking" | "unsupported" | "denied" | "off" | "on";

function urlBase64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const padded = (base64 + "=".repeat((4 - (base64.length % 4)) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

const supported = () => typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

function PushCard() {
  const { data, error, mutate } = useMemberPush();
  const [state, setState] = useState<PushState>("checking");
  const { busy, error: actionError, run, fail } = useMutation("操作失败，请稍后再试");

  useEffect(() => {
    if (!supported()) return setState("unsupported");
    if (Notification.permission === "denied") return setState("denied");
    navigator.serviceWorker
      .getRegistration("/")
      .then((reg) => reg?.pushManager.getSubscription())
      .then((sub) => setState(sub ? "on" : "off"))
      .catch(() => setState("off"));
  }, []);

  async function enable() {
    if (!data) return;
    const permission = await Notification.requestPermission();
    if (permission !== "granted") {
      setState(permission === "denied" ? "denied" : "off");
      return fail(permission === "denied" ? null : "没有获得通知权限，请再试一次并选择「允许」");
    }
    await run(
      async () => {
        const reg = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
        await navigator.serviceWorker.ready;
        const sub = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: urlBase64ToBytes(data.publicKey) }));
        return sendJson<z.infer<typeof PushSubscribed>>(MEMBER_PUSH_KEY, "POST", sub.toJSON());
      },
      { fallback: "开启失败：浏览器的推送服务暂时无法连接", done: () => (setState("on"), void mutate()) },
    );
  }

  async function disable() {
    await run(
      async () => {
        const sub = await (await navigator.serviceWorker.getRegistration("/"))?.pushManager.getSubscription();
        if (!sub) return { subscribed: false };
        await sub.unsubscribe();
        return sendJson<z.infer<typeof PushSubscribed>>(MEMBER_PUSH_KEY, "DELETE", { endpoint: sub.endpoint });
      },
      { done: () => (setState("off"), void mutate()) },
    );
  }

  const pill: Record<Exclude<PushState, "checking">, [string, "ok" | "idle" | "off" | "bad"]> = { unsupported: ["浏览器不支持", "off"], denied: ["已拒绝", "bad"], off: ["未开启", "idle"], on: ["已开启", "ok"] };
  return (
    <div className={card} data-testid="channel-webpush">
      <div className="flex items-start justify-between gap-3">
        <div>
          <h3 className="font-medium">浏览器通知</h3>
          <p className="mt-0.5 text-sm text-slate-500">在这台设备上弹出通知（添加到主屏幕后效果最好）</p>
        </div>
        {state !== "checking" ? <Pill tone={pill[state][1]} testId="webpush-state">{pill[state][0]}</Pill> : null}
      </div>
      <div className="mt-3 text-sm">
        {error ? (
          <p role="alert" className="text-red-600">
            加载失败 <button type="button" className="underline" onClick={() => mutate()}>重试</button>
          </p>
        ) : state === "checking" || !data ? (
          <div className="h-9 animate-pulse rounded-md bg-slate-100" aria-label="加载中" />
        ) : state === "unsupported" ? (
          <p className="text-slate-500">当前浏览器不支持通知。iPhone 请用 Safari 打开，点「分享 → 添加到主屏幕」后从主屏幕打开再开启。</p>
        ) : state === "denied" ? (
          <p className="text-slate-500">你已拒绝本站的通知权限。请在浏览器的网站设置里允许通知，然后刷新本页。</p>
        ) : state === "on" ? (
          <div className="flex items-center justify-between gap-3">
            <p className="text-slate-600">这台设备会收到通知{data.subscriptions > 1 ? `（共 ${data.subscriptions} 台设备已开启）` : ""}。</p>
            <button type="button" disabled={busy} onClick={disable} className={`${button} border border-slate-300 text-slate-700 hover:bg-slate-50`}>
              {busy ? "处理中…" : "关闭"}
            </button>
          </div>
        ) : (
          <button type="button" disabled={busy} onClick={enable} className={`${button} bg-amber-400 text-slate-900 hover:bg-amber-300`} data-testid="webpush-enable">
            {busy ? "开启中…" : "开启浏览器通知"}
          </button>
        )}
        {actionError ? <p role="alert" className="mt-2 text-red-600">{actionError}</p> : null}
      </div>
    </div>
  );
}

export function MemberChannels({ returnPath = "/me/channels" }: { returnPath?: string }) {
  return (
    <div className="space-y-3" data-testid="member-channels">
      <WechatCard returnPath={returnPath} />
      <PushCard />
    </div>
  );
}
