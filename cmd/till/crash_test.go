package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/store"
)

// crashRounds is how many children are killed; TILL_CRASH_ROUNDS runs
// more (the long variant documented in the README).
func crashRounds() int {
	if n, err := strconv.Atoi(os.Getenv("TILL_CRASH_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 200
}

// TestSurvivesSIGKILL starts real till processes that create orders and
// import statements, kills each at a random moment with SIGKILL, and after
// every kill checks the database: integrity ok, every order the child
// reported as committed is there with its events, no import half-applied
// or applied twice, every order's status what its events say.
func TestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes; skipped with -short")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "till.db")
	cfgPath := filepath.Join(dir, "config.toml")
	data, _ := config.Encode(config.Demo())
	os.WriteFile(cfgPath, data, 0o600)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 42))

	var committed []payment.Reference
	kills, completed := 0, 0
	var resumes resumeCheck
	// How long each kind of child takes when left alone, learnt as the
	// test runs, so that kills land inside the child's life on a fast
	// machine as on a slow one.
	typical := map[string]time.Duration{"charge": 30 * time.Millisecond, "reconcile": 150 * time.Millisecond}
	rounds := crashRounds()
	for round := range rounds {
		var args []string
		var before string // a copy of the database before a statement import
		if len(committed) < 20 || rng.IntN(3) > 0 {
			args = []string{"charge", fmt.Sprintf("%d.%02d", 1+rng.IntN(200), rng.IntN(100)), "--json"}
		} else {
			file := filepath.Join(dir, fmt.Sprintf("statement-%d.csv", round))
			writeStatement(t, file, committed, rng)
			args = []string{"reconcile", file, "--json"}
			if resumes.wantsSnapshot() {
				before = snapshot(t, db, filepath.Join(dir, fmt.Sprintf("before-%d.db", round)))
			}
		}
		cmd := exec.Command(tillBinary, append([]string{"--db", db, "--config", cfgPath}, args...)...)
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		started := time.Now()
		go func() { done <- cmd.Wait() }()
		// Three rounds in four kill at a random moment of the child's
		// usual life; the fourth lets it finish (and teaches its length).
		wait := time.Hour
		if rng.IntN(4) > 0 {
			wait = time.Duration(rng.Int64N(int64(typical[args[0]])))
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("round %d: till %v failed on its own: %v", round, args[0], err)
			}
			completed++
			typical[args[0]] = (3*typical[args[0]] + time.Since(started)) / 4
		case <-time.After(wait):
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			kills++
			if args[0] == "reconcile" {
				verifyAfterCrash(t, db, committed, round)
				resumes.killed(t, db, cfgPath, args[1], before)
			}
		}
		// A charge whose JSON came out whole was committed before it printed.
		if args[0] == "charge" {
			var o orderJSON
			if json.Unmarshal(out.Bytes(), &o) == nil && o.Ref != "" {
				committed = append(committed, payment.Reference(o.Ref))
			}
		}
		verifyAfterCrash(t, db, committed, round)
	}
	t.Logf("%d rounds: %d children killed, %d finished; %d orders reported committed", rounds, kills, completed, len(committed))
	t.Logf("imports killed: %d before their first step, %d between or inside later steps (%d resumed at most, %d compared with an import never killed)",
		resumes.none, resumes.partial, maxResumes, resumes.checked)
	if kills < rounds/3 {
		t.Fatalf("only %d of %d children were killed: the test did not test crashes", kills, rounds)
	}
}

// writeStatement writes a generic CSV that pays some committed orders (by
// reference, some short), and carries lines nobody can place.
func writeStatement(t *testing.T, file string, refs []payment.Reference, rng *rand.Rand) {
	var b strings.Builder
	b.WriteString("date,amount,currency,reference,counterparty,id\n")
	for i := range 1500 { // several steps of an import
		ref := refs[rng.IntN(len(refs))]
		amount := fmt.Sprintf("%d.%02d", rng.IntN(50), rng.IntN(100))
		if i%5 == 0 {
			ref = ""
		}
		// Ids repeat across statements, as overlapping downloads do.
		fmt.Fprintf(&b, "2026-11-25,%s,BRL,%s,Payer %d,TX%d\n", amount, ref, i, rng.IntN(4000))
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func verifyAfterCrash(t *testing.T, db string, committed []payment.Reference, round int) {
	t.Helper()
	st, err := store.Open(db)
	if err != nil {
		t.Fatalf("round %d: the database does not open after a kill: %v", round, err)
	}
	defer st.Close()
	ctx := context.Background()
	problems, err := st.Check(ctx)
	if err != nil {
		t.Fatalf("round %d: check: %v", round, err)
	}
	if len(problems) > 0 {
		t.Fatalf("round %d: %d problems after a kill: %v", round, len(problems), problems)
	}
	for _, ref := range committed {
		evs, err := st.Events(ctx, ref)
		if err != nil || len(evs) == 0 || evs[0].Kind != payment.EventCreated {
			t.Fatalf("round %d: order %s was reported committed but is missing: %v %v", round, ref, evs, err)
		}
	}
}
