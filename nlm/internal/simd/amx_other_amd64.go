//go:build amd64 && !linux && !nlm_noasm

package simd

import "errors"

// requestTiles: the tile data permission is only requested on Linux;
// elsewhere AMX is not used.
func requestTiles() error {
	return errors.New("simd: AMX is only used on Linux")
}
