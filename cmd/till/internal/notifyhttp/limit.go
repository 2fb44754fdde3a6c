package notifyhttp

import (
	"net"
	"net/netip"
	"sync"
	"time"
)

// Limiter limits how many refused requests till answers, and keeps, per
// source address: a token bucket for each address (an IPv6 address by its
// /64, which one host usually owns whole), and one for all of them
// together, which bounds the writes refusals cost however many addresses
// send them. A refusal over the limit is answered 429 and not stored.
// Signed requests never take a token, so a sender behind the same relay
// as a flood is still served.
//
// The map of addresses is bounded: when it is full, addresses whose
// bucket has filled up again (idle ones) are forgotten, and if none is,
// new addresses share one bucket until some are.
type Limiter struct {
	PerAddress Rate // each address
	Total      Rate // all addresses together
	MaxAddrs   int  // addresses tracked at once
	Now        func() time.Time

	mu       sync.Mutex
	buckets  map[netip.Prefix]*bucket
	total    bucket
	overflow bucket
	limited  int64
}

// Rate is a token bucket's refill rate and size.
type Rate struct {
	PerSecond float64
	Burst     float64
}

// Defaults: a sender with a wrong secret is told so ten times at once and
// once a second after; all addresses together get refusals stored at
// most 20 times a second.
var (
	DefaultPerAddress = Rate{PerSecond: 1, Burst: 10}
	DefaultTotal      = Rate{PerSecond: 20, Burst: 100}
)

// DefaultMaxAddrs bounds the limiter's memory (about 100 bytes each).
const DefaultMaxAddrs = 4096

// NewLimiter makes a limiter with the default rates.
func NewLimiter() *Limiter {
	return &Limiter{PerAddress: DefaultPerAddress, Total: DefaultTotal, MaxAddrs: DefaultMaxAddrs}
}

type bucket struct {
	tokens float64
	at     time.Time
}

// take refills b to now and takes one token if there is one.
func (b *bucket) take(r Rate, now time.Time) bool {
	b.refill(r, now)
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func (b *bucket) refill(r Rate, now time.Time) {
	if b.at.IsZero() {
		b.tokens, b.at = r.Burst, now
		return
	}
	if d := now.Sub(b.at).Seconds(); d > 0 {
		b.tokens = min(r.Burst, b.tokens+d*r.PerSecond)
		b.at = now
	}
}

func (b *bucket) put(r Rate) { b.tokens = min(r.Burst, b.tokens+1) }

// Allow takes a token for a refusal of a request from remote (an
// http.Request's RemoteAddr) and says whether the refusal may be answered
// as such and stored; false means answer 429.
func (l *Limiter) Allow(remote string) bool {
	key := addrKey(remote)
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.Now != nil {
		now = l.Now()
	}
	b := l.bucketFor(key, now)
	if !b.take(l.PerAddress, now) {
		l.limited++
		return false
	}
	if !l.total.take(l.Total, now) {
		b.put(l.PerAddress) // the address did not get its refusal
		l.limited++
		return false
	}
	return true
}

// Limited counts the refusals answered 429 since the limiter was made.
func (l *Limiter) Limited() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limited
}

// Addrs is how many addresses the limiter tracks now.
func (l *Limiter) Addrs() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

func (l *Limiter) bucketFor(key netip.Prefix, now time.Time) *bucket {
	if l.buckets == nil {
		l.buckets = map[netip.Prefix]*bucket{}
	}
	if b, ok := l.buckets[key]; ok {
		return b
	}
	limit := l.MaxAddrs
	if limit <= 0 {
		limit = DefaultMaxAddrs
	}
	if len(l.buckets) >= limit {
		for k, b := range l.buckets {
			if b.refill(l.PerAddress, now); b.tokens >= l.PerAddress.Burst {
				delete(l.buckets, k)
			}
		}
	}
	if len(l.buckets) >= limit {
		return &l.overflow
	}
	b := &bucket{}
	l.buckets[key] = b
	return b
}

// addrKey is the address a request came from: its IP, an IPv6 one by its
// /64. An address that does not parse (a test's "pipe") is one key.
func addrKey(remote string) netip.Prefix {
	host, _, err := net.SplitHostPort(remote)
	if err != nil {
		host = remote
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return netip.Prefix{}
	}
	ip = ip.Unmap()
	bits := 32
	if ip.Is6() {
		bits = 64
	}
	p, _ := ip.Prefix(bits)
	return p
}

// host is remote without its port, for the log.
func host(remote string) string {
	if h, _, err := net.SplitHostPort(remote); err == nil {
		return h
	}
	return remote
}
