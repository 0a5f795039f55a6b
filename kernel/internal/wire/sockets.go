package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/go-zeromq/zmq4"
)

// IOPubQueue is the capacity, in messages, of the kernel's own IOPub send queue.
// zmq4 v0.17.0's PUB queue is unbounded, so the kernel bounds what it hands to it:
// Publish blocks once this many messages wait, which slows the producer (a cell's
// output) instead of growing memory.
const IOPubQueue = 256

// Sockets holds the five bound channels of a kernel.
type Sockets struct {
	Shell, Control, Stdin *Router
	IOPub                 *Publisher

	hb     zmq4.Socket
	ctx    context.Context
	cancel context.CancelFunc
	log    *slog.Logger
	wg     sync.WaitGroup
}

// Listen binds the five sockets described by info. Incoming messages whose
// signature does not verify are logged and dropped.
func Listen(ctx context.Context, info *ConnectionInfo, signer *Signer, log *slog.Logger) (*Sockets, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(ctx)
	s := &Sockets{ctx: ctx, cancel: cancel, log: log}
	zlog := slog.NewLogLogger(log.Handler(), slog.LevelDebug)
	var err error
	bind := func(sock zmq4.Socket, port int, name string) {
		if err != nil {
			return
		}
		if e := sock.Listen(info.Endpoint(port)); e != nil {
			err = fmt.Errorf("binding %s socket to %s: %w", name, info.Endpoint(port), e)
		}
	}
	mk := func(name string, port int) *Router {
		r := &Router{name: name, sock: zmq4.NewRouter(ctx, zmq4.WithLogger(zlog)), signer: signer, log: log,
			in: make(chan *Message, 64)}
		bind(r.sock, port, name)
		return r
	}
	s.Shell = mk("shell", info.ShellPort)
	s.Control = mk("control", info.ControlPort)
	s.Stdin = mk("stdin", info.StdinPort)
	pub := zmq4.NewPub(ctx, zmq4.WithLogger(zlog))
	bind(pub, info.IOPubPort, "iopub")
	s.IOPub = &Publisher{sock: pub, signer: signer, log: log, q: make(chan [][]byte, IOPubQueue), done: ctx.Done()}
	s.hb = zmq4.NewRep(ctx, zmq4.WithLogger(zlog))
	bind(s.hb, info.HBPort, "heartbeat")
	if err != nil {
		s.Close()
		return nil, err
	}
	for _, r := range []*Router{s.Shell, s.Control, s.Stdin} {
		s.wg.Add(1)
		go func(r *Router) { defer s.wg.Done(); r.recvLoop(ctx) }(r)
	}
	s.wg.Add(2)
	go func() { defer s.wg.Done(); s.IOPub.sendLoop() }()
	go func() { defer s.wg.Done(); s.heartbeat() }()
	return s, nil
}

// Close closes every socket; pending IOPub messages are sent first when possible.
func (s *Sockets) Close() {
	if s.IOPub != nil {
		s.IOPub.drain()
	}
	s.cancel()
	for _, r := range []*Router{s.Shell, s.Control, s.Stdin} {
		if r != nil && r.sock != nil {
			r.closed.Store(true)
			_ = r.sock.Close()
		}
	}
	if s.IOPub != nil {
		_ = s.IOPub.sock.Close()
	}
	if s.hb != nil {
		_ = s.hb.Close()
	}
}

func (s *Sockets) heartbeat() {
	for {
		msg, err := s.hb.Recv()
		if err != nil {
			if s.ctx.Err() != nil {
				return
			}
			s.log.Debug("heartbeat recv", "err", err)
			continue
		}
		if err := s.hb.Send(msg); err != nil && s.ctx.Err() == nil {
			s.log.Debug("heartbeat send", "err", err)
		}
	}
}

// Router is a ROUTER channel (shell, control or stdin): a receive loop feeding
// Messages and a Send guarded by its own mutex.
type Router struct {
	name   string
	sock   zmq4.Socket
	signer *Signer
	log    *slog.Logger
	in     chan *Message
	mu     sync.Mutex
	closed atomic.Bool
}

// Messages returns the channel of verified incoming messages; it is closed when the
// socket closes.
func (r *Router) Messages() <-chan *Message { return r.in }

// Name is the channel's name ("shell", "control" or "stdin").
func (r *Router) Name() string { return r.name }

func (r *Router) recvLoop(ctx context.Context) {
	defer close(r.in)
	for {
		zm, err := r.sock.Recv()
		if err != nil {
			if ctx.Err() != nil || r.closed.Load() {
				return
			}
			r.log.Debug("recv", "channel", r.name, "err", err)
			continue
		}
		m, err := Decode(zm.Frames, r.signer)
		if err != nil {
			if errors.Is(err, ErrBadSignature) {
				r.log.Warn("dropping message with a bad signature", "channel", r.name)
			} else {
				r.log.Warn("dropping malformed message", "channel", r.name, "err", err)
			}
			continue
		}
		r.log.Debug("recv", "channel", r.name, "msg_type", m.Header.MsgType)
		select {
		case r.in <- m:
		case <-ctx.Done():
			return
		}
	}
}

// Send signs and sends m to the peer named by m.Identities.
func (r *Router) Send(m *Message) error {
	if len(m.Identities) == 0 {
		return fmt.Errorf("%s: cannot send %s without a routing identity", r.name, m.Header.MsgType)
	}
	frames := Encode(m, r.signer)
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed.Load() {
		return fmt.Errorf("%s socket is closed", r.name)
	}
	r.log.Debug("send", "channel", r.name, "msg_type", m.Header.MsgType)
	return r.sock.Send(zmq4.NewMsgFrom(frames...))
}

// Publisher is the IOPub PUB channel with a bounded queue of its own.
type Publisher struct {
	sock   zmq4.Socket
	signer *Signer
	log    *slog.Logger
	q      chan [][]byte
	done   <-chan struct{}
	mu     sync.Mutex
	closed bool
	idle   sync.WaitGroup
}

// Publish queues m for all subscribers, with msg_type as the topic frame. It blocks
// while the queue is full and returns an error once the socket is closing.
func (p *Publisher) Publish(m *Message) error {
	mm := *m
	mm.Identities = [][]byte{[]byte(m.Header.MsgType)}
	frames := Encode(&mm, p.signer)
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return errors.New("iopub socket is closed")
	}
	p.idle.Add(1)
	p.mu.Unlock()
	select {
	case p.q <- frames:
		return nil
	case <-p.done:
		p.idle.Done()
		return errors.New("iopub socket is closed")
	}
}

func (p *Publisher) sendLoop() {
	for {
		select {
		case frames := <-p.q:
			if err := p.sock.Send(zmq4.NewMsgFrom(frames...)); err != nil {
				p.log.Debug("iopub send", "err", err)
			}
			p.idle.Done()
		case <-p.done:
			return
		}
	}
}

// drain stops new publications and waits for the queued ones to reach zmq4.
func (p *Publisher) drain() {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.idle.Wait()
}
