import { chromium } from "playwright-core";

/** Debian's `chromium` package; CI installs it with apt when it is missing. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags that keep Chromium from contacting Google services (component
 * updates, sync, background fetches) and let it run as root in a container.
 */
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface PageRun {
  /** `globalThis[globalName]` once the page has set `document.body.dataset.done`. */
  readonly value: unknown;
  /** Requests from the page to other origins, all of which were aborted. */
  readonly blockedRequests: string[];
  /** Uncaught errors and console errors of the page. */
  readonly pageErrors: string[];
}

/**
 * Opens `pageUrl` in headless Chromium with the empty profile directory
 * `userDataDir` and returns the value the page stores in `globalName`.
 * Requests to any origin other than the page's are aborted and reported.
 * Rejects when the page has not set `data-done` within `timeoutMs`.
 * The browser is closed before this returns, also when the page fails.
 */
export async function runPageInChromium(pageUrl: string, userDataDir: string, globalName: string, timeoutMs = 30_000): Promise<PageRun> {
  const origin = new URL(pageUrl).origin;
  const blockedRequests: string[] = [];
  const pageErrors: string[] = [];

  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  try {
    await context.route("**/*", async (route) => {
      const url = route.request().url();
      if (new URL(url).origin === origin) {
        await route.continue();
      } else {
        blockedRequests.push(url);
        await route.abort();
      }
    });

    const page = context.pages()[0] ?? (await context.newPage());
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });

    await page.goto(pageUrl);
    await page.waitForSelector("body[data-done='true']", { state: "attached", timeout: timeoutMs });
    const value = await page.evaluate((name) => (globalThis as Record<string, unknown>)[name], globalName);
    return { value, blockedRequests, pageErrors };
  } finally {
    await context.close();
  }
}
