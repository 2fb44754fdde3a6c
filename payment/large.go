package payment

// largeMajor is, per currency, an amount in major units above which a
// charge is unusual for a counter or a taxi: about 1,000 US dollars, rounded
// to a number a cashier recognises. A typo (an extra zero, a missed decimal
// mark) lands far above it.
var largeMajor = map[string]int64{
	"USD": 1000, "EUR": 1000, "GBP": 1000, "CHF": 1000, "SGD": 1500, "AUD": 1500,
	"CAD": 1500, "BRL": 5000, "MYR": 5000, "CNY": 7000, "HKD": 8000, "THB": 30000,
	"PHP": 50000, "INR": 80000, "JPY": 150000, "KRW": 1500000, "IDR": 15000000,
	"VND": 25000000, "KHR": 4000000, "MXN": 20000, "ZAR": 20000,
}

// LargeAmount is the default amount above which till asks once before
// charging; ok is false for a currency with no default.
func LargeAmount(c Currency) (a Amount, ok bool) {
	major, ok := largeMajor[c.Code]
	if !ok {
		return Amount{}, false
	}
	minor := major
	for range c.Exponent {
		minor *= 10
	}
	return Amount{Minor: minor, Currency: c}, true
}
