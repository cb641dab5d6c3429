// The poster renderer's parts: Chinese drawn as real glyphs (not tofu, not blank), never a network fetch while
// rendering, the image fetch's refusals, image normalization, and the render queue's bound.
import sharp from "sharp";
import { afterEach, describe, expect, it, vi } from "vitest";
import { codePoints, posterFonts, printable } from "@/lib/posters/fonts";
import { checkImageUrl, fetchImageBytes, isPublicAddress, normalizeImage } from "@/lib/posters/image";
import { QueueFull, RenderQueue } from "@/lib/posters/queue";
import { renderPoster, type PosterInput } from "@/lib/posters/render";

const base: PosterInput = { kind: "activity", title: "外卖红包天天领", subtitle: "", memberName: "李娜", cta: "长按识别二维码，立即领取", link: "https://dpurl.cn/p/abc", image: null };

/** The simple template's title band (below the 480 px picture) as greyscale pixels. */
async function titleBand(png: Buffer): Promise<Buffer> {
  return sharp(png).extract({ left: 88, top: 640, width: 560, height: 80 }).greyscale().raw().toBuffer();
}

const dark = (px: Buffer) => px.filter((v) => v < 128).length;

describe("poster fonts", () => {
  it("cover simplified Chinese, Latin, digits and the yuan sign; drop what they cannot draw", () => {
    const { covered, fonts } = posterFonts();
    for (const ch of "长按图片保存分享到微信群李娜邀请你加入ABCxyz0189¥，。！") expect(covered.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(fonts.map((f) => f.weight)).toEqual([400, 700, 400, 700]);
    expect(printable("李娜😀 的  红包𠀀")).toBe("李娜 的 红包");
    expect(codePoints(fonts[2].data).has("A".codePointAt(0)!)).toBe(true);
  });
});

describe("renderPoster", () => {
  afterEach(() => vi.restoreAllMocks());

  it("draws Chinese titles as distinct glyphs: two titles of the same length differ, and the band is not blank", async () => {
    const one = await titleBand(await renderPoster("simple", base));
    const other = await titleBand(await renderPoster("simple", { ...base, title: "电影演出酒店游" }));
    const blank = await titleBand(await renderPoster("simple", { ...base, title: "　" }));
    expect(dark(one)).toBeGreaterThan(2000);
    expect(dark(other)).toBeGreaterThan(2000);
    // Tofu would draw the same box for every character: the two bands would be (nearly) identical.
    let differing = 0;
    for (let i = 0; i < one.length; i++) if (Math.abs(one[i] - other[i]) > 64) differing++;
    expect(differing / one.length).toBeGreaterThan(0.05);
    // A title the font cannot draw at all becomes the fallback title, never an empty band.
    expect(dark(blank)).toBeGreaterThan(2000);
  });

  it("draws the activity's picture in each template's box (a blue picture gives blue pixels where it goes)", async () => {
    const jpeg = await normalizeImage(await sharp({ create: { width: 1200, height: 900, channels: 3, background: "#1d4ed8" } }).png().toBuffer());
    const image = { jpeg, hash: "blue" };
    // A point inside each template's picture, clear of text and overlays.
    const inside = { simple: [375, 200], photo: [375, 150], invite: [375, 560] } as const;
    for (const template of ["simple", "photo", "invite"] as const) {
      const png = await renderPoster(template, { ...base, image });
      const [x, y] = inside[template];
      const { data } = await sharp(png).extract({ left: x, top: y, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      expect([...data], template).toEqual([expect.closeTo(0x1d, -1.5), expect.closeTo(0x4e, -1.5), expect.closeTo(0xd8, -1.5)]);
      const placeholder = await sharp(await renderPoster(template, base)).extract({ left: x, top: y, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
      expect(placeholder[2], `${template} placeholder is not blue`).toBeLessThan(0x90);
    }
  });

  it("never fetches anything, even for emoji and characters no font has", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const png = await renderPoster("invite", { ...base, title: "🎉红包🧧𠀀来了", memberName: "😀" });
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe("activity image fetch", () => {
  it("knows private, loopback, link-local and reserved addresses from public ones", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"])
      expect(isPublicAddress(a), a).toBe(false);
    for (const a of ["1.1.1.1", "203.208.60.1", "2606:4700:4700::1111"]) expect(isPublicAddress(a), a).toBe(true);
  });

  it("refuses anything but https on 443 to a public host, before any connection", async () => {
    for (const u of ["http://example.com/a.png", "https://example.com:8443/a.png", "https://user:pw@example.com/a.png", "https://127.0.0.1/a.png", "https://[::1]/a.png", "https://localhost/a.png", "file:///etc/passwd", "not a url"])
      expect(() => checkImageUrl(u), u).toThrow();
    expect(checkImageUrl("https://img.example.com/banner.jpg").hostname).toBe("img.example.com");
    await expect(fetchImageBytes("https://169.254.169.254/latest/meta-data")).rejects.toThrow(/private/);
  });

  it("scales an image to a JPEG of at most 750×860 and refuses bytes that are not an image", async () => {
    const big = await sharp({ create: { width: 2000, height: 1200, channels: 3, background: "#f59e0b" } }).png().toBuffer();
    const jpeg = await normalizeImage(big);
    const meta = await sharp(jpeg).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 750, 860]);
    await expect(normalizeImage(Buffer.from("<html>not an image</html>"))).rejects.toThrow();
  });
});

describe("RenderQueue", () => {
  it("runs at most `concurrency` jobs, lets `maxWaiting` wait, and refuses the rest at once", async () => {
    const queue = new RenderQueue(1, 1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const order: string[] = [];
    const first = queue.run(async () => {
      await gate;
      order.push("first");
    });
    const second = queue.run(async () => void order.push("second"));
    await expect(queue.run(async () => "third")).rejects.toBeInstanceOf(QueueFull);
    expect(queue.depth).toEqual({ running: 1, waiting: 1 });
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["first", "second"]);
    expect(queue.depth).toEqual({ running: 0, waiting: 0 });
  });
});
