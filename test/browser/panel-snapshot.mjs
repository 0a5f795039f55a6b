// Makes the static picture of notebook 4's what-if panel, for readers of
// the notebook who do not run it: runs notebooks/04-what-if.ipynb in
// JupyterLab in headless Chromium (see jupyterlab.mjs; it needs
// notebooks/quick-136.npy, which notebook 2 writes), photographs the panel
// after its first run, writes out/browser/04-panel.png and stores it as the
// attachment panel.png of the markdown cell that shows it.
//
// Run: node test/browser/panel-snapshot.mjs (after `make setup`).

import { copyFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { root, outDir, skip, startLab, stopLab } from "./jupyterlab.mjs";

const nb = path.join(root, "notebooks", "04-what-if.ipynb");
const npy = path.join(root, "notebooks", "quick-136.npy");
if (skip) throw new Error(skip);
if (!existsSync(npy)) throw new Error(`${npy} is missing: run notebook 2 first (make notebook-tests)`);

const lab = await startLab();
try {
  const { page } = lab;
  await page.setViewportSize({ width: 1280, height: 1100 });
  copyFileSync(nb, path.join(lab.notebooks, "04-what-if.ipynb"));
  copyFileSync(npy, path.join(lab.notebooks, "quick-136.npy"));
  await page.goto(lab.url("lab/tree/04-what-if.ipynb"));
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 60000 });
  await page.locator(".jp-toast-button", { hasText: /^No$/ }).click({ timeout: 5000 }).catch(() => {});
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();
  const panel = page.locator(".jp-Notebook .jp-Cell .jp-OutputArea-output .widget-vbox").first();
  await panel.locator(".widget-output img").waitFor({ timeout: 900000 });
  await panel.getByText(/inverted \d+%/).waitFor({ timeout: 60000 });
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 60000 });
  await panel.scrollIntoViewIfNeeded();
  await page.mouse.move(0, 0);
  const file = path.join(outDir, "04-panel.png");
  await panel.screenshot({ path: file });
  execFileSync(path.join(root, ".venv", "bin", "python"), ["-c", `
import base64, sys, nbformat
path, png = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
cells = [c for c in nb.cells if c.cell_type == "markdown" and "attachment:panel.png" in c.source]
if len(cells) != 1:
    sys.exit(f"{path}: want one markdown cell showing attachment:panel.png, found {len(cells)}")
cells[0]["attachments"] = {"panel.png": {"image/png": base64.b64encode(open(png, "rb").read()).decode()}}
nbformat.write(nb, path)
`, nb, file]);
  console.log(`wrote ${file} and stored it in ${nb}`);
} finally {
  await stopLab(lab);
}
