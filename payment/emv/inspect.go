package emv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Field is a data object as found in a payload, with its sub-objects
// parsed when the specification makes it a template (26–51, 62 and its
// 50–99, 64, 80–99).
type Field struct {
	ID       string
	Value    string
	Children []Field
}

// Issue is one problem found in a payload. Tag is the path of the data
// object concerned ("54", "62-05"), or "" for the payload as a whole.
type Issue struct {
	Tag  string
	Rule string
}

// Inspection is the structural verdict on a payload.
type Inspection struct {
	Fields   []Field
	Errors   []Issue // the payload breaks the specification's structure
	Warnings []Issue // it bends a rule that real, accepted codes bend too
}

// Valid reports whether no error was found.
func (in Inspection) Valid() bool { return len(in.Errors) == 0 }

// Find returns the field at path (root ID, then sub-IDs).
func (in Inspection) Find(path ...string) (Field, bool) { return FindField(in.Fields, path...) }

// FindField returns the field at path within fields.
func FindField(fields []Field, path ...string) (Field, bool) {
	for len(path) > 0 {
		found := false
		for _, f := range fields {
			if f.ID == path[0] {
				if len(path) == 1 {
					return f, true
				}
				fields, path, found = f.Children, path[1:], true
				break
			}
		}
		if !found {
			return Field{}, false
		}
	}
	return Field{}, false
}

func (in *Inspection) errorf(tag, format string, args ...any) {
	in.Errors = append(in.Errors, Issue{tag, fmt.Sprintf(format, args...)})
}

func (in *Inspection) warnf(tag, format string, args ...any) {
	in.Warnings = append(in.Warnings, Issue{tag, fmt.Sprintf(format, args...)})
}

// Inspect checks a merchant-presented payload against the structure of EMV
// QRCPS MPM: TLV syntax at every level, the CRC, one occurrence of each ID
// per level, 00 first and 63 last, lengths and formats of table 3.6 and its
// templates, the amount rule (4.7.4) and the tip/fee conditions.
//
// It is strict on structure and tolerant on profile, as real codes demand:
// missing 52, 59 or 60 (PromptPay and VietQR personal codes), a payload
// format indicator other than 01 (DuitNow uses 02), non-ASCII text in an
// ans field, a template without its GUID, a raw value in 80–99 or
// 62-50..99 (DuitNow's signature, QRIS acquirers' data), a merchant name
// or city longer than EMV allows and an amount of zero are warnings, not
// errors.
func Inspect(payload string) Inspection {
	var in Inspection
	objs, err := Parse(payload)
	complete := err == nil
	if err != nil {
		in.syntaxError("", err)
	}
	in.Fields = in.tree(nil, objs)
	in.checkCRC(payload, objs, complete)
	in.checkRoot(in.Fields, complete)
	return in
}

// syntaxError records a TLV failure under the tag it concerns.
func (in *Inspection) syntaxError(parent string, err error) {
	var se *SyntaxError
	if !errors.As(err, &se) {
		in.errorf(parent, "%v", err)
		return
	}
	tag := se.Tag
	if parent != "" && tag != "" {
		tag = parent + "-" + tag
	} else if tag == "" {
		tag = parent
	}
	if parent == "" && se.Tag == "63" {
		in.errorf("63", "the CRC must be exactly four hex digits, zero-padded (%s)", se.Msg)
		return
	}
	where := "the payload"
	if parent != "" {
		where = "template " + parent
	}
	in.errorf(tag, "%s is not a valid run of data objects: %s", where, se.Error())
}

// tree turns parsed objects into fields, parsing templates recursively.
func (in *Inspection) tree(path []string, objs []DataObject) []Field {
	out := make([]Field, 0, len(objs))
	for _, o := range objs {
		f := Field{ID: o.ID, Value: o.Value}
		p := append(path[:len(path):len(path)], o.ID)
		if isTemplate(p) {
			subs, err := Parse(o.Value)
			switch {
			case err != nil && isOpenTemplate(p):
				// Kept as one raw value: see isOpenTemplate.
				in.warnf(strings.Join(p, "-"), "%s holds a raw value, not data objects (%v); "+
					"national schemes use these templates so (DuitNow puts PayNet's signature in 82 as hex, "+
					"QRIS acquirers put raw values in 62-50..99) and wallets that do not know it skip it",
					"template "+strings.Join(p, "-"), err)
				out = append(out, f)
				continue
			case err != nil:
				in.syntaxError(strings.Join(p, "-"), err)
			}
			f.Children = in.tree(p, subs)
		}
		out = append(out, f)
	}
	return out
}

