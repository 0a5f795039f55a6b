package kerneltest

import "os"

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "gonlm-kerneltest-") }
