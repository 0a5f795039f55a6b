package comm

import (
	"errors"
	"fmt"
	"sort"
)

// Binary buffers (widget protocol 2): any value of a state may be binary.
// Before sending, every []byte at any depth of the state is taken out and
// sent as a buffer frame after the message's content, and its path (the keys
// and list indices leading to it) goes into data.buffer_paths, in the order
// of the frames. A buffer that was a map value is removed from the map; one
// that was a list item is replaced by null. The receiving side puts each
// buffer back at its path.

// splitBuffers returns a copy of state without its []byte values, their paths
// and their bytes. Maps and lists on the way to a buffer are copied; state
// itself is not modified.
func splitBuffers(state map[string]any) (map[string]any, [][]any, [][]byte) {
	var paths [][]any
	var bufs [][]byte
	out := splitMap(state, nil, &paths, &bufs)
	if paths == nil {
		paths = [][]any{}
	}
	return out, paths, bufs
}

func splitMap(m map[string]any, path []any, paths *[][]any, bufs *[][]byte) map[string]any {
	out := make(map[string]any, len(m))
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // buffers in a stable order
	for _, k := range keys {
		v := m[k]
		p := append(append([]any(nil), path...), k)
		if b, ok := v.([]byte); ok {
			*paths = append(*paths, p)
			*bufs = append(*bufs, b)
			continue
		}
		out[k] = splitValue(v, p, paths, bufs)
	}
	return out
}

func splitValue(v any, path []any, paths *[][]any, bufs *[][]byte) any {
	switch x := v.(type) {
	case map[string]any:
		return splitMap(x, path, paths, bufs)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			p := append(append([]any(nil), path...), i)
			if b, ok := e.([]byte); ok {
				*paths = append(*paths, p)
				*bufs = append(*bufs, b)
				continue // stays nil
			}
			out[i] = splitValue(e, p, paths, bufs)
		}
		return out
	}
	return v
}

// errBufferPath reports a buffer path that does not lead into the state.
var errBufferPath = errors.New("comm: bad buffer path")

// putBuffers puts buffers[i] at paths[i] in state (decoded JSON: maps,
// lists, float64 list indices). There must be a buffer for every path.
func putBuffers(state map[string]any, paths []any, buffers [][]byte) error {
	if len(paths) > len(buffers) {
		return fmt.Errorf("%w: %d paths but %d buffers", errBufferPath, len(paths), len(buffers))
	}
	for i, pv := range paths {
		path, ok := pv.([]any)
		if !ok || len(path) == 0 {
			return fmt.Errorf("%w: %v", errBufferPath, pv)
		}
		var cur any = state
		for j, key := range path {
			last := j == len(path)-1
			switch c := cur.(type) {
			case map[string]any:
				k, ok := key.(string)
				if !ok {
					return fmt.Errorf("%w: %v: %v is not a key", errBufferPath, path, key)
				}
				if last {
					c[k] = buffers[i]
					continue
				}
				next, ok := c[k]
				if !ok {
					next = map[string]any{}
					c[k] = next
				}
				cur = next
			case []any:
				f, ok := key.(float64)
				n := int(f)
				if !ok || float64(n) != f || n < 0 || n >= len(c) {
					return fmt.Errorf("%w: %v: %v is not an index of a list of %d", errBufferPath, path, key, len(c))
				}
				if last {
					c[n] = buffers[i]
					continue
				}
				cur = c[n]
			default:
				return fmt.Errorf("%w: %v leads into a %T", errBufferPath, path, cur)
			}
		}
	}
	return nil
}
