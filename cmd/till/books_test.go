package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// Issue 11, class 4: a CSV export names no account, so "id TX-1" of one
// account must not swallow "id TX-1" of another: --account scopes the
// keys of files that carry none.
func TestReconcileAccountScopesKeys(t *testing.T) {
	e := newEnv(t)
	var refs []string
	for _, amount := range []string{"10.00", "20.00"} {
		code, out, errs := e.till("charge", amount, "--json")
		if code != 0 {
			t.Fatalf("charge: %s", errs)
		}
		var o orderJSON
		if err := json.Unmarshal([]byte(out), &o); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, o.Ref)
	}
	dir := t.TempDir()
	for i, acct := range []string{"BR1200000000000000000000001", "BR1200000000000000000000002"} {
		amount := []string{"10.00", "20.00"}[i]
		file := filepath.Join(dir, acct+".csv")
		csv := "date,amount,currency,reference,counterparty,id\n2026-01-15," + amount + ",BRL," + refs[i] + ",Payer,TX-1\n"
		if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
			t.Fatal(err)
		}
		code, out, errs := e.till("reconcile", "--profile", "generic", "--account", acct, file, "--json")
		if code != 0 {
			t.Fatalf("reconcile --account %s: %d %s", acct, code, errs)
		}
		var res reconcileJSON
		if err := json.Unmarshal([]byte(out), &res); err != nil {
			t.Fatal(err)
		}
		if res.NewLines != 1 || res.Paid != 1 {
			t.Fatalf("account %s: %+v, want its line new and paid", acct, res)
		}
	}
	for _, o := range e.orders() {
		if o.Status != "paid" {
			t.Errorf("order %s is %s, want paid", o.Ref, o.Status)
		}
	}
}
