// Package modeltest holds the model-based test of the books (issue 11):
// the store, driven by seeded random sequences of sales, notifications and
// statement files, against a reference ledger written independently.
package modeltest
