// Browser test of the widgets: JupyterLab (with jupyterlab_widgets) on the
// gonlm kernel in headless Chromium (see jupyterlab.mjs). A notebook builds
// the what-if panel of notebook 4 on untrained couplings of the same size
// (sliders, a checkbox and a button above an Interact output that shows 36
// chains × 2 000 Langevin steps as a digit grid and a quality line), and a
// button whose callback counts clicks into a label. The test checks that:
//   1. the sliders render and the panel's first run shows a digit grid;
//   2. releasing a slider changes the image in the output area (the time from
//      the release to the new image is measured, several times, and written
//      to out/browser/widgets-latency.json);
//   3. a button click runs its callback (the label counts it);
//   4. after a page reload the same widgets are back, with their state, and
//      still live (moving a slider again changes the image);
//   5. no error output, no broken widget and no widget error in the console.
// Screenshots go to out/browser/ (widgets-panel.png is the panel alone).
// Run: node --test test/browser/widgets.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { skip, outDir, startLab, stopLab } from "./jupyterlab.mjs";

const setupSource = `import (
	"context"
	"fmt"
	"time"

	"display"
	"gonum.org/v1/gonum/mat"
	"nlm"
	"nlm/analysis"
	"nlm/mnist"
	"widgets"
)

// Untrained couplings of notebook 4's size: the panel costs what it costs there.
p := nlm.Quick
base := nlm.NewModel(784, 1.0, 3)
data, err := p.Data()
if err != nil {
	panic(err)
}
heldOut, err := mnist.Load("test")
if err != nil {
	panic(err)
}
ref, err := analysis.NewReference(ctx, data, heldOut.Select(1, 3, 6))
if err != nil {
	panic(err)
}
S, A := mat.NewDense(784, 784, nil), mat.NewDense(784, 784, nil)
S.Add(base.J, base.J.T())
S.Scale(0.5, S)
A.Sub(base.J, base.J.T())
A.Scale(0.5, A)

func qualityLine(q *analysis.QualityReport) string {
	line := ""
	for i, c := range q.Classes {
		line += fmt.Sprintf("%d: %.0f%%   ", c, 100*q.Shares[i])
	}
	return fmt.Sprintf("%sunrecognised %.0f%%   inverted %.0f%%", line, 100*q.Unrecognised, 100*q.Inverted)
}`;

const panelSource = `T := widgets.NewFloatSlider("temperature T", 1, 0.1, 2, 0.05)
scale := widgets.NewFloatSlider("scale of J", 1, 0, 1.5, 0.05)
lambda := widgets.NewFloatSlider("antisymmetric λ", 1, -1, 1.5, 0.05)
onsager := widgets.NewCheckbox("Onsager term", true)
noise := widgets.NewButton("new noise")
for _, s := range []*widgets.FloatSlider{T, scale, lambda} {
	s.SetContinuousUpdate(false)
	s.SetStyle("description_width", "120px")
}
m := base.Clone()
panel := widgets.Interact(func(ctx context.Context) error {
	start := time.Now()
	m.J.Scale(lambda.Value(), A)
	m.J.Add(m.J, S)
	m.J.Scale(scale.Value(), m.J)
	d := p.Dynamics()
	d.T, d.NoOnsager = T.Value(), !onsager.Value()
	s, err := nlm.NewSampler(m, 36, d, uint64(1+noise.Clicks()))
	if err != nil {
		return err
	}
	if err := s.Run(ctx, 2000); err != nil {
		return err
	}
	if err := s.Quench(ctx, 200); err != nil {
		return err
	}
	samples := &nlm.Samples{X: s.States(), Rows: 28, Cols: 28}
	computed := time.Since(start)
	if err := display.Show(samples); err != nil {
		return err
	}
	q, err := ref.Quality(ctx, samples.Values())
	if err != nil {
		return err
	}
	fmt.Println(qualityLine(q))
	fmt.Printf("sampled in %d ms\\n", computed.Milliseconds())
	return nil
}, T, scale, lambda, onsager, noise)
panel`;

const buttonSource = `clicks := 0
count := widgets.NewLabel("no clicks yet")
button := widgets.NewButton("count")
button.OnClick(func() {
	clicks++
	count.SetValue(fmt.Sprintf("clicked %d times", clicks))
})
widgets.NewHBox(button, count)`;

