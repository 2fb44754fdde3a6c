// Package payment is till's domain: money and currencies, order references,
// the rules of an order's life, and (in sub-packages) the payment payload
// schemes, statement readers, reconciliation and notification checks.
//
// It is pure Go: no SQL, no terminal UI, no network. Everything here can be
// tested with plain values, which is why the rest of till is built around it.
package payment
