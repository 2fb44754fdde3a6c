package central

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/till-pos/till/payment"
	"github.com/till-pos/till/payment/app"
	"github.com/till-pos/till/payment/reconcile"
)

// ErrReconcileBusy is returned when another reconciliation took some of
// a step's lines first.
var ErrReconcileBusy = errors.New("another fleet reconciliation is importing the same lines right now; run this one again when it has finished (nothing is counted twice)")

// recLine is one line of a step and what it means for the fleet.
type recLine struct {
	e   reconcile.Evidence
	d   reconcile.Decision
	old bool // its key was imported before: nothing to do
	// resumed: this very import recorded it before it stopped (old too):
	// counted with the import's earlier lines, not as already imported.
	resumed bool
	till    string // the till it goes down to, "" when it stays central
	ref     string // the order concerned, if any
}

// decide matches e against the fleet and says which till it goes to; the
// step's book takes its effect, so a later line sees it.
func (run *recRun) decide(b *stepBook, e reconcile.Evidence) (recLine, error) {
	d, err := reconcile.Match(e, b, run.opt)
	if err != nil {
		return recLine{}, err
	}
	l := recLine{e: e, d: d}
	if u := d.Undo; u != nil && u.Order != nil && u.Event != nil {
		b.apply(u.Order.Ref, *u.Event)
	}
	if d.Order != nil {
		l.ref = string(d.Order.Ref)
		if bo := b.orders[d.Order.Ref]; bo != nil {
			l.till = bo.till
		}
		if d.Event != nil {
			b.apply(d.Order.Ref, *d.Event)
		}
		return l, nil
	}
	// A line whose key came before with other content stays central: a
	// till given it would take it for a new line.
	if e.Conflict == "" && (d.Outcome == reconcile.Unmatched || d.Outcome == reconcile.Ignored || d.Outcome == reconcile.Review) {
		if till, ref := run.forward(b, e); till != "" {
			l.d, l.till, l.ref = reconcile.Decision{Outcome: Forwarded}, till, ref
		}
	}
	return l, nil
}

// forward finds the one till whose prefix a line's references carry,
// among references central has no order of: the order may be on the till
// and not uploaded yet, so the till decides.
func (run *recRun) forward(b *stepBook, e reconcile.Evidence) (till, ref string) {
	for _, r := range refsOf(e) {
		if b.orders[payment.Reference(r)] != nil {
			continue
		}
		t, ok := run.prefixes[r[:payment.ReferencePrefixLen]]
		switch {
		case !ok:
		case till == "":
			till, ref = t, r
		case t != till:
			return "", "" // several tills: a person decides centrally
		}
	}
	return till, ref
}

// seenLine is what the fleet kept of a line imported before: enough to
// tell the same line again from another under the same key.
type seenLine struct {
	before   reconcile.Evidence
	knownRef bool  // recorded with its reference (migration 0007 on)
	importID int64 // the import that recorded it
	id       int64 // its row's id
}

// knownKeys returns the lines of keys the fleet has imported.
func (run *recRun) knownKeys(ctx context.Context, keys []string) (map[string]seenLine, error) {
	rows, err := run.q().Query(ctx, `SELECT key, amount_minor, currency, credit, at, reference, import_id, id
		FROM recon_lines WHERE merchant = $1 AND key = ANY($2)`, run.r.Merchant, keys)
	if err != nil {
		return nil, fmt.Errorf("read the lines imported before: %w", err)
	}
	defer rows.Close()
	known := make(map[string]seenLine, len(keys))
	for rows.Next() {
		var key, currency string
		var minor, at, importID, id int64
		var credit bool
		var ref *string
		if err := rows.Scan(&key, &minor, &currency, &credit, &at, &ref, &importID, &id); err != nil {
			return nil, fmt.Errorf("read the lines imported before: %w", err)
		}
		cur, err := payment.LookupCurrency(currency)
		if err != nil {
			cur = payment.Currency{Code: currency}
		}
		s := seenLine{before: reconcile.Evidence{Key: key, Amount: payment.Amount{Minor: minor, Currency: cur}, Credit: credit,
			At: time.UnixMilli(at)}, knownRef: ref != nil, importID: importID, id: id}
		if ref != nil {
			s.before.Reference = *ref
		}
		known[key] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the lines imported before: %w", err)
	}
	return known, nil
}

// seenBy says who imported a line before.
type seenBy int

const (
	notSeen     seenBy = iota
	seenBefore         // an earlier import: the line is already imported
	seenThisRun        // this import, in the step it stopped in, before it was resumed
)

