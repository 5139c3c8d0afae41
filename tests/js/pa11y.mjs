// Checks pages with pa11y (HTML_CodeSniffer, WCAG 2 AA) in one Chromium for all of them and prints
// JSON: for each page, its address, its title and pa11y's errors. Reads JSON on stdin:
// {"chromium": executable, "args": [Chromium's flags], "pages": [{"url", "cookies": [{"name", "value"}]}]};
// a page's cookies (a signed-in session) are set for its address before it is opened.
// Used by tests/journeys/test_validators.py.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import pa11y from "pa11y";

// The puppeteer pa11y itself drives, so the browser handed to it is one it knows.
const puppeteer = createRequire(createRequire(import.meta.url).resolve("pa11y"))("puppeteer");

const { chromium, args, pages } = JSON.parse(readFileSync(0, "utf8"));
const browser = await puppeteer.launch({ executablePath: chromium, args, headless: true, acceptInsecureCerts: true });
const results = [];
try {
  for (const { url, cookies = [] } of pages) {
    const page = await browser.newPage();
    if (cookies.length) {
      await browser.setCookie(...cookies.map(({ name, value }) => ({ name, value, url })));
    }
    const result = await pa11y(url, { browser, page, standard: "WCAG2AA", runners: ["htmlcs"], timeout: 30000 });
    results.push({
      url,
      title: result.documentTitle,
      errors: result.issues
        .filter((issue) => issue.type === "error")
        .map(({ code, message, selector, context }) => ({ code, message, selector, context })),
    });
    await page.close();
    await browser.deleteCookie(...(await browser.cookies()));
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results));
