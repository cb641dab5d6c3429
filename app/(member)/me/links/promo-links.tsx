"use client";
// 推广链接: the member picks an activity and a kind of link and gets their own tracking link (it carries their
// sid), with a copy button and, for web links, a QR code.
import type { Activity, LinkInput, PromoLink } from "@/lib/contracts/promotion";
import { useMemberActivities } from "@/lib/client/hooks";
import { LINK_TYPES, type LinkType } from "@/lib/contracts/enums";
import { copyText } from "@/lib/client/clipboard";
import { sendJson } from "@/lib/client/api";
import { useMutation } from "@/lib/client/use-mutation";
import Link from "next/link";
import QRCode from "qrcode";
import { useEffect, useRef, useState } from "react";
import { Empty, ErrorBox, Loading } from "@/components/states";
import { BUSINESS_LINE_LABEL, LINK_TYPE_HINT, LINK_TYPE_LABEL } from "@/lib/labels";

const isWebLink = (url: string) => /^https?:\/\//i.test(url);

function NotConfigured() {
  return (
    <div role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900" data-testid="promo-not-configured">
      <p className="font-medium">暂时无法生成推广链接</p>
      <p className="mt-1 leading-relaxed">平台尚未配置美团 API 凭证，推广链接功能暂不可用，请联系运营开通。</p>
      <p className="mt-2 text-xs leading-relaxed text-amber-800">
        在此之前，带有你的 sid 的订单仍会照常归属于你；漏记的订单可以通过
        <Link href="/me/claim" className="underline">
          订单找回
        </Link>
        补回。
      </p>
    </div>
  );
}

function QrCode({ url, name }: { url: string; name: string }) {
  const [qr, setQr] = useState<{ url: string; data: string } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(url, { width: 480, margin: 2, errorCorrectionLevel: "M" })
      .then((data) => !cancelled && setQr({ url, data }))
      .catch(() => !cancelled && setFailed(url));
    return () => {
      cancelled = true;
    };
  }, [url]);

  const ready = qr?.url === url ? qr.data : null;
  return (
    <div className="text-center">
      <div className="mx-auto mt-1 flex aspect-square w-52 items-center justify-center rounded-lg ring-1 ring-slate-100">
        {ready ? (
          // eslint-disable-next-line @next/next/no-img-element
          <img src={ready} alt={`${name} 推广二维码`} width={208} height={208} className="h-full w-full rounded-lg" data-testid="promo-qr" />
        ) : failed === url ? (
          <p className="px-4 text-sm text-red-600">二维码生成失败，请直接复制链接</p>
        ) : (
          <div className="h-full w-full animate-pulse rounded-lg bg-slate-100" aria-label="二维码生成中" />
        )}
      </div>
      {ready ? (
        <a href={ready} download={`推广二维码-${name}.png`} className="mt-3 inline-block rounded-md border border-slate-300 px-4 py-2 text-sm text-slate-700 hover:bg-slate-50">
          下载二维码
        </a>
      ) : null}
      <p className="mt-2 text-[11px] text-slate-400">好友用微信或手机相机扫码即可打开；微信内无法下载时可长按二维码保存。</p>
    </div>
  );
}

function LinkResult({ link, activity }: { link: PromoLink; activity: Activity }) {
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null);
  const textRef = useRef<HTMLParagraphElement>(null);
  const what = link.linkType === "kouling" ? "口令" : link.linkType === "miniprogram" ? "路径" : "链接";

  function selectText() {
    const el = textRef.current;
    const sel = window.getSelection();
    if (!el || !sel) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    sel.removeAllRanges();
    sel.addRange(range);
  }

  async function copy() {
    if (await copyText(link.url)) setCopied({ ok: true, text: `${what}已复制，快发给好友吧` });
    else {
      selectText();
      setCopied({ ok: false, text: `无法自动复制，请长按上方${what}手动复制` });
    }
  }

  return (
    <section className="space-y-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="promo-result" data-link-type={link.linkType}>
      <div className="flex items-baseline justify-between gap-2">
        <p className="text-sm font-medium">
          {activity.name} · {LINK_TYPE_LABEL[link.linkType]}
        </p>
        {link.cached ? <span className="shrink-0 text-[11px] text-slate-400">已生成过，可长期使用</span> : null}
      </div>
      <p
        ref={textRef}
        onClick={selectText}
        className="rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs break-all text-slate-700 select-all"
        data-testid="promo-link"
      >
        {link.url}
      </p>
      <div className="flex gap-2">
        <button type="button" onClick={copy} className="flex-1 rounded-md bg-amber-400 px-4 py-2.5 font-medium text-slate-900 hover:bg-amber-300">
          复制{what}
        </button>
        {isWebLink(link.url) ? (
          <a href={link.url} target="_blank" rel="noreferrer" className="rounded-md border border-slate-300 px-4 py-2.5 text-sm text-slate-700 hover:bg-slate-50">
            打开
          </a>
        ) : null}
      </div>
      {copied ? (
        <p role="status" className={`text-center text-sm ${copied.ok ? "text-emerald-700" : "text-red-600"}`}>
          {copied.text}
        </p>
      ) : null}
      {isWebLink(link.url) ? <QrCode url={link.url} name={activity.name} /> : <p className="text-xs leading-relaxed text-slate-500">{LINK_TYPE_HINT[link.linkType]}</p>}
    </section>
  );
}

