import type { Page } from "playwright-core";

/**
 * The form controls on the page that have no accessible name (no `<label for>`, wrapping label or
 * aria-label), described by tag and id; empty when every control is labelled.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll("input, select, textarea")]
    .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
    .map((el) => `${el.tagName.toLowerCase()}#${el.id}`));
}

/** Presses Tab until the focused element's accessible text matches `name`; fails after `max` presses. */
export async function tabTo(page: Page, name: RegExp, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el ? `${el.getAttribute("aria-label") ?? ""} ${el.textContent ?? ""} ${(el as HTMLInputElement).labels?.[0]?.textContent ?? ""}` : "";
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}
