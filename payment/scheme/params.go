package scheme

import (
	"fmt"
	"sort"
	"strings"
)

// Params are one [[schemes]] entry of the configuration, as decoded from
// TOML: keys to strings, integers, booleans or tables. Constructors take
// what they know and Params reports any key left over, so a typo in the
// configuration is an error rather than a silently ignored setting.
type Params struct {
	where   string // "schemes[2] (pix)" for error messages
	values  map[string]any
	used    map[string]bool
	missing string // the required key found absent, if any
}

// typoOf returns a key of the entry that nobody read and that is within
// two edits of key: most likely a misspelling of it.
func (p *Params) typoOf(key string) string {
	if key == "" {
		return ""
	}
	var best string
	for k := range p.values {
		if !p.used[k] && k != "type" && k != "name" && editDistance(k, key) <= 2 && (best == "" || k < best) {
			best = k
		}
	}
	return best
}

// editDistance is the Levenshtein distance between two short keys.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// NewParams wraps one configuration entry; index is its position in the
// file, for error messages.
func NewParams(index int, values map[string]any) *Params {
	p := &Params{values: values, used: map[string]bool{}}
	name, _ := values["name"].(string)
	typ, _ := values["type"].(string)
	if name == "" {
		name = typ
	}
	p.where = fmt.Sprintf("schemes[%d]", index)
	if name != "" {
		p.where += " (" + name + ")"
	}
	return p
}

// Errorf makes an error that names the entry and key.
func (p *Params) Errorf(key, format string, args ...any) error {
	return fmt.Errorf("%s: %s: %s", p.where, key, fmt.Sprintf(format, args...))
}

// String returns a string value, or "" when absent. A value of another type
// is an error.
func (p *Params) String(key string) (string, error) {
	p.used[key] = true
	v, ok := p.values[key]
	if !ok {
		return "", nil
	}
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v), nil
	case int64:
		return fmt.Sprint(v), nil // a phone number or id written without quotes
	}
	return "", p.Errorf(key, "must be text, not %T", v)
}

// Required is String that refuses an absent or empty value.
func (p *Params) Required(key, what string) (string, error) {
	s, err := p.String(key)
	if err == nil && s == "" {
		err = p.Errorf(key, "is required (%s)", what)
		p.missing = key
	}
	return s, err
}

// Int returns an integer value, or def when absent.
func (p *Params) Int(key string, def int) (int, error) {
	p.used[key] = true
	v, ok := p.values[key]
	if !ok {
		return def, nil
	}
	switch v := v.(type) {
	case int64:
		return int(v), nil
	case int:
		return v, nil
	}
	return 0, p.Errorf(key, "must be a whole number, not %T", v)
}

// Bool returns a boolean value, or def when absent.
func (p *Params) Bool(key string, def bool) (bool, error) {
	p.used[key] = true
	v, ok := p.values[key]
	if !ok {
		return def, nil
	}
	if b, ok := v.(bool); ok {
		return b, nil
	}
	return false, p.Errorf(key, "must be true or false, not %T", v)
}

// Table returns a sub-table of string values (e.g. extra EMV sub-fields).
func (p *Params) Table(key string) (map[string]string, error) {
	p.used[key] = true
	v, ok := p.values[key]
	if !ok {
		return nil, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, p.Errorf(key, "must be a table of text values")
	}
	out := map[string]string{}
	for k, x := range m {
		s, ok := x.(string)
		if !ok {
			return nil, p.Errorf(key+"."+k, "must be text")
		}
		out[k] = s
	}
	return out, nil
}

// Unused reports keys nobody asked for.
func (p *Params) Unused() error {
	var extra []string
	for k := range p.values {
		if !p.used[k] && k != "type" && k != "name" {
			extra = append(extra, k)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	sort.Strings(extra)
	return fmt.Errorf("%s: unknown key %q", p.where, extra[0])
}

// Name returns the entry's name (defaulting to its type).
func (p *Params) Name() string {
	if n, _ := p.values["name"].(string); n != "" {
		return n
	}
	t, _ := p.values["type"].(string)
	return t
}

// constructors maps a scheme type to the function that builds it.
var constructors = map[string]func(*Params) (Scheme, error){}

func register(typ string, f func(*Params) (Scheme, error)) { constructors[typ] = f }

// Types lists the scheme types till knows, sorted.
func Types() []string {
	var t []string
	for k := range constructors {
		t = append(t, k)
	}
	sort.Strings(t)
	return t
}

// New builds and validates one scheme from its configuration entry.
func New(index int, values map[string]any) (Scheme, error) {
	p := NewParams(index, values)
	typ, _ := values["type"].(string)
	if typ == "" {
		return nil, p.Errorf("type", "is required: one of %s", strings.Join(Types(), ", "))
	}
	f, ok := constructors[typ]
	if !ok {
		return nil, p.Errorf("type", "unknown scheme type %q: use one of %s", typ, strings.Join(Types(), ", "))
	}
	sc, err := f(p)
	if err != nil {
		// A misspelt key shows first as a required key missing; naming the
		// misspelling says what to fix.
		if typo := p.typoOf(p.missing); typo != "" {
			return nil, fmt.Errorf("%s: unknown key %q (did you mean %q?)", p.where, typo, p.missing)
		}
		return nil, err
	}
	if err := p.Unused(); err != nil {
		return nil, err
	}
	return sc, nil
}

type named struct{ name, typ string }

func (n named) Name() string { return n.name }
func (n named) Type() string { return n.typ }
