// Package nlm is the Neural Langevin Machine (Yu, Huang & Huang, 2025): a
// recurrent network with asymmetric couplings whose Langevin dynamics sample
// images, trained by a local asymmetric learning rule.
//
// # Worked example
//
// Load MNIST digits 1, 3 and 6, train with the Quick preset, generate 36
// samples and draw them as a 6×6 grid (in a notebook, ctx is pre-declared
// and the interrupt button cancels it):
//
//	ctx := context.Background()
//	p := nlm.Quick
//	data, err := p.Data() // first 18000 images of 1, 3, 6; pixels in [−1, 1]
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
//	s, err := p.Generate(ctx, m, 36, 2) // 36 chains, 25 000 steps + quench
//	if err != nil {
//		return err
//	}
//	img, err := s.Grid(6) // *image.Gray, tanh(x) of each sample
//
// # The model
//
// A state x ∈ R^N (a 28×28 image, row-major, pixel p ∈ [0, 1] stored as
// 2p − 1) evolves under couplings J (N×N, J_ij from neuron j to neuron i,
// not symmetric) with φ = tanh and an optional bias b (off in the paper):
//
//	h = Jφ(x) + b,    E(x) = ½ ‖x − h‖²,
//	F = −∇E:  F_i = −(x_i − h_i) + φ'(x_i) Σ_j J_ji (x_j − h_j).
//
// The last term of F is the Onsager term (Dynamics.NoOnsager drops it). The
// Langevin dynamics dx/dt = F + η with ⟨η_i(t)η_j(t')⟩ = 2T δ_ij δ(t−t') have
// the stationary density exp(−E/T)/Z. A Sampler integrates them by
// Euler–Maruyama for a batch of chains (one state per row of a matrix X):
//
//	R = φ(X)Jᵀ + b − X,   G = R J,
//	X ← X + dt·R − dt·(1 − φ(X)²) ⊙ G + sqrt(2T·dt)·Ξ.
//
// Learning follows the gradient of KL(P_data ‖ P_model): with the local
// statistic S(X) = (1/(T·B)) (X − H)ᵀ φ(X) (post-synaptic error times
// pre-synaptic rate),
//
//	J ← (1 − λ) J − k (S(X_model) − S(X_data)).
//
// A Trainer runs the paper's Algorithm 1 (persistent chains, shuffled
// mini-batches, Steps Langevin steps per update, epochs, weight decay, the
// per-epoch monitor mean((S_model − S_data)²) the authors call the KL norm);
// Generate and Preset.Generate run Algorithm 2. Model.Stats and Model.Update
// are exact float64 versions of the rule for small experiments.
//
// Without a bias E(−x) = E(x): about half of the generated samples are
// inverted digits (light background). Model.EnableBias or Preset.Bias
// breaks the symmetry.
//
// # Conventions
//
// A batch of states is a *mat.Dense with one state per row. Long-running
// calls take a context.Context first, check it before every Langevin step
// and return ctx.Err() within one step (milliseconds at N = 784) of
// cancellation; a cancelled Trainer keeps the model, chains and random
// streams as of its last completed update, so Train can simply be called
// again. Results are bit-identical for the same seed and thread count.
//
// # Speed
//
// The hot loops run in float32; the public API stays float64, and float32
// copies of J are packed once per run or update. One step costs 4·B·N²
// flops (two products, R = P·Jᵀ + b − X and G = R·J); a training update
// (n_t = 10) about 24 products' worth.
//
// Where the CPU has AVX-512 or AVX2 with FMA (Backend() is "avx512+…" or
// "avx2+…") the step's products run on the package's own kernel
// (internal/simd): a register tile of fused multiply-adds (12×32 with
// AVX-512, 6×16 with AVX2) over Jᵀ and J packed into panels of the tile's
// width once per change of J, summed in blocks of 256 terms that stay in
// L1. Each element
// is summed in the same order whatever the split, so results do not even
// depend on the thread count. Large batches are split by chains, each
// goroutine taking 96 chains at a time through both products and the fused
// pass while they are in L2; small batches (under 32 chains per thread) by
// the products' columns. The AVX2 kernel also beats OpenBLAS's own AVX2
// kernels: on the machine below, forced to AVX2 (OPENBLAS_CORETYPE=Haswell
// for the comparison only), a step with 1000 chains takes 12.6 ms against
// 14.6 ms, with 36 chains 0.52 ms against 0.91 ms. Elsewhere (other
// architectures, or the nlm_noasm build tag) the products go through the BLAS:
// OpenBLAS (gonum's netlib bindings; the default cgo build links
// -lopenblas) or, in a CGO_ENABLED=0 build, gonum's pure-Go BLAS (same
// results up to rounding, several times slower). The learning statistic
// Rᵀ·P always uses the BLAS.
//
// The fused pass (Gaussian noise, update, tanh) is AVX2+FMA or AVX-512
// assembly with identical results (a rational tanh with |error| < 5e-7;
// portable Go otherwise or with the nlm_noasm build tag). The noise is a
// Ziggurat sampler on a xoshiro256++ stream per chain, its wedge test
// squeezed between a tangent and a chord so that exp is rarely called; with
// AVX-512 eight chains' streams run side by side, giving the same values bit
// for bit. Worker goroutines poll for 100 µs
// before parking, because waking an idle CPU costs as much as a small step.
//
// Measured with nlm/bench/bench.sh (2 threads, 5 interleaved rounds,
// medians; a 2-core Intel Xeon with AVX-512, PyTorch 2.15 with MKL from
// PyPI): one step with 1000 chains 8.4 ms (294 GFLOP/s: 84% of the best GEMM
// measured in the same run, 349 GFLOP/s, and 73% of the 403 GFLOP/s FMA
// ceiling), with 36 chains 0.37 ms, one training update at the paper's
// sizes 109 ms (paper protocol: 54 000 updates ≈ 1.6 hours), 36 chains ×
// 25 000 steps ≈ 10 s; peak RSS while training at paper sizes 162 MB. The
// authors' PyTorch step takes 13.6 ms (1.6× ours) and an in-place PyTorch
// step 10.3 ms (1.2×).
//
// Benchmarks: BenchmarkStep1000, BenchmarkStep36, BenchmarkTrainUpdate
// (which also reports the peak RSS) and BenchmarkGenerate36x25000 here, the
// packed-product, tanh, Gaussian, fused-pass, BLAS-step and sgemm-peak
// benchmarks in internal/engine, the FMA ceiling (BenchmarkKernelPeak) in
// internal/simd, and nlm/bench/bench.sh for the paired comparison with
// PyTorch.
//
// # Presets
//
// Paper is Table 1 exactly: 3000 epochs of 18 updates (about 1.4·10¹⁵ flops,
// a GPU job: the authors report 285 s on an H100; on two CPU cores with
// AVX-512 it takes about 1.6 hours, see Speed).
//
// Quick keeps the paper's model, data and dynamics and trades training
// time: 20 epochs with a 10× larger learning rate (k = 0.005) and
// mini-batches and persistent chains of 500 instead of 1000 (720 updates of
// half the paper's cost each, 0.7% of the protocol's work); generation ends
// with 200 noise-free steps that remove the pixel noise of T = 1. Measured
// on an idle 2-core Xeon with AVX-512: training 43 s, generating 36 samples
// (25 000 steps) 10 s; without AVX-512 (OpenBLAS) about 1.5 and 2.5 times
// that. Quality of 100 samples by the nearest-neighbour report (Reference.Quality
// against the 18 000 training images, calibrated on MNIST test digits):
//
//	class   share   conf
//	    1   35.0%   1.00
//	    3   26.0%   1.00
//	    6   23.0%   0.99
//	    ?   16.0%      -   unrecognised
//	confidence 0.84   inverted 45.0%   novelty 1.44
//
// What it trades away: the couplings are far from converged, so some
// samples are blends of two digits or unrecognisable, and about half are
// inverted (no bias, as in the paper). Measured alternatives (same budget
// class): k = 0.0075 or 0.01 diverges in the first epochs (Train stops with
// an error); B = M = 1000 for 20 epochs (4.5 minutes) gave 91% recognised
// but few 3s (1: 40%, 3: 7%, 6: 44% of 200 samples); 40 such epochs were no
// better; B = M = 250 lost the 1s (38% unrecognised).
package nlm
