// Package wire implements the Jupyter messaging wire protocol (version 5.3) for the
// gonlm kernel: the connection file, HMAC-SHA256 signing and verification, message
// encoding and decoding, and the five ZeroMQ sockets (shell, control and stdin ROUTER,
// IOPub PUB, heartbeat REP) on top of github.com/go-zeromq/zmq4.
//
// It knows nothing of Go cells or the interpreter; the kernel package connects it to
// the session.
package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
)

// ProtocolVersion is the Jupyter messaging protocol version the kernel speaks.
const ProtocolVersion = "5.3"

// ConnectionInfo is the content of a Jupyter connection file (the JSON file whose
// path jupyter_client passes as `{connection_file}`).
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	ControlPort     int    `json:"control_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnectionFile reads and validates the connection file at path.
func ReadConnectionFile(path string) (*ConnectionInfo, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading connection file: %w", err)
	}
	return ParseConnectionInfo(data)
}

// ParseConnectionInfo decodes and validates the JSON of a connection file.
func ParseConnectionInfo(data []byte) (*ConnectionInfo, error) {
	var ci ConnectionInfo
	if err := json.Unmarshal(data, &ci); err != nil {
		return nil, fmt.Errorf("connection file is not valid JSON: %w", err)
	}
	if err := ci.Validate(); err != nil {
		return nil, err
	}
	return &ci, nil
}

// Validate checks that the transport, address, ports and signature scheme are usable,
// and returns an error naming the first bad field.
func (ci *ConnectionInfo) Validate() error {
	switch ci.Transport {
	case "tcp":
		if net.ParseIP(ci.IP) == nil && ci.IP != "localhost" && ci.IP != "*" {
			return fmt.Errorf("connection file: ip %q is not an IP address", ci.IP)
		}
	case "ipc":
		if ci.IP == "" {
			return errors.New("connection file: ipc transport needs a path prefix in \"ip\"")
		}
	default:
		return fmt.Errorf("connection file: transport %q is not supported (use \"tcp\" or \"ipc\")", ci.Transport)
	}
	ports := []struct {
		name string
		port int
	}{{"shell_port", ci.ShellPort}, {"iopub_port", ci.IOPubPort}, {"stdin_port", ci.StdinPort},
		{"control_port", ci.ControlPort}, {"hb_port", ci.HBPort}}
	seen := map[int]string{}
	for _, p := range ports {
		if p.port <= 0 || p.port > 65535 {
			return fmt.Errorf("connection file: %s %d is not a port number in 1..65535", p.name, p.port)
		}
		if other, dup := seen[p.port]; dup {
			return fmt.Errorf("connection file: %s and %s are both %d; each channel needs its own port", other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	scheme := strings.ToLower(ci.SignatureScheme)
	if ci.Key != "" && scheme != "hmac-sha256" && scheme != "" {
		return fmt.Errorf("connection file: signature_scheme %q is not supported (use \"hmac-sha256\")", ci.SignatureScheme)
	}
	return nil
}

// Endpoint returns the ZeroMQ endpoint for port, e.g. "tcp://127.0.0.1:5555"
// ("*" becomes 0.0.0.0; IPv6 addresses are bracketed) or, for the ipc transport,
// "ipc://<ip>-<port>".
func (ci *ConnectionInfo) Endpoint(port int) string {
	if ci.Transport == "ipc" {
		return fmt.Sprintf("ipc://%s-%d", ci.IP, port)
	}
	ip := ci.IP
	if ip == "*" {
		ip = "0.0.0.0" // ZeroMQ's "all interfaces"
	}
	return fmt.Sprintf("tcp://%s", net.JoinHostPort(ip, fmt.Sprint(port)))
}
