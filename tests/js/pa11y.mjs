// Checks pages with pa11y (HTML_CodeSniffer, WCAG 2 AA) in one Chromium for all of them and prints
// JSON: for each page, its address, the address it ended on, its title and pa11y's errors. Reads JSON on stdin:
// {"chromium": executable, "args": [Chromium's flags], "pages": [{"url", "cookies": [{"name", "value"}]}],
// "concurrency": pages checked at a time}; each page opens in a browser context of its own, with its
// cookies (a signed-in session) set for its address.
// Used by tests/journeys/test_validators.py.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import pa11y from "pa11y";

// The puppeteer pa11y itself drives, so the browser handed to it is one it knows.
const puppeteer = createRequire(createRequire(import.meta.url).resolve("pa11y"))("puppeteer");

const { chromium, args, pages, concurrency = 2 } = JSON.parse(readFileSync(0, "utf8"));
const browser = await puppeteer.launch({ executablePath: chromium, args, headless: true, acceptInsecureCerts: true });

async function check({ url, cookies = [] }) {
  // A browser context of its own per page: one page's session is never another's.
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    if (cookies.length) {
      await page.setCookie(...cookies.map(({ name, value }) => ({ name, value, url })));
    }
    const result = await pa11y(url, { browser, page, standard: "WCAG2AA", runners: ["htmlcs"], timeout: 30000 });
    return {
      url,
      checked: result.pageUrl,
      title: result.documentTitle,
      errors: result.issues
        .filter((issue) => issue.type === "error")
        .map(({ code, message, selector, context: html }) => ({ code, message, selector, context: html })),
    };
  } finally {
    await context.close();
  }
}

// A few pages at a time: much of each page's time is waiting for the server and the renderer.
const results = new Array(pages.length);
let next = 0;
async function worker() {
  while (next < pages.length) {
    const index = next++;
    results[index] = await check(pages[index]);
  }
}
try {
  await Promise.all(Array.from({ length: concurrency }, worker));
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
