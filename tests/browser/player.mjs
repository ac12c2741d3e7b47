// Drives an aloud player page in headless Chromium and audits it with axe-core.
//
//   node player.mjs PAGE.html [SHOTS_DIR]
//
// PAGE.html must sit beside its edition (<stem>.wav, <stem>.chapters.json, <stem>.vtt): the
// expected chapters and cues are read from those sidecars, independently of the page. Prints
// one line per check and "N passed, M failed"; exits non-zero on any failure. With SHOTS_DIR,
// also saves screenshots at desktop and phone widths. CHROMIUM overrides /usr/bin/chromium.

import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const [pagePath, shotsDir] = process.argv.slice(2);
if (!pagePath) {
  console.error("usage: node player.mjs PAGE.html [SHOTS_DIR]");
  process.exit(2);
}
const pageFile = path.resolve(pagePath);
const stem = pageFile.replace(/\.html$/, "");
const expectedChapters = JSON.parse(fs.readFileSync(stem + ".chapters.json", "utf8")).chapters;
const vttStarts = fs
  .readFileSync(stem + ".vtt", "utf8")
  .split("\n")
  .filter((l) => l.includes(" --> "))
  .map((l) => {
    const [h, m, s] = l.split(" --> ")[0].split(":");
    return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000) / 1000;
  });

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail === undefined ? "" : ": " + JSON.stringify(detail)}`);
  }
}
const near = (a, b, tol = 0.02) => Math.abs(a - b) <= tol;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), "aloud-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
  ],
});

try {
  const page = context.pages()[0] || (await context.newPage());
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  const url = "file://" + pageFile;
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById("audio").readyState >= 1, null, {
    timeout: 10000,
  });

  // What the page shows against what the sidecars say.
  const chapters = await page.$$eval("#chapter-list .chapter", (bs) =>
    bs.map((b) => ({ title: b.querySelector(".title").textContent, start: Number(b.dataset.start) })),
  );
  check("chapter count matches the chapters JSON", chapters.length === expectedChapters.length, [
    chapters.length,
    expectedChapters.length,
  ]);
  check(
    "chapter titles and times match the chapters JSON",
    chapters.every((c, i) => c.title === expectedChapters[i].title && near(c.start, expectedChapters[i].startTime, 0.0005)),
    chapters,
  );
  const cueStarts = await page.$$eval("#transcript .cue", (cs) => cs.map((c) => Number(c.dataset.start)));
  check(
    "every WebVTT cue is a sentence of the transcript, same start",
    cueStarts.length === vttStarts.length && cueStarts.every((t, i) => near(t, vttStarts[i], 0.0005)),
    [cueStarts.length, vttStarts.length],
  );
  check("the controls are shown once the script runs", await page.isVisible("#controls"));
  check("the page was parsed whole (the closing footer is there)", (await page.$("footer.site-footer")) !== null);

  const state = () =>
    page.evaluate(() => {
      const a = document.getElementById("audio");
      const cur = document.querySelector("#transcript .cue.current");
      const cues = Array.from(document.querySelectorAll("#transcript .cue"));
      const ch = document.querySelector('#chapter-list .chapter[aria-current="true"]');
      return {
        t: a.currentTime,
        paused: a.paused,
        rate: a.playbackRate,
        cue: cur ? cues.indexOf(cur) : -1,
        chapter: ch ? ch.querySelector(".title").textContent : null,
        focus: document.activeElement ? document.activeElement.id || document.activeElement.className : null,
      };
    });

  // A chapter button seeks to its start.
  const last = chapters.length - 1;
  await page.click(`#chapter-list li:nth-child(${last + 1}) .chapter`);
  let s = await state();
  check("clicking the last chapter seeks to its start", near(s.t, chapters[last].start), s);
  check("the clicked chapter is marked current", s.chapter === chapters[last].title, s);
  const firstCueOfLast = cueStarts.findIndex((t) => t >= chapters[last].start - 0.0005);
  check("the chapter's first sentence is highlighted", s.cue === firstCueOfLast, [s.cue, firstCueOfLast]);

  // Keyboard shortcuts, with the focus on the page.
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  await page.keyboard.press("p");
  s = await state();
  check("P goes to the previous chapter", near(s.t, chapters[last - 1].start), s);
  await page.keyboard.press("n");
  s = await state();
  check("N goes to the next chapter", near(s.t, chapters[last].start), s);
  await page.evaluate(() => { document.getElementById("audio").currentTime = 0; });
  await page.keyboard.press("ArrowRight");
  s = await state();
  check("→ skips forward 10 s", near(s.t, 10), s);
  await page.keyboard.press("j");
  s = await state();
  check("J skips back 10 s", near(s.t, 0), s);

  // Keys that belong to a control stay with it.
  await page.focus("#speed");
  await page.keyboard.press("ArrowDown");
  s = await state();
  check("↓ on the speed list changes the speed, not the position", s.rate === 1.25 && near(s.t, 0), s);
  await page.keyboard.press("k");
  s = await state();
  check("K in the speed list does not start playback", s.paused, s);
  await page.focus("#chapter-list li:nth-child(2) .chapter");
  await page.keyboard.press("Space");
  s = await state();
  check("Space on a chapter button presses it and does not play", s.paused && near(s.t, chapters[1].start), s);
  await page.click("#use-shortcuts");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("n");
  s = await state();
  check("single-key shortcuts can be turned off", near(s.t, chapters[1].start), s);
  await page.click("#use-shortcuts");

  // Playback speed.
  await page.selectOption("#speed", "2");
  s = await state();
  check("the speed list sets 2×", s.rate === 2, s);
  const speeds = await page.$$eval("#speed option", (os) => os.map((o) => Number(o.value)));
  check("speeds run from 0.75× to 2×", speeds[0] === 0.75 && speeds[speeds.length - 1] === 2, speeds);

  // A sentence click seeks to it.
  const target = Math.min(3, cueStarts.length - 1);
  await page.click(`#transcript .cue >> nth=${target}`);
  s = await state();
  check("clicking a sentence seeks to it and highlights it", near(s.t, cueStarts[target]) && s.cue === target, s);
  // On a focused sentence, ↑ moves the focus (no seek) and ←/→ still skip.
  await page.keyboard.press("ArrowUp");
  s = await state();
  const focused = await page.evaluate(() =>
    Array.from(document.querySelectorAll("#transcript .cue")).indexOf(document.activeElement),
  );
  check("↑ on a sentence moves the focus, not the position", focused === target - 1 && near(s.t, cueStarts[target]), [focused, s]);
  const duration = await page.evaluate(() => document.getElementById("audio").duration);
  const ahead = Math.min(cueStarts[target] + 10, duration);
  await page.keyboard.press("ArrowRight");
  s = await state();
  check("→ on a sentence skips forward 10 s", near(s.t, ahead), [s, ahead]);
  await page.keyboard.press("ArrowLeft");
  s = await state();
  check("← on a sentence skips back 10 s", near(s.t, Math.max(ahead - 10, 0)), s);

  // Play: time passes and the highlight follows.
  await page.evaluate(() => { document.getElementById("audio").currentTime = 0; });
  await page.click("#play");
  const before = await state();
  await page.waitForFunction(
    (start) => {
      const c = document.querySelector("#transcript .cue.current");
      const all = Array.from(document.querySelectorAll("#transcript .cue"));
      return c && all.indexOf(c) > start;
    },
    before.cue,
    { timeout: 10000 },
  ).catch(() => {});
  s = await state();
  check("playing moves the highlighted sentence", !s.paused && s.t > 0.5 && s.cue > before.cue, [before, s]);
  check("the play button says Pause while playing", (await page.textContent("#play")) === "Pause");
  await page.click("#play");
  s = await state();
  check("the play button pauses", s.paused, s);

  check("nothing but the page and its audio was loaded", requests.every((u) => u.startsWith("file://")), requests);
  check("no script errors", errors.length === 0, errors);

  // Accessibility audit, light and dark, with reduced motion.
  const audit = async (scheme) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: "reduce" });
    await page.evaluate(AXE);
    const result = await page.evaluate(() =>
      window.axe.run(document, {
        runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      }),
    );
    for (const v of result.violations) {
      console.log(`axe ${scheme}: ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
    }
    const grave = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    check(
      `axe-core (${scheme}): no serious or critical violations (${result.passes.length} rules passed)`,
      grave.length === 0,
      grave.map((v) => v.id),
    );
  };
  await audit("light");
  await audit("dark");
  const smooth = await page.evaluate(() => getComputedStyle(document.querySelector(".cue")).transitionDuration);
  check("reduced motion turns transitions off", smooth === "0s", smooth);

  if (shotsDir) {
    fs.mkdirSync(shotsDir, { recursive: true });
    await page.emulateMedia({ colorScheme: "light", reducedMotion: "no-preference" });
    await page.evaluate(() => { const a = document.getElementById("audio"); a.pause(); a.currentTime = 0; });
    await page.click("#chapter-list li:nth-child(2) .chapter");
    await page.focus("#chapter-list li:nth-child(2) .chapter");
    await page.screenshot({ path: path.join(shotsDir, "desktop.png") });
    await page.keyboard.press("Tab"); // keyboard focus shows its ring
    await page.screenshot({ path: path.join(shotsDir, "desktop-focus.png") });
    await page.screenshot({ path: path.join(shotsDir, "desktop-full.png"), fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: path.join(shotsDir, "desktop-dark.png") });
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shotsDir, "mobile.png") });
    await page.screenshot({ path: path.join(shotsDir, "mobile-full.png"), fullPage: true });
    const middle = Math.floor(cueStarts.length * 0.6);
    await page.click(`#transcript .cue >> nth=${middle}`);
    await page.evaluate((i) => {
      document.querySelectorAll("#transcript .cue")[i].scrollIntoView({ block: "center" });
    }, middle);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shotsDir, "mobile-transcript.png") });
  }
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