export function PromoLinks({ sid }: { sid: string }) {
  const { data, error, isLoading, mutate } = useMemberActivities();
  const [chosen, setChosen] = useState<number | null>(null);
  const [linkType, setLinkType] = useState<LinkType>("h5_short");
  /** Links fetched in this visit, by `activityId:linkType`, so switching back shows them at once. */
  const [links, setLinks] = useState<Record<string, PromoLink>>({});
  const { busy, error: failure, run, clear: clearFailure } = useMutation("生成失败，请稍后再试");

  if (error) return <ErrorBox error={error} onRetry={() => mutate()} />;
  if (isLoading || !data) return <Loading rows={3} />;
  if (!data.configured) return <NotConfigured />;
  if (data.items.length === 0) return <Empty title="暂时没有可推广的活动" hint="运营上架活动后会显示在这里，请稍后再来看看。" />;

  const activity = data.items.find((a) => a.id === chosen) ?? data.items[0];
  const key = `${activity.id}:${linkType}`;
  const link = links[key];

  async function generate() {
    const body: LinkInput = { activityId: activity.id, linkType };
    await run(() => sendJson<PromoLink>("/api/me/links", "POST", body), {
      done: (res) => setLinks((l) => ({ ...l, [key]: res })),
      handle: (e) => {
        // A 404 means the activity was just taken down: reload the list (the message still shows).
        if (e.status === 404) void mutate();
        return false;
      },
    });
  }

  return (
    <div className="space-y-4">
      <p className="rounded-xl bg-gradient-to-br from-amber-300 to-amber-400 p-4 text-sm leading-relaxed text-slate-900 shadow-sm">
        选择活动和链接类型，生成你专属的美团推广链接。好友通过链接下单后，订单会按你的推广位 ID（sid：
        <span className="font-mono">{sid}</span>）自动归属于你。
      </p>

      <fieldset className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <legend className="sr-only">选择活动</legend>
        <p className="mb-2 text-sm font-medium">1. 选择活动</p>
        <div className="space-y-2" data-testid="promo-activities">
          {data.items.map((a) => {
            const active = a.id === activity.id;
            return (
              <label
                key={a.id}
                data-activity-id={a.id}
                className={`block cursor-pointer rounded-lg border px-3 py-2.5 ${active ? "border-amber-400 bg-amber-50" : "border-slate-200 hover:bg-slate-50"}`}
              >
                <input
                  type="radio"
                  name="activity"
                  aria-label={a.name}
                  checked={active}
                  onChange={() => {
                    setChosen(a.id);
                    clearFailure();
                  }}
                  className="sr-only"
                />
                <span className="flex items-center justify-between gap-2">
                  <span className={`text-sm ${active ? "font-medium text-amber-900" : "text-slate-800"}`}>{a.name}</span>
                  {a.businessLine !== null ? (
                    <span className="shrink-0 rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-500">{BUSINESS_LINE_LABEL[a.businessLine] ?? `业务线 ${a.businessLine}`}</span>
                  ) : null}
                </span>
                {a.description ? <span className="mt-0.5 block text-xs leading-relaxed text-slate-500">{a.description}</span> : null}
              </label>
            );
          })}
        </div>
      </fieldset>

      <fieldset className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <legend className="sr-only">选择链接类型</legend>
        <p className="mb-2 text-sm font-medium">2. 选择链接类型</p>
        <div className="grid grid-cols-3 gap-2">
          {LINK_TYPES.map((t) => (
            <label
              key={t}
              className={`flex cursor-pointer items-center justify-center rounded-md border px-1 py-2 text-center text-sm ${linkType === t ? "border-amber-400 bg-amber-50 font-medium text-amber-800" : "border-slate-300 text-slate-600"}`}
            >
              <input
                type="radio"
                name="linkType"
                value={t}
                aria-label={LINK_TYPE_LABEL[t]}
                checked={linkType === t}
                onChange={() => {
                  setLinkType(t);
                  clearFailure();
                }}
                className="sr-only"
              />
              {LINK_TYPE_LABEL[t]}
            </label>
          ))}
        </div>
        <p className="mt-2 text-xs leading-relaxed text-slate-500">{LINK_TYPE_HINT[linkType]}</p>
        {!link ? (
          <button
            type="button"
            disabled={busy}
            onClick={generate}
            className="mt-3 w-full rounded-md bg-slate-900 px-4 py-2.5 font-medium text-white hover:bg-slate-800 disabled:opacity-60"
          >
            {busy ? "生成中…" : "生成推广链接"}
          </button>
        ) : null}
        {failure ? (
          <p role="alert" className="mt-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="promo-error">
            {failure}
          </p>
        ) : null}
      </fieldset>

      {link ? <LinkResult key={key} link={link} activity={activity} /> : null}

      <p className="text-xs leading-relaxed text-slate-500">
        同一活动、同一类型的链接生成一次后可长期使用。好友下单后如果订单没有出现在「我的订单」里，可以用
        <Link href="/me/claim" className="text-amber-700 underline">
          订单找回
        </Link>
        补回。
      </p>
    </div>
  );
}