// checkCRC verifies tag 63: present, last, four hex digits, matching. When
// the TLV walk failed, the CRC is still checked where it can be found (at
// the very end, or as the last object read before stray characters),
// because a mismatch tells whether the damage happened after encoding.
func (in *Inspection) checkCRC(payload string, objs []DataObject, complete bool) {
	last := -1
	for i, o := range objs {
		if o.ID == "63" {
			last = i
		}
	}
	switch {
	case last >= 0 && last != len(objs)-1:
		in.errorf("63", "the CRC must be the last data object (4.6.1.2), but other data objects follow it")
		return
	case last == -1 && complete:
		in.errorf("63", "the CRC (tag 63) is missing; it must be the last data object")
		return
	case last == -1:
		tail := payload[max(0, len(payload)-8):]
		if len(tail) == 8 && strings.HasPrefix(tail, "6304") && isHex(tail[4:]) {
			in.crcError(payload)
		}
		return
	}
	covered := payload
	if !complete {
		// Stray characters follow the CRC: check what it covers.
		n := 0
		for _, o := range objs {
			n += 4 + len(o.Value)
		}
		if n > len(payload) || payload[n-len(objs[last].Value)-4:n] != "6304"+objs[last].Value {
			return
		}
		covered = payload[:n]
	}
	if in.crcError(covered) {
		return
	}
	if v := objs[last].Value; v != strings.ToUpper(v) {
		in.warnf("63", "the CRC %s is written in lower case; the specification's example and most wallets use upper case", v)
	}
}

// crcError records a failing CheckCRC and reports whether it failed.
func (in *Inspection) crcError(payload string) bool {
	err := CheckCRC(payload)
	if err != nil {
		in.errorf("63", "%v", err)
	}
	return err != nil
}

// checkRoot applies the root rules; mandatory-object checks only make
// sense when the whole payload could be read.
func (in *Inspection) checkRoot(fields []Field, complete bool) {
	if len(fields) > 0 && fields[0].ID != "00" {
		in.errorf("00", "the payload format indicator (tag 00) must be the first data object, found tag %s", fields[0].ID)
	}
	in.checkLevel(nil, fields)
	has := func(id string) bool { _, ok := FindField(fields, id); return ok }
	if complete {
		for _, id := range []string{"00", "53", "58"} {
			if !has(id) {
				in.errorf(id, "%s (tag %s) is mandatory and missing", Name(id), id)
			}
		}
		for _, id := range []string{"52", "59", "60"} {
			if !has(id) {
				in.warnf(id, "%s (tag %s) is missing; EMV makes it mandatory, though some national personal codes omit it", Name(id), id)
			}
		}
		account := false
		for _, f := range fields {
			if n, _ := strconv.Atoi(f.ID); n >= 2 && n <= 51 {
				account = true
			}
		}
		if !account {
			in.errorf("", "no merchant account information (tags 02 to 51): a wallet would not know whom to pay")
		}
	}
	for _, f := range fields {
		in.checkRootValue(f, fields)
	}
}

// checkLevel checks every object of one level: unique IDs, length and
// character set, then recurses into templates.
func (in *Inspection) checkLevel(path []string, fields []Field) {
	seen := map[string]bool{}
	for _, f := range fields {
		p := append(path[:len(path):len(path)], f.ID)
		tag := strings.Join(p, "-")
		if seen[f.ID] {
			in.errorf(tag, "tag %s appears more than once; each ID may appear only once per level (4.3.1.2)", tag)
		}
		seen[f.ID] = true
		spec, known := Lookup(p...)
		if !known {
			continue
		}
		runes := utf8.RuneCountInString(f.Value)
		lengthErr, charsetErr := spec.check(f.Value, runes)
		switch {
		case lengthErr != "" && runes > spec.Max && isNameTag(tag):
			// The TLV length says where the value ends, so a long name
			// reads fine; wallets cut it for display.
			in.warnf(tag, "%s %s; some national codes carry longer names (DuitNow and QRIS wallets show them cut)", spec.Name, lengthErr)
		case lengthErr != "":
			in.errorf(tag, "%s %s", spec.Name, lengthErr)
		}
		if charsetErr != "" {
			if spec.Format == N {
				in.errorf(tag, "%s %s", spec.Name, charsetErr)
			} else {
				in.warnf(tag, "%s %s", spec.Name, charsetErr)
			}
		}
		if spec.Template {
			in.checkTemplate(p, f)
		}
	}
}

// checkTemplate checks a template's own rules, then its children.
func (in *Inspection) checkTemplate(p []string, f Field) {
	tag := strings.Join(p, "-")
	if len(f.Children) == 0 {
		return // a parse error was already reported, or the value is empty
	}
	switch {
	case tag == "64":
		if _, ok := FindField(f.Children, "00"); !ok {
			in.errorf("64-00", "the language template needs its language preference (64-00)")
		}
		if _, ok := FindField(f.Children, "01"); !ok {
			in.errorf("64-01", "the language template needs the merchant name in that language (64-01)")
		}
	case tag != "62":
		if _, ok := FindField(f.Children, "00"); !ok {
			in.warnf(tag+"-00", "template %s has no globally unique identifier in sub-field 00 (table 4.2), so no wallet can tell whose account it is", tag)
		}
	}
	if tag == "62" {
		in.checkAdditional(f.Children)
	}
	in.checkLevel(p, f.Children)
}

