// Package faultproxy is a TCP proxy for fault tests: it forwards
// connections to a set of backends and, on command, loses replies (the
// request reaches the server, the answer never reaches the client), cuts
// the network (a partition: connections are refused and open ones
// dropped), and heals. It counts what it did.
package faultproxy

import (
	"io"
	"net"
	"sync"
	"sync/atomic"
)

// Mode is what the proxy does to new traffic.
type Mode int32

const (
	Healthy     Mode = iota // forward both ways
	DropReplies             // forward requests, lose the replies
	Partitioned             // refuse connections, drop open ones
)

// Proxy forwards a listener's connections to backends, round robin,
// skipping those that do not answer.
type Proxy struct {
	ln       net.Listener
	backends []string
	mode     atomic.Int32
	next     atomic.Uint32

	mu    sync.Mutex
	conns map[net.Conn]struct{}

	// Counts of connections handled in each way.
	Forwarded, Dropped, Refused atomic.Int64
}

// Start listens on a free loopback port and forwards to backends.
func Start(backends ...string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &Proxy{ln: ln, backends: backends, conns: map[net.Conn]struct{}{}}
	go p.accept()
	return p, nil
}

// Addr is the address to connect to.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and drops every connection.
func (p *Proxy) Close() {
	p.ln.Close()
	p.dropAll()
}

// Set changes the mode; a partition also drops open connections.
func (p *Proxy) Set(m Mode) {
	p.mode.Store(int32(m))
	if m != Healthy {
		p.dropAll()
	}
}

func (p *Proxy) dropAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}

func (p *Proxy) track(c net.Conn, on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if on {
		p.conns[c] = struct{}{}
	} else {
		delete(p.conns, c)
	}
}

func (p *Proxy) accept() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.serve(c)
	}
}

func (p *Proxy) dial() (net.Conn, error) {
	var last error
	for range p.backends {
		b := p.backends[int(p.next.Add(1))%len(p.backends)]
		s, err := net.Dial("tcp", b)
		if err == nil {
			return s, nil
		}
		last = err
	}
	return nil, last
}

func (p *Proxy) serve(c net.Conn) {
	defer c.Close()
	mode := Mode(p.mode.Load())
	if mode == Partitioned {
		p.Refused.Add(1)
		return
	}
	s, err := p.dial()
	if err != nil {
		p.Refused.Add(1)
		return
	}
	defer s.Close()
	p.track(c, true)
	p.track(s, true)
	defer p.track(c, false)
	defer p.track(s, false)
	done := make(chan struct{}, 2)
	go func() { io.Copy(s, c); done <- struct{}{} }()
	if mode == DropReplies {
		p.Dropped.Add(1)
		// The server gets the request and answers; the answer is read
		// and thrown away, then the client's connection is cut.
		buf := make([]byte, 1)
		if _, err := s.Read(buf); err == nil {
			io.Copy(io.Discard, io.LimitReader(s, 0))
		}
		return
	}
	p.Forwarded.Add(1)
	go func() { io.Copy(c, s); done <- struct{}{} }()
	<-done
}
