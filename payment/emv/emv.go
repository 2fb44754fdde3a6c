// Package emv reads and writes EMVCo merchant-presented QR payloads
// (EMV QRCPS-MPM): two-digit IDs, two-digit lengths counted in characters,
// nested templates, and the CRC-16/CCITT-FALSE trailer in tag 63.
//
// It knows the structure only. What the fields mean for PIX, PromptPay and
// the other national profiles lives in package scheme.
package emv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DataObject is one ID-length-value element. Value is kept as text; a
// template's value is itself a run of data objects (see Parse).
type DataObject struct {
	ID    string // two digits, "00" to "99"
	Value string
}

// Object builds a DataObject; it is shorthand for literals.
func Object(id, value string) DataObject { return DataObject{ID: id, Value: value} }

// Template builds a DataObject whose value is the encoding of children.
// Children with an empty value are left out, so optional sub-fields can be
// written unconditionally.
func Template(id string, children ...DataObject) (DataObject, error) {
	v, err := Encode(children...)
	if err != nil {
		return DataObject{}, fmt.Errorf("template %s: %w", id, err)
	}
	return DataObject{ID: id, Value: v}, nil
}

// Encode writes data objects in the order given. Objects with an empty
// value are skipped (EMV has no empty fields). Lengths count characters,
// not bytes, as the specification requires (4.4.1.1).
func Encode(objs ...DataObject) (string, error) {
	var b strings.Builder
	for _, o := range objs {
		if o.Value == "" {
			continue
		}
		if !validID(o.ID) {
			return "", fmt.Errorf("data object ID %q must be two digits", o.ID)
		}
		n := utf8.RuneCountInString(o.Value)
		if n > 99 {
			return "", fmt.Errorf("tag %s is %d characters long; at most 99 fit", o.ID, n)
		}
		fmt.Fprintf(&b, "%s%02d%s", o.ID, n, o.Value)
	}
	return b.String(), nil
}

// Payload encodes the root data objects and appends the CRC (tag 63), the
// form a QR code carries. Tag 00 must be the first object given, and no
// object may be tag 63.
func Payload(objs ...DataObject) (string, error) {
	if len(objs) == 0 || objs[0].ID != "00" {
		return "", errors.New("the payload format indicator (tag 00) must come first")
	}
	for _, o := range objs {
		if o.ID == "63" {
			return "", errors.New("tag 63 is the CRC and is added by Payload")
		}
	}
	body, err := Encode(objs...)
	if err != nil {
		return "", err
	}
	body += "6304"
	return body + fmt.Sprintf("%04X", CRC16([]byte(body))), nil
}

// CRC16 is CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no
// reflection, no final XOR) over bytes; EMV computes it over the UTF-8 bytes
// of the payload up to and including "6304".
func CRC16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, x := range b {
		crc ^= uint16(x) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// SyntaxError reports a malformed TLV run: where (in characters from the
// start of the run) and what.
type SyntaxError struct {
	Offset int
	Tag    string // the ID of the object being read, "" when none was
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("at character %d: %s", e.Offset, e.Msg) }

// Parse splits a run of data objects into its elements, one level deep.
// It fails on a non-numeric ID or length, a zero length, or a length that
// runs past the end.
func Parse(s string) ([]DataObject, error) {
	runes := []rune(s)
	var out []DataObject
	for i := 0; i < len(runes); {
		if len(runes)-i < 4 {
			return out, &SyntaxError{i, "", strayMsg(runes[i:])}
		}
		id := string(runes[i : i+2])
		if !validID(id) {
			return out, &SyntaxError{i, "", fmt.Sprintf("ID %q is not two digits", id)}
		}
		ls := string(runes[i+2 : i+4])
		n, err := strconv.Atoi(ls)
		if err != nil || !isDigits(ls) {
			return out, &SyntaxError{i + 2, id, fmt.Sprintf("tag %s: length %q is not two digits", id, ls)}
		}
		if n == 0 {
			return out, &SyntaxError{i + 2, id, fmt.Sprintf("tag %s: length 00 (an empty field is not allowed)", id)}
		}
		if i+4+n > len(runes) {
			return out, &SyntaxError{i + 2, id, fmt.Sprintf("tag %s: length %d runs past the end", id, n)}
		}
		out = append(out, DataObject{ID: id, Value: string(runes[i+4 : i+4+n])})
		i += 4 + n
	}
	return out, nil
}

// strayMsg describes characters left after the last whole data object;
// a line break there is the usual copy-and-paste artefact.
func strayMsg(rest []rune) string {
	what := "character"
	if len(rest) > 1 {
		what = "characters"
	}
	hint := ""
	if strings.ContainsAny(string(rest), "\r\n") {
		hint = " (a line break: was the payload copied with its newline?)"
	}
	return fmt.Sprintf("%d stray %s %q after the last data object%s", len(rest), what, string(rest), hint)
}

// ErrCRC is wrapped when the CRC is missing, malformed or wrong.
var ErrCRC = errors.New("CRC")

// CheckCRC verifies that payload ends in "6304" and four hex digits that
// match the CRC of everything before them. Lower-case hex is accepted
// (real LankaQR codes use it); till never writes it.
func CheckCRC(payload string) error {
	if len(payload) < 8 {
		return fmt.Errorf("%w: payload too short to hold a CRC", ErrCRC)
	}
	tail := payload[len(payload)-8:]
	if tail[:4] != "6304" {
		return fmt.Errorf("%w: the payload must end with tag 63 (6304 and four hex digits)", ErrCRC)
	}
	got, err := strconv.ParseUint(tail[4:], 16, 16)
	if err != nil || strings.ContainsAny(tail[4:], "+-xX_") {
		return fmt.Errorf("%w: %q is not four hex digits", ErrCRC, tail[4:])
	}
	want := CRC16([]byte(payload[:len(payload)-4]))
	if uint16(got) != want {
		return fmt.Errorf("%w mismatch: the payload says %s, its content gives %04X", ErrCRC, strings.ToUpper(tail[4:]), want)
	}
	return nil
}

// Find returns the value of the first object with the given ID.
func Find(objs []DataObject, id string) (string, bool) {
	for _, o := range objs {
		if o.ID == id {
			return o.Value, true
		}
	}
	return "", false
}

func validID(id string) bool { return len(id) == 2 && isDigits(id) }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