// by says who imported s: this import when it recorded s in the step it
// stopped in (after its last whole step, before it was resumed): a line
// the resumed run meets again there is its own, counted once (run.own
// holds those met). Any other line of this import met again is a
// duplicate in the file, as in a run never stopped.
func (run *recRun) by(s seenLine) seenBy {
	if s.importID == run.importID && s.id > run.throughID && s.id <= run.resumedAt && !run.own[s.before.Key] {
		return seenThisRun
	}
	return seenBefore
}

// sortOut says which of the batch's lines were imported before. A line
// whose key came before with other content is not one of them: it gets
// the conflict and the key it is kept under (reconcile.AltKey), as a
// till's book does, and is imported again under that key only once.
func (run *recRun) sortOut(ctx context.Context, batch []reconcile.Evidence) (map[string]seenBy, error) {
	keys := make([]string, len(batch))
	for i, e := range batch {
		keys[i] = e.Key
	}
	seen, err := run.knownKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	old := make(map[string]seenBy, len(batch))
	var alt []string
	for i := range batch {
		e := &batch[i]
		s, ok := seen[e.Key]
		if !ok {
			continue
		}
		if e.Conflict = reconcile.Differs(s.before, *e, s.knownRef, time.Local); e.Conflict == "" {
			old[e.Key] = run.by(s)
			continue
		}
		e.Key = reconcile.AltKey(*e, time.Local)
		alt = append(alt, e.Key)
	}
	if len(alt) > 0 {
		again, err := run.knownKeys(ctx, alt)
		if err != nil {
			return nil, err
		}
		for k, s := range again {
			old[k] = run.by(s)
		}
	}
	return old, nil
}

// write records the step's new lines. A dry run writes them all in its
// one transaction and queues nothing. Otherwise each till's lines are
// recorded in their own transaction, which ends by queueing them to that
// till: the till's down-queue head, which a notification for that till
// and its long-poll also lock, is held for one statement and the commit,
// whatever the step's size and however many tills it concerns. The lines
// that stay central, their exceptions and the import's progress come
// last, in one more transaction. A run stopped between two of them leaves
// whole tills' lines only: each line's key is recorded with its effect,
// so a run again counts them as already imported.
func (run *recRun) write(ctx context.Context, lines []recLine, res *app.ImportResult, last bool) (time.Duration, error) {
	if run.dry != nil {
		var cols lineColumns
		for _, l := range lines {
			if !l.old {
				cols.add(l)
			}
		}
		return 0, run.writeCentral(ctx, run.dry, cols, lines, res, last)
	}
	byTill := map[string][]recLine{}
	var central lineColumns
	for _, l := range lines {
		switch {
		case l.old:
		case l.till == "":
			central.add(l)
		default:
			byTill[l.till] = append(byTill[l.till], l)
		}
	}
	var most time.Duration
	for _, till := range slices.Sorted(maps.Keys(byTill)) {
		hold, err := run.writeTill(ctx, till, byTill[till])
		if err != nil {
			return 0, err
		}
		if run.r.HeadHeld != nil {
			run.r.HeadHeld(hold)
		}
		most = max(most, hold)
	}
	return most, pgx.BeginFunc(ctx, run.r.Book.pool, func(tx pgx.Tx) error {
		return run.writeCentral(ctx, tx, central, lines, res, last)
	})
}

// tillQueued, set by tests only, runs in a till's transaction once its
// lines are queued, before the commit: while the till's head is held.
var tillQueued func(till string)

