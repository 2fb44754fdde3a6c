package emv

import "fmt"

// Format is a data object's character set (EMV MPM 1.4).
type Format int

const (
	// S is any Unicode text (UTF-8 encoded in the QR).
	S Format = iota
	// N is digits only.
	N
	// ANS is the EMV common character set: printable ASCII.
	ANS
)

func (f Format) String() string {
	switch f {
	case N:
		return "N"
	case ANS:
		return "ans"
	}
	return "S"
}

// Spec describes one data object as the specification defines it.
type Spec struct {
	Name     string
	Format   Format
	Min, Max int  // length bounds in characters; Min == Max for fixed lengths
	Template bool // the value is itself a run of data objects
}

// rootSpec is table 3.6 of EMV QRCPS MPM v1.0, plus the ranges of table 4.1.
//
// It is better whole: it is table 3.6 itself, one case per tag or tag
// range; splitting it would split the table.
func rootSpec(id int) (Spec, bool) {
	switch {
	case id == 0:
		return Spec{Name: "Payload Format Indicator", Format: N, Min: 2, Max: 2}, true
	case id == 1:
		return Spec{Name: "Point of Initiation Method", Format: N, Min: 2, Max: 2}, true
	case id >= 2 && id <= 25:
		return Spec{Name: "Merchant Account Information (" + primitiveNetwork(id) + ")", Format: ANS, Min: 1, Max: 99}, true
	case id >= 26 && id <= 51:
		return Spec{Name: "Merchant Account Information", Format: S, Min: 1, Max: 99, Template: true}, true
	case id == 52:
		return Spec{Name: "Merchant Category Code", Format: N, Min: 4, Max: 4}, true
	case id == 53:
		return Spec{Name: "Transaction Currency", Format: N, Min: 3, Max: 3}, true
	case id == 54:
		return Spec{Name: "Transaction Amount", Format: ANS, Min: 1, Max: 13}, true
	case id == 55:
		return Spec{Name: "Tip or Convenience Indicator", Format: N, Min: 2, Max: 2}, true
	case id == 56:
		return Spec{Name: "Value of Convenience Fee Fixed", Format: ANS, Min: 1, Max: 13}, true
	case id == 57:
		return Spec{Name: "Value of Convenience Fee Percentage", Format: ANS, Min: 1, Max: 5}, true
	case id == 58:
		return Spec{Name: "Country Code", Format: ANS, Min: 2, Max: 2}, true
	case id == 59:
		return Spec{Name: "Merchant Name", Format: ANS, Min: 1, Max: 25}, true
	case id == 60:
		return Spec{Name: "Merchant City", Format: ANS, Min: 1, Max: 15}, true
	case id == 61:
		return Spec{Name: "Postal Code", Format: ANS, Min: 1, Max: 10}, true
	case id == 62:
		return Spec{Name: "Additional Data Field Template", Format: S, Min: 1, Max: 99, Template: true}, true
	case id == 63:
		return Spec{Name: "CRC", Format: ANS, Min: 4, Max: 4}, true
	case id == 64:
		return Spec{Name: "Merchant Information—Language Template", Format: S, Min: 1, Max: 99, Template: true}, true
	case id >= 65 && id <= 79:
		return Spec{Name: "RFU for EMVCo", Format: S, Min: 1, Max: 99}, true
	case id >= 80 && id <= 99:
		return Spec{Name: "Unreserved Template", Format: S, Min: 1, Max: 99, Template: true}, true
	}
	return Spec{}, false
}

// primitiveNetwork names the owner of a primitive merchant account tag
// (table 4.1).
func primitiveNetwork(id int) string {
	switch {
	case id <= 3:
		return "Visa"
	case id <= 5:
		return "Mastercard"
	case id <= 8, id >= 17:
		return "EMVCo"
	case id <= 10:
		return "Discover"
	case id <= 12:
		return "Amex"
	case id <= 14:
		return "JCB"
	}
	return "UnionPay"
}

