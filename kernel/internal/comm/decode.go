package comm

import (
	"bytes"
	"encoding/json"
)

// decodeData decodes a comm message's data; absent or null data is {}.
func decodeData(raw json.RawMessage, v *map[string]any) error {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		*v = map[string]any{}
		return nil
	}
	return json.Unmarshal(raw, v)
}
