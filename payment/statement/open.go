package statement

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/transform"
)

// Format names accepted by Open.
const (
	FormatAuto  = "auto"
	FormatCAMT  = "camt"  // camt.053, camt.052, camt.054 (also accepted as names)
	FormatMT940 = "mt940" // MT940 and MT942 ("mt942" is accepted too)
	FormatOFX   = "ofx"   // OFX and QFX ("qfx" is accepted too)
	FormatPIX   = "pix"
	FormatCSV   = "csv" // needs Options.Profile
)

// Formats lists the format names for help texts.
func Formats() []string {
	return []string{FormatAuto, FormatCAMT, FormatMT940, FormatOFX, FormatPIX, FormatCSV}
}

// peekSize is how much of a file format "auto" looks at.
const peekSize = 64 << 10

// Open returns a Reader for a statement in the given format ("auto"
// recognises it from the content without consuming anything). For "csv",
// Options.Profile names the profile.
func Open(r io.Reader, format string, opts Options) (Reader, error) {
	br := bufio.NewReaderSize(r, peekSize)
	f := strings.ToLower(strings.TrimSpace(format))
	var profile Profile
	switch f {
	case "", FormatAuto:
		head, err := br.Peek(peekSize)
		if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
			return nil, err
		}
		var name string
		if f, name, err = DetectFormat(head, opts); err != nil {
			return nil, err
		}
		if f == FormatCSV {
			if profile, err = LookupProfile(name, opts.Profiles); err != nil {
				return nil, err
			}
		}
	case "camt.053", "camt.052", "camt.054", "camt053", "camt052", "camt054":
		f = FormatCAMT
	case "mt942", "sta":
		f = FormatMT940
	case "qfx":
		f = FormatOFX
	case FormatCSV:
		if opts.Profile == "" {
			return nil, fmt.Errorf("format csv needs a profile: one of %s, or one of your [[csv_profiles]]", builtinNames())
		}
		var err error
		if profile, err = LookupProfile(opts.Profile, opts.Profiles); err != nil {
			return nil, err
		}
	}
	var src entrySource
	switch f {
	case FormatCAMT:
		src = newCAMTReader(br, opts)
	case FormatMT940:
		src = newMT940Reader(br, opts)
	case FormatOFX:
		src = newOFXReader(br, opts)
	case FormatPIX:
		src = newPIXReader(br, opts)
	case FormatCSV:
		c, err := newCSVReader(br, profile, opts)
		if err != nil {
			return nil, err
		}
		src = c
	default:
		return nil, fmt.Errorf("%w %q: use one of %s", ErrUnknownFormat, format, strings.Join(Formats(), ", "))
	}
	return &keyedReader{src: src, keys: newKeyer(opts.ContentKeys)}, nil
}

func builtinNames() string {
	var names []string
	for _, p := range Profiles() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}

// DetectFormat recognises a statement from its first bytes (Open peeks
// 64 KiB). For CSV it also names the profile: opts.Profile if set, else
// the first of the user's profiles and then the built-ins whose header
// columns are all present.
func DetectFormat(head []byte, opts Options) (format, profile string, err error) {
	utf16 := bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF})
	if !utf16 {
		t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
		upper := bytes.ToUpper(t)
		switch {
		case bytes.HasPrefix(upper, []byte("OFXHEADER")):
			return FormatOFX, "", nil
		case bytes.HasPrefix(t, []byte("<")):
			switch {
			case bytes.Contains(upper, []byte("<OFX")) || bytes.Contains(upper, []byte("<?OFX")):
				return FormatOFX, "", nil
			case bytes.Contains(t, []byte("BkToCstmr")) || bytes.Contains(t, []byte("camt.05")):
				return FormatCAMT, "", nil
			}
			return "", "", fmt.Errorf("%w: an XML file that is neither ISO 20022 camt nor OFX", ErrUnknownFormat)
		case looksLikeMT940(t): // before JSON: SWIFT blocks start with "{1:"
			return FormatMT940, "", nil
		case bytes.HasPrefix(t, []byte("{")) || bytes.HasPrefix(t, []byte("[")):
			if bytes.Contains(t, []byte(`"pix"`)) || bytes.Contains(t, []byte(`"endToEndId"`)) {
				return FormatPIX, "", nil
			}
			return "", "", fmt.Errorf("%w: a JSON file without a PIX \"pix\" array", ErrUnknownFormat)
		}
	}
	if opts.Profile != "" {
		return FormatCSV, opts.Profile, nil
	}
	candidates := append(append([]Profile{}, opts.Profiles...), Profiles()...)
	for _, p := range candidates {
		if matchProfile(head, p) {
			return FormatCSV, p.Name, nil
		}
	}
	return "", "", fmt.Errorf("%w: not camt, MT940, OFX or PIX JSON, and no CSV profile (%s) matches its header; "+
		"give --format and --profile, or add a [[csv_profiles]] entry", ErrUnknownFormat, builtinNames())
}

func looksLikeMT940(t []byte) bool {
	if !bytes.HasPrefix(t, []byte("{1:")) && !bytes.HasPrefix(t, []byte(":20:")) && !bytes.Contains(t, []byte("\n:20:")) {
		return false
	}
	if !bytes.Contains(t, []byte(":25:")) {
		return false
	}
	for _, tag := range []string{":28C:", ":60F:", ":60M:", ":34F:", ":61:"} {
		if bytes.Contains(t, []byte(tag)) {
			return true
		}
	}
	return false
}

// matchProfile decodes the head of a file as the profile says and checks
// that its header row has every column the profile names.
func matchProfile(head []byte, p Profile) bool {
	if p.NoHeader || p.Validate() != nil {
		return false
	}
	if i := bytes.LastIndexByte(head, '\n'); i >= 0 && len(head) == peekSize {
		head = head[:i+1] // drop a line cut by the peek
	}
	enc := encodingFor(p.Encoding, head)
	text := head
	if enc == nil {
		text = bytes.TrimPrefix(text, []byte{0xEF, 0xBB, 0xBF})
	} else {
		if len(text)%2 == 1 && strings.HasPrefix(strings.ToLower(p.Encoding), "utf-16") {
			text = text[:len(text)-1]
		}
		decoded, _, err := transform.Bytes(enc.NewDecoder(), text)
		if err != nil {
			return false
		}
		text = decoded
	}
	lines := strings.Split(string(text), "\n")
	if len(lines) <= p.SkipLines {
		return false
	}
	for _, line := range lines[p.SkipLines:] {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || (p.Comment != "" && strings.HasPrefix(line, p.Comment)) {
			continue
		}
		cr := csv.NewReader(strings.NewReader(line))
		cr.Comma, _ = p.delimiter()
		cr.LazyQuotes = true
		cr.FieldsPerRecord = -1
		rec, err := cr.Read()
		if err != nil {
			return false
		}
		have := map[string]bool{}
		for _, h := range rec {
			have[strings.ToLower(cleanCell(h, false))] = true
		}
		for _, c := range profileColumns(p) {
			if c.position() < 0 && !have[strings.ToLower(strings.TrimSpace(string(c)))] {
				return false
			}
		}
		return p.Date.position() < 0 // a header of names was found
	}
	return false
}

func profileColumns(p Profile) []Column {
	cols := []Column{p.Date, p.Time, p.ValueDate, p.Amount, p.Credit, p.Debit, p.Direction, p.Currency,
		p.Reference, p.Counterparty, p.Account, p.ProviderID, p.BankCode, p.Status}
	cols = append(cols, p.Text...)
	cols = append(cols, p.ID...)
	out := cols[:0]
	for _, c := range cols {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}