function notebook(cells) {
  return JSON.stringify({
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: "gonlm", display_name: "Go (gonlm)", language: "go" },
      language_info: { name: "go" } },
    cells: cells.map((src, i) => ({ cell_type: "code", id: `cell-${i}`, metadata: {}, source: src,
      outputs: [], execution_count: null })),
  }, null, 1);
}

let lab, page;
const consoleErrors = [];

before(async () => {
  if (skip) return;
  lab = await startLab();
  page = lab.page;
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
  writeFileSync(path.join(lab.notebooks, "widgets.ipynb"), notebook([setupSource, panelSource, buttonSource]));
});

after(() => stopLab(lab));

// Cells are found by what they show, not by index: JupyterLab renders only the
// cells near the viewport, so indices into the DOM shift as the page scrolls.
const panelCell = () => page.locator(".jp-Notebook .jp-Cell").filter({ has: page.locator(".widget-hslider") });
const buttonCell = () => page.locator(".jp-Notebook .jp-Cell").filter({ has: page.locator("button", { hasText: /^count$/ }) });
const cell = (i) => (i === 1 ? panelCell() : buttonCell());
// panelOutput finds the panel's output area in the page (the only box with
// sliders and an output area).
const panelOutputJS = `document.querySelector(".jp-Notebook .widget-vbox:has(.widget-hslider) .widget-output")`;
const panelImage = () => cell(1).locator(".widget-output img");
const imageSrc = async () => panelImage().first().getAttribute("src");

// waitImageChange waits until the panel's image differs from before.
async function waitImageChange(before, what, ms = 60000) {
  await page.waitForFunction(([prev, find]) => {
    const img = eval(find)?.querySelector("img");
    return img && img.src !== prev && img.complete && img.naturalWidth > 0;
  }, [before, panelOutputJS], { timeout: ms }).catch(async (e) => {
    const text = await cell(1).locator(".jp-OutputArea").innerText().catch(() => "");
    throw new Error(`${what}: the image did not change; the panel shows ${JSON.stringify(text.slice(0, 400))} (${e.message.split("\n")[0]})`);
  });
}

// releaseSlider drags slider i of the panel by dx pixels and releases it; it
// returns the milliseconds from the release to the new image in the output.
async function releaseSlider(i, dx) {
  const handle = cell(1).locator(".widget-hslider").nth(i).locator(".noUi-handle");
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  const before = await imageSrc();
  await page.evaluate(([prev, find]) => {
    const t = (window.__gonlmLatency = { up: 0, shown: 0 });
    document.addEventListener("pointerup", () => { t.up = performance.now(); }, { capture: true, once: true });
    const out = eval(find);
    const seen = () => {
      const img = out.querySelector("img");
      if (t.up && !t.shown && img && img.src !== prev) {
        const done = () => { if (!t.shown) t.shown = performance.now(); };
        img.complete ? done() : img.addEventListener("load", done, { once: true });
      }
    };
    new MutationObserver(seen).observe(out, { subtree: true, childList: true, attributes: true });
  }, [before, panelOutputJS]);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => window.__gonlmLatency.shown > 0, null, { timeout: 60000 }).catch(async (e) => {
    const text = await cell(1).locator(".jp-OutputArea").innerText().catch(() => "");
    throw new Error(`slider ${i} moved by ${dx}px: no new image; the panel shows ${JSON.stringify(text.slice(0, 400))} (${e.message.split("\n")[0]})`);
  });
  const ms = await page.evaluate(() => window.__gonlmLatency.shown - window.__gonlmLatency.up);
  // The kernel's own time for the run (sampler and quench) that drew it:
  // printed after the grid (the output area was cleared for the new run).
  await page.waitForFunction((find) => /sampled in/.test(eval(find).innerText), panelOutputJS, { timeout: 60000 });
  const text = await cell(1).locator(".widget-output").innerText();
  const m = /sampled in (\d+) ms/.exec(text);
  return { ms, sampling: m ? Number(m[1]) : NaN };
}

async function noErrors(where) {
  const stderr = await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').allInnerTexts();
  assert.deepEqual(stderr, [], `${where}: error output in the notebook: ${stderr.join("\n")}`);
  const broken = await page.locator(".jupyter-widgets-error-widget, .jp-OutputArea-output:has-text('Error displaying widget')").count();
  assert.equal(broken, 0, `${where}: a widget failed to render`);
  const widgetErrors = consoleErrors.filter((e) => /widget|comm|model|Jupyter Widgets/i.test(e));
  assert.deepEqual(widgetErrors, [], `${where}: widget errors in the console`);
}

