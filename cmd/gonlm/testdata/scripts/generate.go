// Generate a few samples from a small random model and show them.
// needs: display nlm
// want: 001.png 002.png
import (
	"display"
	"nlm"
)

m := nlm.NewModel(16, 2, 1)
s, err := nlm.NewSampler(m, 9, nlm.PaperDynamics(), 1)
if err != nil {
	panic(err)
}
bar := display.NewProgress(1000)
bar.Unit = "steps"
a := display.NewAnimation()
for done := 0; done < 1000; done += 100 {
	if err := s.Run(ctx, 100); err != nil {
		panic(err)
	}
	bar.Set(done + 100)
	a.Frame(&nlm.Samples{X: s.States(), Rows: 4, Cols: 4})
}

// %%
samples, err := nlm.Generate(ctx, m, 16, 500, nlm.PaperDynamics(), 2)
if err != nil {
	panic(err)
}
samples
