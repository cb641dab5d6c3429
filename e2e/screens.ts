// "Nothing reaches past the screen": every element's box lies within the layout viewport, unless a frame that
// scrolls sideways (and itself fits) holds it. On a phone the browser widens innerWidth and scrollWidth to fit
// overflowing content, so a check against those passes on a broken page; clientWidth and each box do not.
import { expect, type Locator, type Page } from "@playwright/test";

/** Up to 5 elements that stick out of the screen, as "tag.class → left..right px" (empty when the page fits). */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const SLACK = 1; // sub-pixel rounding, and sr-only's −1px margin
    const fits = (r: DOMRect) => r.left >= -SLACK && r.right <= limit + SLACK;
    const scrollsSideways = (e: Element) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX);
    const out: string[] = [];
    for (const e of document.body.querySelectorAll("*")) {
      const box = e.getBoundingClientRect();
      if ((box.width === 0 && box.height === 0) || fits(box)) continue;
      // The nearest frame that scrolls sideways clips it; that frame is itself checked as one of the elements.
      let frame = e.parentElement;
      while (frame && frame !== document.body && !scrollsSideways(frame)) frame = frame.parentElement;
      if (frame && frame !== document.body) continue;
      const cls = typeof e.className === "string" ? e.className.slice(0, 80) : "";
      out.push(`${e.tagName.toLowerCase()}${cls ? `.${cls}` : ""} → ${Math.round(box.left)}..${Math.round(box.right)}px (screen ${limit}px)`);
      if (out.length === 5) break;
    }
    return out;
  });
}

/** Fails (softly: the walk-through goes on, so one run lists every page that does not fit) with the offending
 *  elements when anything on the page reaches past the screen. */
export async function expectFitsScreen(page: Page, what: string) {
  expect.soft(await overflowingElements(page), `${what} reaches past the ${await page.evaluate(() => document.documentElement.clientWidth)}px screen`).toEqual([]);
}

/** The two screens every page is looked at on: a laptop and a phone (the mobile project's). */
export const DESKTOP = { viewport: { width: 1440, height: 900 } };
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const screenOf = (projectName: string) => (projectName === "mobile" ? PHONE : DESKTOP);

/** Checks that the page fits its screen, then saves it whole as `<dir>/<name>-<width>.png`. */
export async function lookAt(page: Page, dir: string, name: string) {
  await expectFitsScreen(page, name);
  const width = page.viewportSize()?.width ?? 0;
  await page.screenshot({ path: `${dir}/${name}-${width}.png`, fullPage: true });
}

/** The control lies wholly within the screen's width: reachable without scrolling anything sideways. */
export async function expectOnScreen(control: Locator) {
  await expect(control).toBeVisible();
  const box = (await control.boundingBox())!;
  const width = await control.page().evaluate(() => document.documentElement.clientWidth);
  expect(box.x, "left edge on screen").toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `right edge within the ${width}px screen`).toBeLessThanOrEqual(width);
}
