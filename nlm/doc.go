// Package nlm is the Neural Langevin Machine (Yu, Huang & Huang, 2025): a
// recurrent network with asymmetric couplings whose Langevin dynamics sample
// images, trained by a local asymmetric learning rule.
//
// # The model
//
// A state x ∈ R^N (a 28×28 image, row-major, pixel p ∈ [0, 1] stored as
// 2p − 1) evolves under couplings J (N×N, J_ij from neuron j to neuron i,
// not symmetric) with φ = tanh and an optional bias b (off in the paper).
// With the synaptic current h and the residual r,
//
//	h = Jφ(x) + b,    r = h − x,    E(x) = ½ ‖r‖²,
//	F = −∇E:  F_i = r_i − φ'(x_i) Σ_j J_ji r_j,    φ'(x) = 1 − tanh²(x).
//
// The last term of F is the Onsager term (Dynamics.NoOnsager drops it,
// leaving the plain rate dynamics −x + Jφ(x) + b). The Langevin dynamics
// dx/dt = F + η with ⟨η_i(t)η_j(t')⟩ = 2T δ_ij δ(t−t') have the stationary
// density exp(−E/T)/Z. A Sampler integrates them by Euler–Maruyama for a
// batch of chains, one state per row of a matrix X (P = φ(X)):
//
//	R = P Jᵀ + b − X,   G = R J,
//	X ← X + dt·R − dt·(1 − P²) ⊙ G + sqrt(2T·dt)·Ξ,   Ξ_ij ~ N(0, 1).
//
// Learning follows the gradient of KL(P_data ‖ P_model): with the local
// statistic, post-synaptic error x_i − h_i times pre-synaptic rate φ(x_j),
//
//	S(X) = (1/(T·B)) (X − H)ᵀ φ(X) = −(1/(T·B)) Rᵀ P,
//	J ← (1 − λ) J − k (S(X_model) − S(X_data)),
//
// with learning rate k (Preset.LR) and weight decay λ (Preset.WeightDecay).
// A Trainer runs the paper's Algorithm 1 (persistent chains, shuffled
// mini-batches, n_t = Preset.StepsPerUpdate Langevin steps per update,
// epochs, and the per-epoch monitor mean((S_model − S_data)²) the authors
// call the KL norm); Generate and Preset.Generate run Algorithm 2.
// Model.Stats and Model.Update are exact float64 versions of the rule for
// small experiments; Model.Energy, Force and GradJ evaluate E, F and ∂E/∂J.
//
// Without a bias E(−x) = E(x): about half of the generated samples are
// inverted digits (light background). Model.EnableBias or Preset.Bias
// breaks the symmetry.
//
// The vocabulary is the paper's: N neurons, couplings J, temperature T,
// time step dt, n_t steps per update, learning rate k, weight decay λ,
// B images per mini-batch, M persistent chains, P training images. Go
// names spell them out where a letter would be unreadable; each field's
// comment gives its symbol.
//
// # Worked example
//
// Load MNIST digits 1, 3 and 6, train with the Quick preset, generate 36
// samples and draw them as a 6×6 grid (in a notebook, ctx is predeclared
// and the interrupt button cancels it):
//
//	ctx := context.Background()
//	p := nlm.Quick
//	data, err := p.Data() // first 18000 images of 1, 3, 6 (nlm/mnist); pixels in [−1, 1]
//	if err != nil {
//		return err
//	}
//	m := p.NewModel(784, 1) // J_ij ~ N(0, g²/N), zero diagonal
//	_, err = nlm.Train(ctx, m, data.X, p, &nlm.TrainOptions{
//		Seed:       1,
//		OnProgress: func(pr nlm.Progress) { fmt.Println(pr) },
//	})
//	if err != nil {
//		return err
//	}
//	s, err := p.Generate(ctx, m, 36, 2) // 36 chains from noise, p.GenSteps steps
//	if err != nil {
//		return err
//	}
//	img, err := s.Grid(6) // *image.Gray, tanh(x) of each sample
//
// Package nlm/mnist loads the data sets, and nlm/analysis measures what a
// model does (PCA of trajectories, the quality report of samples).
//
// # Conventions
//
// A batch of states is a *mat.Dense with one state per row. Long-running
// calls take a context.Context first, check it before every Langevin step
// and return ctx.Err() within one step (milliseconds at N = 784) of
// cancellation; a cancelled Trainer keeps the model, chains and random
// streams as of its last completed update, so Train can simply be called
// again. Results are bit-identical for the same seed, thread count and
// backend.
//
// Errors name the function and wrap a sentinel error of this package
// (ErrShape, ErrNonFinite, ErrInvalid, ErrDiverged, ErrFormat) or the file
// system's; shape mismatches in the arithmetic methods on vectors panic
// instead, as in gonum/mat (see ErrShape). Files are written atomically:
// a reader, or a process killed mid-write, sees the old file or the new one.
//
// # Speed
//
// The hot loops run in float32 (internal/engine) on the package's own
// kernels (internal/simd), chosen at run time, else through OpenBLAS (or
// gonum's pure-Go BLAS in a CGO_ENABLED=0 build); Backend reports which.
// The public API stays float64, and float32 copies of J are packed once
// per change. One Langevin step costs 4·B·N² flops (two products,
// R = P·Jᵀ + b − X and G = R·J); a training update (n_t = 10) about 24
// products' worth.
//
// Where the CPU has bf16 matrix units the products take bfloat16 inputs
// (φ(X), R and J rounded to 8 significant bits) and sum in float32: on AMX
// tiles (Intel Xeon; Backend() is "amx-bf16+…") or with AVX512-BF16 (AMD
// Zen 4 and 5; "avx512-bf16+…"), the learning statistic Rᵀ·φ(X) included.
// The state X, the noise and the update stay float32, so the dynamics
// sample the same density (the tests compare both precisions with exact
// densities) and training reaches the same quality in the same number of
// updates. SetPrecision(Float32) keeps the products in float32 for the
// samplers and trainers created afterwards ("avx512+…" or "avx2+…");
// results are bit-identical for a seed, thread count and Backend().
//
// Measured times, their machine and how to reproduce them (make speed) are
// in one place: nlm/bench/README.md. The presets' doc comments give their
// training times and sample quality.
package nlm