// checkAdditional applies table 3.7's value rules to tag 62.
func (in *Inspection) checkAdditional(children []Field) {
	if f, ok := FindField(children, "09"); ok {
		seen := map[rune]bool{}
		for _, r := range f.Value {
			if !strings.ContainsRune("AME", r) || seen[r] {
				in.errorf("62-09", "the consumer data request is made of A, M and E, each at most once; found %q", f.Value)
				break
			}
			seen[r] = true
		}
	}
}

// checkRootValue applies the value rules of single root objects.
//
// It is better whole: one case per root tag of EMV QRCPS MPM, each the
// value rule the spec gives that tag; the switch is the spec's list, and a
// tag's rule is found by its number.
func (in *Inspection) checkRootValue(f Field, root []Field) {
	switch f.ID {
	case "00":
		if f.Value != "01" && isDigits(f.Value) && len(f.Value) == 2 {
			in.warnf("00", "payload format indicator %q is not 01, the only version EMV defines (DuitNow codes use 02)", f.Value)
		}
	case "01":
		if f.Value != "11" && f.Value != "12" {
			in.errorf("01", "point of initiation must be 11 (static) or 12 (dynamic), found %q", f.Value)
		}
	case "54", "56":
		if err := CheckAmount(f.Value); errors.Is(err, ErrAmountZero) && f.ID == "54" {
			in.warnf(f.ID, "Transaction Amount %s is zero: wallets read it as no amount and ask the payer, as national static codes that write it intend", f.Value)
		} else if err != nil {
			in.errorf(f.ID, "%s %v", Name(f.ID), err)
		}
	case "55":
		fee, pct := "56", "57"
		_, hasFee := FindField(root, fee)
		_, hasPct := FindField(root, pct)
		switch f.Value {
		case "01":
		case "02":
			if !hasFee {
				in.errorf(fee, "indicator 55=02 asks for a fixed convenience fee, but tag 56 is missing")
			}
		case "03":
			if !hasPct {
				in.errorf(pct, "indicator 55=03 asks for a convenience fee percentage, but tag 57 is missing")
			}
		default:
			in.errorf("55", "tip or convenience indicator must be 01, 02 or 03, found %q", f.Value)
		}
		if hasFee && f.Value != "02" {
			in.errorf(fee, "a fixed convenience fee (56) is only allowed with indicator 55=02")
		}
		if hasPct && f.Value != "03" {
			in.errorf(pct, "a convenience fee percentage (57) is only allowed with indicator 55=03")
		}
	case "57":
		if !validPercentage(f.Value) {
			in.errorf("57", "convenience fee percentage must be between 00.01 and 99.99 with a '.' mark and no %% sign, found %q", f.Value)
		}
	case "58":
		if len(f.Value) == 2 && !(isUpper(f.Value[0]) && isUpper(f.Value[1])) {
			in.errorf("58", "country code must be two upper-case letters (ISO 3166-1 alpha-2), found %q", f.Value)
		}
	}
	if f.ID == "56" || f.ID == "57" {
		if _, ind := FindField(root, "55"); !ind {
			in.errorf(f.ID, "%s needs the tip or convenience indicator (tag 55)", Name(f.ID))
		}
	}
}

// Amount rule errors (4.7.4).
var (
	ErrAmountChars = errors.New("must be digits with at most one '.' as the decimal mark (no comma, space or sign)")
	ErrAmountZero  = errors.New("must not be zero")
	ErrAmountLong  = errors.New("must be at most 13 characters long")
)

// CheckAmount applies EMV's amount rule (4.7.4): digits and at most one
// '.', not zero, at most 13 characters. "98.73", "98" and "98." pass;
// "98,73", "3 705" and "0.00" do not.
func CheckAmount(s string) error {
	if len(s) > 13 {
		return ErrAmountLong
	}
	dots, digits, nonZero := 0, 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			dots++
		case c >= '0' && c <= '9':
			digits++
			nonZero = nonZero || c != '0'
		default:
			return ErrAmountChars
		}
	}
	if dots > 1 || digits == 0 {
		return ErrAmountChars
	}
	if !nonZero {
		return ErrAmountZero
	}
	return nil
}

func validPercentage(s string) bool {
	if len(s) > 5 || CheckAmount(s) != nil {
		return false
	}
	whole, frac, _ := strings.Cut(s, ".")
	return len(whole) <= 2 && len(frac) <= 2
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return s != ""
}

// isOpenTemplate reports whether the object at path is a template whose
// content only its owner defines: the unreserved templates 80–99 and the
// payment-system templates 62-50..99. Real codes put raw values there
// (DuitNow's signature in 82, QRIS acquirers' data in 62-50..99), so one
// that is not a run of data objects is kept whole with a warning; the
// object itself was read by its own length, so nothing around it is lost.
func isOpenTemplate(path []string) bool {
	n := func(id string) int { return int(id[0]-'0')*10 + int(id[1]-'0') }
	switch len(path) {
	case 1:
		return n(path[0]) >= 80
	case 2:
		return path[0] == "62" && n(path[1]) >= 50
	}
	return false
}

// isNameTag reports whether tag is a merchant name or city, whose length
// limit is a display rule rather than a structural one.
func isNameTag(tag string) bool {
	switch tag {
	case "59", "60", "64-01", "64-02":
		return true
	}
	return false
}
