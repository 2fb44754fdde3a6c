package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/till-pos/till/store/central/pgtest"
)

// The fleet day close through the real binaries: refused in one sentence
// naming the till that has not closed; closed once every till closed and
// synced; printed again byte for byte as at closing, in text, JSON and
// CSV; the total's figures are the sum of the tills' own closes.
func TestCentralReportClosesTheFleetDay(t *testing.T) {
	url := pgtest.Shared(t).NewDatabase(t)
	addr := startCentralServe(t, url)
	a, b := joinEnv(t, url, addr, "north"), joinEnv(t, url, addr, "south")
	for i, e := range []env{a, b} {
		for j, amount := range []string{"7.50", "12.00", "3.20"}[:2+i] {
			var o orderJSON
			json.Unmarshal([]byte(e.ok("charge", amount, "--json")), &o)
			if j == 0 {
				e.ok("confirm", o.Ref)
			}
		}
	}
	a.ok("report", "--close")
	for _, e := range []env{a, b} {
		e.ok("sync", "--once")
	}
	code, _, errs := a.till("central", "report", "--pg", url, "--close")
	if code != 1 || !strings.Contains(errs, `till "south" (has not closed the day`) || strings.Contains(errs, "north") || strings.Count(errs, "\n") != 1 {
		t.Fatalf("closing before south closed: exit %d %q", code, errs)
	}
	b.ok("report", "--close")
	b.ok("sync", "--once")
	var own [2]struct {
		Total struct {
			Count int   `json:"count"`
			Due   int64 `json:"due_minor"`
		} `json:"total"`
		Expected int64 `json:"expected_minor"`
	}
	for i, e := range []env{a, b} {
		json.Unmarshal([]byte(e.ok("report", "--json")), &own[i])
	}
	atClose := a.ok("central", "report", "--pg", url, "--close", "--json")
	var fleet struct {
		Closed bool `json:"closed"`
		Tills  []struct {
			Till string `json:"till"`
		} `json:"tills"`
		Total struct {
			Total struct {
				Count int   `json:"count"`
				Due   int64 `json:"due_minor"`
			} `json:"total"`
			Expected int64 `json:"expected_minor"`
		} `json:"total"`
	}
	if err := json.Unmarshal([]byte(atClose), &fleet); err != nil || !fleet.Closed || len(fleet.Tills) != 2 || fleet.Tills[1].Till != "south" {
		t.Fatalf("closing: %v %s", err, atClose)
	}
	if fleet.Total.Total.Count != own[0].Total.Count+own[1].Total.Count || fleet.Total.Total.Due != own[0].Total.Due+own[1].Total.Due ||
		fleet.Total.Expected != own[0].Expected+own[1].Expected || fleet.Total.Total.Count != 5 {
		t.Fatalf("fleet total %+v, the tills' closes %+v", fleet.Total, own)
	}
	if again := a.ok("central", "report", "--pg", url, "--json"); again != atClose {
		t.Fatalf("printed again:\n%s\nat closing:\n%s", again, atClose)
	}
	text := a.ok("central", "report", "--pg", url)
	csvOut := a.ok("central", "report", "--pg", url, "--csv")
	if !strings.Contains(text, "till north") || !strings.Contains(text, "fleet total, 2 tills") ||
		!strings.HasPrefix(csvOut, "till,day,section,key,count,due,") || !strings.Contains(csvOut, "(fleet)") {
		t.Fatalf("text:\n%s\ncsv:\n%s", text, csvOut)
	}
	if a.ok("central", "report", "--pg", url) != text || a.ok("central", "report", "--pg", url, "--csv") != csvOut {
		t.Fatal("a closed fleet day printed twice differs")
	}
	if code, _, errs := a.till("central", "report", "--pg", url, "--close"); code != 1 || !strings.Contains(errs, "already closed") {
		t.Fatalf("closing twice: exit %d %q", code, errs)
	}
}
