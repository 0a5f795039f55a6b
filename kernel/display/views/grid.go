package views

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/gonlm/gonlm/internal/inflight"

	"gonum.org/v1/gonum/mat"

	"github.com/gonlm/gonlm/kernel/display"
	"github.com/gonlm/gonlm/nlm"
)

// StatesGrid draws Fig. 3 from raw chain states: the first n rows of x
// (states x, one per row, e.g. Sampler.States(); n ≤ 0 means all) are mapped
// through tanh and drawn as a grid with cols images per row (0 = about
// square), each stretched to its own contrast as in the paper, at scale 2
// with 2-pixel gaps (see nlm.GridImage).
func StatesGrid(x mat.Matrix, n, cols int) (*image.Gray, error) {
	if x == nil {
		return nil, errors.New("views: StatesGrid: x is nil; pass chain states, one per row")
	}
	r, c := x.Dims()
	if r == 0 || c == 0 {
		return nil, errors.New("views: StatesGrid: x is empty; pass chain states, one per row")
	}
	if n <= 0 || n > r {
		n = r
	}
	v := mat.NewDense(n, c, nil)
	for i := range n {
		for j := range c {
			v.Set(i, j, math.Tanh(x.At(i, j)))
		}
	}
	img, err := nlm.GridImage(v, nlm.GridOptions{Cols: cols, Scale: 2, Gap: 2, Stretch: true})
	if err != nil {
		return nil, fmt.Errorf("views: StatesGrid: %w", err)
	}
	return img, nil
}

// WatchOptions controls [Watch].
type WatchOptions struct {
	// Every is the number of steps run between two looks at the chains
	// (default steps/200, at least 1). Frames are shown at most a few times
	// a second whatever Every is.
	Every int
	// Show is the number of chains drawn (default 36, at most all chains).
	Show int
	// Cols is the number of images per grid row (default about square).
	Cols int
	// NoProgress hides the progress bar shown under the animation.
	NoProgress bool
}

// Watch runs the sampler for steps steps (as s.Run would) and shows the
// first chains as a grid of images (see [StatesGrid]) that changes in place
// while they move, with a progress bar. Frames are throttled by
// display.Animation, so watching costs the sampler a few percent at most.
// Cancelling ctx stops within one Every-block of steps with the chains as of
// the last completed step; Watch then shows the final frame and returns
// ctx.Err(). Without a display publisher it returns display.ErrNoPublisher
// before running anything.
func Watch(ctx context.Context, s *nlm.Sampler, steps int, opt WatchOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	defer inflight.Begin(ctx)()
	if s == nil {
		return errors.New("views: Watch: sampler is nil; create one with nlm.NewSampler")
	}
	if steps < 0 {
		return fmt.Errorf("views: Watch: steps = %d; give a number ≥ 0", steps)
	}
	if display.CurrentPublisher() == nil {
		return display.ErrNoPublisher
	}
	every := opt.Every
	if every <= 0 {
		every = max(1, steps/200)
	}
	show := opt.Show
	if show <= 0 {
		show = 36
	}
	anim := display.NewAnimation()
	var bar *display.Progress
	if !opt.NoProgress {
		bar = display.NewProgress(steps)
		bar.Unit = "steps"
		bar.Label = "sampling"
	}
	frame := func() error {
		img, err := StatesGrid(s.States(), show, opt.Cols)
		if err != nil {
			return err
		}
		return anim.Show(img)
	}
	if err := frame(); err != nil {
		return err
	}
	start := s.Steps()
	var runErr error
	for done := 0; done < steps; {
		k := min(every, steps-done)
		if runErr = s.Run(ctx, k); runErr != nil {
			break
		}
		done += k
		if anim.Due() {
			if err := frame(); err != nil {
				return err
			}
		}
		if bar != nil {
			bar.Set(done)
		}
	}
	if err := frame(); err != nil {
		return err
	}
	if bar != nil {
		fields := []any{"chains", s.Chains()}
		if runErr != nil {
			fields = append(fields, "stopped", runErr.Error())
		}
		bar.Set(s.Steps() - start)
		bar.Finish(fields...)
	}
	return runErr
}
