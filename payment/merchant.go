package payment

// Merchant is who gets paid: the profile every payment code carries.
type Merchant struct {
	Name       string   // as the customer should see it; folded to ASCII where a scheme needs it
	City       string   // merchant city
	Country    string   // ISO 3166-1 alpha-2, upper case
	Currency   Currency // what the till charges in
	MCC        string   // ISO 18245 merchant category code, four digits ("0000" when unknown)
	PostalCode string   // optional (EMV tag 61)
	// An alternate-language name and city (e.g. in Thai or Chinese script),
	// carried in EMV tag 64 because root fields must be ASCII.
	Language  string // ISO 639-1, two letters
	LocalName string
	LocalCity string
}
