package fast

import "sync"

// ParallelRows splits rows 0..rows-1 into at most threads contiguous blocks
// and calls fn(t, lo, hi) for block t on its own goroutine (block 0 on the
// caller's), returning when all are done.
func ParallelRows(threads, rows int, fn func(t, lo, hi int)) {
	if threads > rows {
		threads = rows
	}
	if threads <= 1 {
		if rows > 0 {
			fn(0, 0, rows)
		}
		return
	}
	var wg sync.WaitGroup
	per, extra := rows/threads, rows%threads
	lo := 0
	var first [2]int
	for t := 0; t < threads; t++ {
		hi := lo + per
		if t < extra {
			hi++
		}
		if t == 0 {
			first = [2]int{lo, hi}
		} else {
			wg.Add(1)
			go func(t, lo, hi int) {
				defer wg.Done()
				fn(t, lo, hi)
			}(t, lo, hi)
		}
		lo = hi
	}
	fn(0, first[0], first[1])
	wg.Wait()
}
