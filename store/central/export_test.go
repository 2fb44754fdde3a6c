package central

// SetTillQueued sets the hook that runs in a fleet reconciliation's till
// transaction while it holds the till's down-queue head; nil removes it.
func SetTillQueued(f func(till string)) { tillQueued = f }
