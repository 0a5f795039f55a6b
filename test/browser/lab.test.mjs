// Browser test: JupyterLab with the gonlm kernel, in Debian's headless Chromium
// driven by playwright-core (no browser download).
//
// It starts JupyterLab from .venv on a free loopback port with this checkout's
// bin/gonlm installed as kernel "gonlm" into a private JUPYTER_DATA_DIR, then:
//   1. the launcher shows a "Go (gonlm)" notebook card whose logo image loads;
//   2. clicking it opens a notebook on the gonlm kernel; a cell `6 * 7` shows 42;
//   3. a cell with display.Markdown renders as HTML, an image.Image value as a
//      PNG, and the toolbar's interrupt button stops a busy loop.
// Screenshots go to out/browser/. Run: node --test test/browser/lab.test.mjs
// Skips when /usr/bin/chromium (or $CHROMIUM) is missing.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const bin = path.resolve(process.env.GONLM_BIN || path.join(root, "bin", "gonlm"));
const jupyter = path.join(root, ".venv", "bin", "jupyter");
const outDir = path.join(root, "out", "browser");
const skip = !existsSync(chromiumPath)
  ? `no Chromium at ${chromiumPath}`
  : !existsSync(jupyter) ? "no .venv/bin/jupyter (run make setup)"
  : !existsSync(bin) ? `no ${bin} (run make build)` : false;

const token = "gonlm-browser-test";
let lab, browser, page, port, work;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on("error", reject);
  });
}

async function waitForServer(url, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    if (lab.exitCode !== null) throw new Error(`jupyter lab exited with ${lab.exitCode}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`JupyterLab did not answer ${url} within ${ms} ms (${last})`);
}

before(async () => {
  if (skip) return;
  const { chromium } = await import("playwright-core");
  mkdirSync(outDir, { recursive: true });
  work = mkdtempSync(path.join(tmpdir(), "gonlm-lab-"));
  const env = {
    ...process.env,
    JUPYTER_DATA_DIR: path.join(work, "data"),
    JUPYTER_CONFIG_DIR: path.join(work, "config"),
    JUPYTER_RUNTIME_DIR: path.join(work, "runtime"),
  };
  mkdirSync(path.join(work, "notebooks"));
  execFileSync(bin, ["install", "--user", "--binary", bin], { env, stdio: "ignore" });
  port = await freePort();
  lab = spawn(jupyter, [
    "lab", "--no-browser", "--ip", "127.0.0.1", "--port", String(port),
    `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${path.join(work, "notebooks")}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.news_url=",
    ...(process.getuid && process.getuid() === 0 ? ["--allow-root"] : []),
  ], { env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  lab.stderr.on("data", (d) => { log = (log + d).slice(-20000); });
  lab.on("exit", (code) => { if (code) console.error(`jupyter lab exited ${code}:\n${log}`); });
  await waitForServer(`http://127.0.0.1:${port}/api/status?token=${token}`, 60000);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

after(async () => {
  if (browser) await browser.close();
  if (lab && lab.exitCode === null) {
    lab.kill("SIGTERM");
    await new Promise((r) => { lab.on("exit", r); setTimeout(r, 5000); });
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

test("launcher shows the gonlm kernel with its logo", { skip }, async () => {
  await page.goto(`http://127.0.0.1:${port}/lab?token=${token}`);
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
