// Runs axe-core in Debian's Chromium over built pages at several window widths and prints one
// JSON object: {"violations": [{page, width, id, impact, help, targets}], "pages": N}.
// Also measures what axe cannot: the page's scroll width against the window (content wider than
// the screen) and the smallest and largest chart text size in CSS pixels.
//
// Usage: node axe.mjs WIDTHS FILE...   e.g. node axe.mjs 360,768,1280 /tmp/site/index.html
import puppeteer from "puppeteer-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [widthsArg, ...files] = process.argv.slice(2);
const widths = widthsArg.split(",").map(Number);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const out = { pages: 0, violations: [], layout: [] };
try {
  const page = await browser.newPage();
  for (const width of widths) {
    await page.setViewport({ width, height: 800 });
    for (const file of files) {
      await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(async () =>
        // Every WCAG 2.x A/AA rule and axe's best practices.
        window.axe.run(document, { resultTypes: ["violations"] }),
      );
      for (const v of result.violations) {
        out.violations.push({
          page: file,
          width,
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
        });
      }
      const layout = await page.evaluate(() => {
        const sizes = [...document.querySelectorAll("svg text")].map(
          (t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1),
        );
        const body = parseFloat(getComputedStyle(document.body).fontSize);
        return {
          scrollWidth: document.documentElement.scrollWidth,
          height: document.documentElement.scrollHeight,
          chartTextMin: sizes.length ? Math.min(...sizes) : null,
          chartTextMax: sizes.length ? Math.max(...sizes) : null,
          body,
        };
      });
      out.layout.push({ page: file, width, ...layout });
      out.pages += 1;
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(out, null, 1));