// writeTill records one till's new lines and queues them to it, in one
// transaction; it returns how long the till's down-queue head was held
// (the queueing statement and the commit).
func (run *recRun) writeTill(ctx context.Context, till string, lines []recLine) (time.Duration, error) {
	var cols lineColumns
	for _, l := range lines {
		cols.add(l)
	}
	bodies, err := messagesOf(run.importID, lines)
	if err != nil {
		return 0, err
	}
	var locked time.Time
	err = pgx.BeginFunc(ctx, run.r.Book.pool, func(tx pgx.Tx) error {
		ids, err := cols.insert(ctx, tx, run.r.Merchant, run.importID)
		if err != nil {
			return err
		}
		run.recorded(ids)
		locked = time.Now()
		if err := queueMessages(ctx, tx, run.r.Merchant, run.importID, till, bodies); err != nil {
			return err
		}
		if tillQueued != nil {
			tillQueued(till)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return time.Since(locked), nil
}

// writeCentral records the lines that stay central, raises their
// exceptions and records the import's progress.
func (run *recRun) writeCentral(ctx context.Context, tx pgx.Tx, cols lineColumns, lines []recLine, res *app.ImportResult, last bool) error {
	ids, err := cols.insert(ctx, tx, run.r.Merchant, run.importID)
	if err != nil {
		return err
	}
	run.recorded(ids)
	if err := run.centralExceptions(ctx, tx, lines, ids); err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `UPDATE recon_imports SET lines = $3, new_lines = $4, done = $5, through_id = $6 WHERE merchant = $1 AND id = $2`,
		run.r.Merchant, run.importID, res.Lines, res.NewLines, last, run.maxID)
	return err
}

// recorded notes the ids of lines just recorded (run.maxID). A till's
// transaction that then fails leaves maxID too high, which only moves the
// resume's bound past ids no line has.
func (run *recRun) recorded(ids map[string]int64) {
	for _, id := range ids {
		run.maxID = max(run.maxID, id)
	}
}

// lineColumns are new lines as columns, for one INSERT … SELECT unnest.
type lineColumns struct {
	keys, providers, currencies, outcomes, rules, refs, tills, kinds, exceptions, references []string
	amounts, ats, eventMinor                                                                 []int64
	credits                                                                                  []bool
}

func (c *lineColumns) add(l recLine) {
	kind, minor := "", int64(0)
	if l.d.Event != nil {
		kind, minor = string(l.d.Event.Kind), l.d.Event.Amount
	}
	c.keys, c.providers, c.currencies = append(c.keys, l.e.Key), append(c.providers, l.e.ProviderID), append(c.currencies, l.e.Amount.Currency.Code)
	c.outcomes, c.rules, c.refs = append(c.outcomes, string(l.d.Outcome)), append(c.rules, string(l.d.Rule)), append(c.refs, l.ref)
	c.tills, c.kinds, c.exceptions = append(c.tills, l.till), append(c.kinds, kind), append(c.exceptions, l.d.Exception)
	c.amounts, c.ats, c.eventMinor = append(c.amounts, l.e.Amount.Minor), append(c.ats, l.e.At.UnixMilli()), append(c.eventMinor, minor)
	c.credits, c.references = append(c.credits, l.e.Credit), append(c.references, l.e.Reference)
}

// insert writes the lines, each once per key, and returns their ids by
// key; a key another run took first fails the step (ErrReconcileBusy).
func (c *lineColumns) insert(ctx context.Context, tx pgx.Tx, merchant string, importID int64) (map[string]int64, error) {
	ids := make(map[string]int64, len(c.keys))
	if len(c.keys) == 0 {
		return ids, nil
	}
	rows, err := tx.Query(ctx, `INSERT INTO recon_lines (merchant, import_id, key, provider_id, currency, outcome, rule, ref, till,
			event_kind, exception, amount_minor, at, event_minor, credit, reference)
		SELECT $1, $2, * FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
			$10::text[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[], $15::bool[], $16::text[])
		ON CONFLICT (merchant, key) DO NOTHING RETURNING key, id`,
		merchant, importID, c.keys, c.providers, c.currencies, c.outcomes, c.rules, c.refs, c.tills, c.kinds, c.exceptions,
		c.amounts, c.ats, c.eventMinor, c.credits, c.references)
	if err != nil {
		return nil, fmt.Errorf("record the statement's lines: %w", err)
	}
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			rows.Close()
			return nil, err
		}
		ids[k] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("record the statement's lines: %w", err)
	}
	if len(ids) != len(c.keys) {
		return nil, ErrReconcileBusy
	}
	return ids, nil
}

// centralExceptions raises an exception for each new line that needs a
// person and concerns no till (till "", seq the line's id).
func (run *recRun) centralExceptions(ctx context.Context, tx pgx.Tx, lines []recLine, ids map[string]int64) error {
	var seqs []int64
	var refs, kinds, details []string
	for _, l := range lines {
		if l.old || l.till != "" || l.d.Exception == "" {
			continue
		}
		seqs, refs, kinds = append(seqs, ids[l.e.Key]), append(refs, l.ref), append(kinds, string(l.d.Outcome))
		details = append(details, fmt.Sprintf("statement line %s (%s %s, %s): %s", l.e.Key, direction(l.e.Credit), l.e.Amount,
			l.e.At.Format(time.DateOnly), l.d.Exception))
	}
	if len(seqs) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO exceptions (merchant, till, seq, ref, kind, detail)
		SELECT $1, '', * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[]) ON CONFLICT DO NOTHING`,
		run.r.Merchant, seqs, refs, kinds, details)
	return err
}

func direction(credit bool) string {
	if credit {
		return "money in"
	}
	return "money out"
}
