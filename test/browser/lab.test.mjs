// Browser test: JupyterLab with the gonlm kernel, in Debian's headless Chromium
// driven by playwright-core (no browser download).
//
// It starts JupyterLab (jupyterlab.mjs: from .venv on a free loopback port,
// with this checkout's bin/gonlm installed as kernel "gonlm"), then:
//   1. the launcher shows a "Go (gonlm)" notebook card whose logo image loads,
//      and gonlm is the default kernel (scripts/jupyter_lab_config.py, as make lab);
//   2. clicking it opens a notebook on the gonlm kernel; a cell `6 * 7` shows 42;
//   3. a cell with display.Markdown renders as HTML, an image.Image value as a
//      PNG, and the toolbar's interrupt button stops a busy loop.
// Screenshots go to out/browser/. Run: node --test test/browser/lab.test.mjs
// Skips when /usr/bin/chromium (or $CHROMIUM) is missing.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { skip, outDir, startLab, stopLab } from "./jupyterlab.mjs";

let lab, page;

before(async () => {
  if (skip) return;
  lab = await startLab();
  ({ page } = lab);
});

after(() => stopLab(lab));

test("launcher shows the gonlm kernel with its logo", { skip }, async () => {
  await page.goto(lab.url());
  const card = page.locator('.jp-LauncherCard[data-category="Notebook"]', { hasText: "Go (gonlm)" });
  await card.first().waitFor({ timeout: 60000 });
  const img = card.first().locator("img");
  await img.waitFor({ timeout: 10000 });
  const src = await img.getAttribute("src");
  assert.match(src, /kernelspecs\/gonlm\/logo-(svg\.svg|64x64\.png)/);
  const width = await img.evaluate((el) => el.complete ? el.naturalWidth : 0);
  assert.ok(width > 0, `the logo ${src} did not load`);
  await page.screenshot({ path: path.join(outDir, "launcher.png") });
});

test("gonlm is the default kernel, as make lab configures it", { skip }, async () => {
  const r = await fetch(`http://127.0.0.1:${lab.port}/api/kernelspecs?token=${lab.token}`);
  const specs = await r.json();
  assert.equal(specs.default, "gonlm", `default kernel ${specs.default}; File > New > Notebook would not be Go`);
});

test("a notebook on the gonlm kernel runs cells", { skip }, async (t) => {
  t.after(() => page.screenshot({ path: path.join(outDir, "notebook.png") }));
  const card = page.locator('.jp-LauncherCard[data-category="Notebook"]', { hasText: "Go (gonlm)" });
  await card.first().click();
  const editor = page.locator(".jp-Notebook .jp-Cell .cm-content").first();
  await editor.waitFor({ timeout: 30000 });
  // Wait until the status bar reports the kernel started and idle: a cell run
  // before that is not sent to the kernel at all.
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 60000 });
  await editor.click();
  await page.keyboard.type("6 * 7");
  await page.keyboard.press("Shift+Enter");
  const out = page.locator(".jp-OutputArea-output").first();
  await out.waitFor({ timeout: 60000 });
  assert.equal((await out.innerText()).trim(), "42");

  const next = page.locator(".jp-Notebook .jp-Cell .cm-content").nth(1);
  await next.click();
  await page.keyboard.type('import "display"\ndisplay.Markdown("**bold** text")');
  await page.keyboard.press("Shift+Enter");
  const cell = page.locator(".jp-Notebook .jp-Cell").nth(1);
  const bold = cell.locator(".jp-RenderedMarkdown strong");
  await bold.waitFor({ timeout: 30000 }).catch(async (e) => {
    const shown = await cell.locator(".jp-OutputArea").innerText().catch(() => "");
    throw new Error(`display.Markdown did not render; the cell shows: ${JSON.stringify(shown)} (${e.message.split("\n")[0]})`);
  });
  assert.equal(await bold.innerText(), "bold");

  // An image.Image as the last value renders as a PNG <img>.
  await page.locator(".jp-Notebook .jp-Cell .cm-content").nth(2).click();
  await page.keyboard.type('import "image"\nimg := image.NewGray(image.Rect(0, 0, 28, 28))\nimg');
  await page.keyboard.press("Shift+Enter");
  const img = page.locator(".jp-Notebook .jp-Cell").nth(2).locator(".jp-OutputArea-output img");
  await img.waitFor({ timeout: 30000 });
  assert.match(await img.getAttribute("src"), /^data:image\/png;base64,/);
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), "the PNG did not decode");

  // The toolbar's interrupt button stops a busy loop (interrupt_mode "message").
  await page.locator(".jp-Notebook .jp-Cell .cm-content").nth(3).click();
  await page.keyboard.type("for {\n}");
  await page.keyboard.press("Shift+Enter");
  await page.getByText(/Go \(gonlm\) \| Busy/).first().waitFor({ timeout: 10000 });
  await page.locator('jp-button[data-command="notebook:interrupt-kernel"], button[data-command="notebook:interrupt-kernel"]').first().click();
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 10000 });
  const err = page.locator(".jp-Notebook .jp-Cell").nth(3).locator(".jp-OutputArea-output");
  await err.first().waitFor({ timeout: 10000 });
  assert.match(await err.first().innerText(), /interrupt/i);
});
