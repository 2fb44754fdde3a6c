package store

import (
	"sync"

	"github.com/till-pos/till/payment/reconcile"
)

// A feed reads an import's lines on a goroutine of its own, ahead of the
// steps: parsing the statement then runs while a step holds the write
// lock, on the other core, instead of between steps. The lines come in
// chunks, in order; an error (io.EOF at the end) comes after the lines
// read before it, so a step is written only if all its lines were read,
// as when the lines were read in the step's own goroutine.
type feed struct {
	chunks chan feedChunk
	free   chan []reconcile.Evidence // chunks given back, reused
	stop   chan struct{}
	done   sync.WaitGroup
	cur    feedChunk // the chunk being taken from
	at     int       // the next line of cur
}

type feedChunk struct {
	lines []reconcile.Evidence
	err   error // after lines
}

const (
	feedChunkLines = 256
	feedAhead      = 8 // chunks read ahead: about 2,000 lines, a large step
)

// newFeed starts reading next on its own goroutine. next is never called
// again once it has failed, nor after close.
func newFeed(next func() (reconcile.Evidence, error)) *feed {
	f := &feed{
		chunks: make(chan feedChunk, feedAhead),
		free:   make(chan []reconcile.Evidence, feedAhead+2),
		stop:   make(chan struct{}),
	}
	f.done.Add(1)
	go f.read(next)
	return f
}

func (f *feed) read(next func() (reconcile.Evidence, error)) {
	defer f.done.Done()
	for {
		var buf []reconcile.Evidence
		select {
		case buf = <-f.free:
			buf = buf[:0]
		default:
			buf = make([]reconcile.Evidence, 0, feedChunkLines)
		}
		var err error
		for len(buf) < feedChunkLines {
			var e reconcile.Evidence
			if e, err = next(); err != nil {
				break
			}
			buf = append(buf, e)
		}
		select {
		case f.chunks <- feedChunk{lines: buf, err: err}:
		case <-f.stop:
			return
		}
		if err != nil {
			return
		}
	}
}

// next gives the next line, or the error that ended the reading.
func (f *feed) next() (reconcile.Evidence, error) {
	for f.at == len(f.cur.lines) {
		if f.cur.err != nil {
			return reconcile.Evidence{}, f.cur.err
		}
		if f.cur.lines != nil {
			select {
			case f.free <- f.cur.lines:
			default:
			}
		}
		f.cur, f.at = <-f.chunks, 0
	}
	e := f.cur.lines[f.at]
	f.cur.lines[f.at] = reconcile.Evidence{} // the chunk is reused: drop its strings
	f.at++
	return e, nil
}

// close stops the reading and waits for it, so that next is not running
// when the import returns (its caller closes the files then).
func (f *feed) close() {
	close(f.stop)
	f.done.Wait()
}