// childSpec describes sub-object sub of the template parent (a root ID).
func childSpec(parent, sub int) (Spec, bool) {
	switch {
	case parent == 62:
		return additionalSpec(sub)
	case parent == 64:
		switch sub {
		case 0:
			return Spec{Name: "Language Preference", Format: ANS, Min: 2, Max: 2}, true
		case 1:
			return Spec{Name: "Merchant Name—Alternate Language", Format: S, Min: 1, Max: 25}, true
		case 2:
			return Spec{Name: "Merchant City—Alternate Language", Format: S, Min: 1, Max: 15}, true
		}
		return Spec{Name: "RFU for EMVCo", Format: S, Min: 1, Max: 99}, true
	case parent >= 26 && parent <= 51, parent >= 80:
		if sub == 0 {
			return Spec{Name: "Globally Unique Identifier", Format: ANS, Min: 1, Max: 32}, true
		}
		return Spec{Name: "Payment network specific", Format: S, Min: 1, Max: 99}, true
	}
	return Spec{}, false
}

// additionalSpec is table 3.7, the sub-objects of tag 62.
func additionalSpec(sub int) (Spec, bool) {
	names := [...]string{1: "Bill Number", "Mobile Number", "Store Label", "Loyalty Number",
		"Reference Label", "Customer Label", "Terminal Label", "Purpose of Transaction"}
	switch {
	case sub >= 1 && sub <= 8:
		return Spec{Name: names[sub], Format: ANS, Min: 1, Max: 25}, true
	case sub == 9:
		return Spec{Name: "Additional Consumer Data Request", Format: ANS, Min: 1, Max: 3}, true
	case sub == 10:
		// Added in MPM v1.1 (seen in SDKs); the text of v1.1 was not read.
		return Spec{Name: "Merchant Tax ID", Format: ANS, Min: 1, Max: 99}, true
	case sub == 11:
		return Spec{Name: "Merchant Channel", Format: ANS, Min: 1, Max: 99}, true
	case sub >= 50:
		return Spec{Name: "Payment System specific template", Format: S, Min: 1, Max: 99, Template: true}, true
	}
	return Spec{Name: "RFU for EMVCo", Format: S, Min: 1, Max: 99}, true
}

// Lookup returns the specification of the data object at path: one root
// ID ("54"), or a root ID and a sub-ID ("62-05"). Deeper levels are
// profile-specific and unknown here.
func Lookup(path ...string) (Spec, bool) {
	ids := make([]int, len(path))
	for i, p := range path {
		if !validID(p) {
			return Spec{}, false
		}
		ids[i] = int(p[0]-'0')*10 + int(p[1]-'0')
	}
	switch len(ids) {
	case 1:
		return rootSpec(ids[0])
	case 2:
		return childSpec(ids[0], ids[1])
	case 3:
		if ids[0] == 62 && ids[1] >= 50 && ids[2] == 0 {
			return Spec{Name: "Globally Unique Identifier", Format: ANS, Min: 1, Max: 32}, true
		}
	}
	return Spec{}, false
}

// Name is the specification's name for the object at path, or "" when it
// has none (see Lookup).
func Name(path ...string) string {
	s, _ := Lookup(path...)
	return s.Name
}

// isTemplate reports whether the object at path holds sub-objects.
func isTemplate(path []string) bool {
	s, ok := Lookup(path...)
	return ok && s.Template
}

// checkFormat reports whether value fits the spec: length and character set.
// Character-set problems are returned separately because they are
// profile matters (tolerated with a warning) while a wrong length is a
// structural error.
func (s Spec) check(value string, runeLen int) (lengthErr, charsetErr string) {
	if runeLen < s.Min || runeLen > s.Max {
		if s.Min == s.Max {
			lengthErr = fmt.Sprintf("must be exactly %d characters long, found %d", s.Min, runeLen)
		} else {
			lengthErr = fmt.Sprintf("must be at most %d characters long, found %d", s.Max, runeLen)
		}
	}
	switch s.Format {
	case N:
		if !isDigits(value) {
			charsetErr = fmt.Sprintf("must be digits only (format N), found %q", value)
		}
	case ANS:
		if !IsANS(value) {
			charsetErr = fmt.Sprintf("must be printable ASCII (format ans), found %q", value)
		}
	}
	return lengthErr, charsetErr
}

// IsANS reports whether s is in EMV's common character set, which is
// printable ASCII (0x20–0x7E).
func IsANS(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}