test("widgets render, update, call back and survive a reload", { skip, timeout: 600000 }, async (t) => {
  t.after(() => page.screenshot({ path: path.join(outDir, "widgets.png"), fullPage: true }));
  await page.goto(lab.url("lab/tree/widgets.ipynb"));
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 60000 });
  // JupyterLab asks whether to fetch its news; say no, the toast would hide widgets.
  await page.locator(".jp-toast-button", { hasText: /^No$/ }).click({ timeout: 5000 }).catch(() => {});
  await page.locator(".lm-MenuBar-itemLabel", { hasText: /^Run$/ }).click();
  await page.locator(".lm-Menu-itemLabel", { hasText: /^Run All Cells$/ }).click();

  // 1. The panel: three sliders, the first run's digit grid and quality line.
  await cell(1).locator(".widget-hslider").nth(2).waitFor({ timeout: 180000 });
  await panelImage().first().waitFor({ timeout: 180000 });
  assert.equal(await cell(1).locator(".widget-hslider").count(), 3);
  assert.match(await cell(1).locator(".widget-output").innerText(), /unrecognised \d+%/);
  await cell(2).locator("button", { hasText: "count" }).waitFor({ timeout: 60000 });
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 60000 });
  await noErrors("after running the cells");

  // 2. Releasing a slider changes the image; measure release → new image.
  const runs = [];
  for (const [slider, dx] of [[0, 30], [0, -30], [1, -25], [1, 25], [0, 20], [1, -40]]) {
    runs.push(await releaseSlider(slider, dx));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const latencies = runs.map((r) => Math.round(r.ms));
  const sampling = runs.map((r) => r.sampling);
  const overhead = runs.map((r) => Math.round(r.ms - r.sampling));
  const report = { what: "slider release to the new digit grid in the browser (36 chains × 2000 steps + 200 quench)",
    ms: latencies, median_ms: median(latencies), target_ms: 1500,
    sampling_ms: sampling, median_sampling_ms: median(sampling),
    overhead_ms: overhead, median_overhead_ms: median(overhead),
    load_average: (await import("node:os")).loadavg().map((x) => +x.toFixed(2)) };
  writeFileSync(path.join(outDir, "widgets-latency.json"), JSON.stringify(report, null, 1) + "\n");
  t.diagnostic(`slider release → new digit grid: median ${report.median_ms} ms of ${latencies.join(", ")} ms; ` +
    `of which the kernel sampled for median ${report.median_sampling_ms} ms; the rest (debounce, messages, ` +
    `rendering) median ${report.median_overhead_ms} ms (load average ${report.load_average.join(" ")})`);
  await cell(1).screenshot({ path: path.join(outDir, "widgets-panel.png") });

  // The "new noise" button re-runs the panel too.
  let before = await imageSrc();
  await cell(1).locator("button", { hasText: "new noise" }).click();
  await waitImageChange(before, "new noise");

  // 3. A button click runs its callback.
  await cell(2).locator("button", { hasText: "count" }).click();
  await cell(2).getByText("clicked 1 times").waitFor({ timeout: 30000 });

  // 4. Reload: the same widgets come back from the kernel, live.
  const readout = async () => cell(1).locator(".widget-hslider").nth(1).locator(".widget-readout").innerText();
  const scaleBefore = await readout();
  assert.notEqual(scaleBefore, "1.00", "the scale slider did not move");
  await page.keyboard.press("Control+s");
  await page.waitForTimeout(1000);
  await page.reload();
  await page.getByText(/Go \(gonlm\) \| Idle/).first().waitFor({ timeout: 60000 });
  await cell(1).locator(".widget-hslider").nth(2).waitFor({ timeout: 60000 });
  await panelImage().first().waitFor({ timeout: 60000 });
  assert.equal(await readout(), scaleBefore, "the scale slider's value after the reload");
  await cell(2).getByText("clicked 1 times").waitFor({ timeout: 30000 });
  await cell(1).locator(".widget-vbox").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(outDir, "widgets-after-reload.png") });
  const again = await releaseSlider(2, -30);
  t.diagnostic(`after the reload: slider release → new digit grid in ${Math.round(again.ms)} ms`);
  await cell(2).locator("button", { hasText: "count" }).click();
  await cell(2).getByText("clicked 2 times").waitFor({ timeout: 30000 });

  // 5. Nothing went wrong on the way.
  await noErrors("at the end");
});
