package syncclient

import (
	"context"
	"fmt"
	"io"

	"github.com/till-pos/till/payment/reconcile"
	"github.com/till-pos/till/store"
	"github.com/till-pos/till/store/central"
)

// applyStatement applies statement lines a fleet reconciliation sent
// down, as a statement the till imported itself (store.Import, its own
// matcher against its own orders): a line whose key the till holds
// changes nothing, so a resend after a lost reply is harmless. A body it
// cannot read is logged and skipped, as retrying would not help.
func (l *Live) applyStatement(ctx context.Context, m central.DownMessage) error {
	lines, err := central.ParseStatementBody(m.Body)
	if err != nil {
		l.warn("unreadable statement lines from central were skipped", m, err)
		return nil
	}
	i := 0
	next := func() (reconcile.Evidence, error) {
		if i == len(lines) {
			return reconcile.Evidence{}, io.EOF
		}
		i++
		return lines[i-1], nil
	}
	_, err = l.Store.Import(ctx, next, store.ImportOptions{File: "central " + m.Source, Format: central.DownStatement,
		Actor: "till central", Match: reconcile.Options{Actor: store.MatchActor, Currency: l.Currency}})
	if err != nil {
		return fmt.Errorf("apply statement lines from central (message %d): %w", m.N, err)
	}
	return nil
}
