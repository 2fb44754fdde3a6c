package setup

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"

	"github.com/till-pos/till/payment/config"
	"github.com/till-pos/till/payment/locale"
	"github.com/till-pos/till/payment/pin"
)

// Hub choices (the schemes overview).
const (
	hubContinue = "continue"
	hubAdd      = "add"
	hubMerchant = "merchant"
	hubEdit     = "edit:"
	hubRemove   = "remove:"
)

// input is a text field bound to *v (wrap it to show its error under it).
func (m *Model) input(key, title, help string, v *string) *huh.Input {
	return huh.NewInput().Key(key).Title(m.lang.Text(title)).Description(m.lang.Text(help)).Value(v)
}

func (m *Model) wrap(f huh.Field) huh.Field { return showError(f, m.styles.Error) }

func (m *Model) newForm(groups ...*huh.Group) *huh.Form {
	return huh.NewForm(groups...).
		WithTheme(formTheme(m.opts.NoColor)).
		WithKeyMap(formKeys(m.lang)).
		WithShowHelp(false).  // the model's help line shows the keys
		WithShowErrors(false) // withError shows them under the fields
}

// formKeys are huh's keys without the option filter (esc, which ends a
// filter, goes back a step here) and with plainer help, in the language.
func formKeys(l locale.Locale) *huh.KeyMap {
	k := huh.NewDefaultKeyMap()
	k.Select.Filter.SetEnabled(false)
	for _, b := range []*key.Binding{&k.Input.Prev, &k.Select.Prev, &k.Confirm.Prev} {
		b.SetHelp("shift+tab", "previous field")
	}
	for _, group := range [][]*key.Binding{
		{&k.Input.Prev, &k.Input.Next, &k.Input.Submit, &k.Input.AcceptSuggestion},
		{&k.Select.Prev, &k.Select.Next, &k.Select.Submit, &k.Select.Up, &k.Select.Down, &k.Select.Left, &k.Select.Right,
			&k.Select.GotoTop, &k.Select.GotoBottom, &k.Select.HalfPageUp, &k.Select.HalfPageDown,
			&k.Select.Filter, &k.Select.SetFilter, &k.Select.ClearFilter},
		{&k.Confirm.Prev, &k.Confirm.Next, &k.Confirm.Submit, &k.Confirm.Toggle, &k.Confirm.Accept, &k.Confirm.Reject},
	} {
		translateKeys(l, group...)
	}
	return k
}

// translateKeys puts the keys' help in the language; the keys' names are
// what the keyboard says and stay.
func translateKeys(l locale.Locale, keys ...*key.Binding) {
	for _, b := range keys {
		h := b.Help()
		b.SetHelp(h.Key, l.Text(h.Desc))
	}
}

// merchantForm asks the merchant profile.
func (m *Model) merchantForm() *huh.Form {
	d := m.d
	intro := m.lang.T("Nothing is saved until you check a test code at the end.")
	if m.opts.Existing == nil {
		intro = m.lang.T("Welcome to till. %s", intro)
	}
	cur := m.input("currency", "Currency", "", &d.merchant.Currency).CharLimit(3).
		Validate(m.merchantRule("currency", "Currency"))
	m.currency = cur
	m.refreshCurrency()
	return m.newForm(huh.NewGroup(
		m.wrap(m.input("name", "Business name", "as the customer's wallet shows it; codes carry 25 letters", &d.merchant.Name).
			Validate(m.merchantRule("name", "Business name"))),
		m.wrap(m.input("city", "City", "codes carry 15 letters", &d.merchant.City).
			Validate(m.merchantRule("city", "City"))),
		m.wrap(m.input("country", "Country", "two-letter ISO 3166 code: BR, TH, SG, DE…", &d.merchant.Country).
			CharLimit(2).Validate(m.merchantRule("country", "Country"))),
		m.wrap(cur),
		m.wrap(m.input("mcc", "Merchant category code", "optional, 4 digits: 5812 restaurant, 5411 grocery, 4121 taxi", &d.merchant.MCC).
			CharLimit(4).Validate(m.merchantRule("mcc", "Merchant category code"))),
	).Title(m.lang.T("Your business")).Description(intro))
}

// refreshCurrency shows the default currency of the country typed so
// far. It runs in Update, after every key: huh's DescriptionFunc would
// read the draft from another goroutine while the next key writes it.
func (m *Model) refreshCurrency() {
	if m.currency == nil {
		return
	}
	def := config.DefaultCurrency(m.d.merchant.Country)
	if def == "" {
		m.currency.Description(m.lang.T("ISO 4217 code, like EUR or BRL")).Placeholder("")
		return
	}
	m.currency.Description(m.lang.T("ISO 4217 code; leave empty for %s", def)).Placeholder(def)
}

// merchantRule checks one merchant field with config's rules, the other
// fields set to valid stand-ins so that only this one can fail.
func (m *Model) merchantRule(key, title string) func(string) error {
	title = m.lang.Text(title)
	return func(v string) error {
		ms := config.MerchantSection{Name: "X", City: "X", Country: "BR", Currency: "BRL"}
		switch key {
		case "name":
			ms.Name = v
		case "city":
			ms.City = v
		case "country":
			ms.Country = v
		case "currency":
			ms.Currency = v
			if strings.TrimSpace(v) == "" {
				ms.Currency = config.DefaultCurrency(m.d.merchant.Country)
				if ms.Currency == "" {
					return errors.New(m.lang.T("%s is required: till knows no usual currency for country %q", title, m.d.merchant.Country))
				}
			}
		case "mcc":
			ms.MCC = v
		}
		_, err := config.ResolveMerchant(ms)
		if err == nil {
			return nil
		}
		// "merchant.mcc "54" must be four digits…" → "Merchant category code "54" must be…"
		msg, ok := strings.CutPrefix(err.Error(), "merchant."+key)
		if !ok {
			return err
		}
		return errors.New(title + msg)
	}
}

// hubForm is the schemes overview: continue, add, edit or remove.
func (m *Model) hubForm() *huh.Form {
	d := m.d
	var lines []string
	l := m.lang
	opts := []huh.Option[string]{huh.NewOption(l.T("Continue"), hubContinue), huh.NewOption(l.T("Add another scheme"), hubAdd)}
	for i, s := range d.schemes {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, s.summary(l)))
		opts = append(opts, huh.NewOption(l.T("Edit %s", s.name()), fmt.Sprintf("%s%d", hubEdit, i)))
	}
	for i, s := range d.schemes {
		opts = append(opts, huh.NewOption(l.T("Remove %s", s.name()), fmt.Sprintf("%s%d", hubRemove, i)))
	}
	opts = append(opts, huh.NewOption(l.T("Change the business details"), hubMerchant))
	d.hub = hubContinue
	sel := huh.NewSelect[string]().Key("hub").Title(l.T("What next?")).Options(opts...).Value(&d.hub)
	return m.newForm(huh.NewGroup(m.wrap(sel)).Title(l.T("Payment schemes")).Description(strings.Join(lines, "\n")))
}

// typeForm asks which scheme to add, offering only the schemes that work
// in the merchant's currency and country (a generic wallet works in any);
// a type chosen otherwise (an edited configuration) is refused with the
// reason.
func (m *Model) typeForm() *huh.Form {
	d := m.d
	merchant, _ := d.resolvedMerchant()
	var fits []huh.Option[string]
	for _, s := range specs {
		cur, country := s.requires()
		if (cur == "" || cur == merchant.Currency.Code) && (country == "" || country == merchant.Country) {
			fits = append(fits, huh.NewOption(m.lang.Text(s.Label), s.Type))
		}
	}
	if d.cur.Type == "" && len(fits) > 0 {
		d.cur.Type = fits[0].Value
	}
	l := m.lang
	sel := huh.NewSelect[string]().Key("type").Title(l.T("How do your customers pay?")).
		Description(l.T("The schemes that pay in %s in %s.", merchant.Currency.Code, merchant.Country)).
		Options(fits...).Value(&d.cur.Type).
		Validate(func(typ string) error {
			s, ok := specFor(typ)
			if !ok {
				return errors.New(l.T("unknown scheme type %q", typ))
			}
			cur, country := s.requires()
			if cur != "" && cur != merchant.Currency.Code {
				return errors.New(l.T("%s pays in %s only, but your currency is %s: choose another scheme, or go back (esc) and change the currency", typ, cur, merchant.Currency.Code))
			}
			if country != "" && country != merchant.Country {
				return errors.New(l.T("%s works in %s only, but your country is %s: choose another scheme, or go back (esc) and change the country", typ, country, merchant.Country))
			}
			return nil
		})
	title := l.T("Add a payment scheme")
	if d.curAt < len(d.schemes) {
		title = l.T("Change scheme %s", d.schemes[d.curAt].name())
	}
	return m.newForm(huh.NewGroup(m.wrap(sel)).Title(title))
}

// targetForm asks where a scheme with alternatives pays to.
func (m *Model) targetForm(spec typeSpec) *huh.Form {
	var opts []huh.Option[string]
	for _, t := range spec.Targets {
		opts = append(opts, huh.NewOption(m.lang.Text(t.Label), t.Fields[0].Key))
	}
	if m.d.cur.Target == "" {
		m.d.cur.Target = spec.firstTarget()
	}
	label := m.lang.Text(spec.Label)
	sel := huh.NewSelect[string]().Key("target").Title(m.lang.T("%s pays to", label)).Options(opts...).Value(&m.d.cur.Target)
	return m.newForm(huh.NewGroup(m.wrap(sel)).Title(label).Description(m.lang.Text(spec.Help)))
}

// mapValue binds a field to one key of a map.
type mapValue[T any] struct {
	m map[string]T
	k string
}

func (a mapValue[T]) Get() T  { return a.m[a.k] }
func (a mapValue[T]) Set(v T) { a.m[a.k] = v }

// fieldsForm asks the keys of the scheme being edited, each checked by
// scheme.New as soon as it is entered.
func (m *Model) fieldsForm(spec typeSpec) *huh.Form {
	d := m.d
	var fields []huh.Field
	for _, f := range spec.fields(d.cur.Target) {
		if f.Kind == boolean {
			fields = append(fields, m.wrap(huh.NewConfirm().Key(f.Key).Title(m.lang.Text(f.Title)).
				Accessor(mapValue[bool]{d.cur.Bools, f.Key}).Affirmative(m.lang.T("Yes")).Negative(m.lang.T("No"))))
			continue
		}
		in := m.withExample(huh.NewInput().Key(f.Key).Title(m.lang.Text(f.Title)), m.lang.Text(f.Help), f.Example).
			Accessor(mapValue[string]{d.cur.Values, f.Key}).Validate(m.fieldRule(f))
		fields = append(fields, m.wrap(in))
	}
	// The name comes last: most tills have one scheme and never need it.
	fields = append(fields, m.wrap(m.input("name", "Name", "optional; tells schemes apart (till charge --scheme NAME)", &d.cur.Name).
		Placeholder(spec.Type).Validate(m.nameRule())))
	return m.newForm(huh.NewGroup(fields...).Title(m.lang.Text(spec.Label)).Description(m.lang.Text(spec.Help)))
}

// nameRule keeps scheme names unique, as Set.Validate requires.
func (m *Model) nameRule() func(string) error {
	return func(v string) error {
		s := m.d.cur
		s.Name = v
		for i, other := range m.d.schemes {
			if i != m.d.curAt && other.name() == s.name() {
				return errors.New(m.lang.T("Name: another scheme is already called %q; give this one its own name", s.name()))
			}
		}
		return nil
	}
}

// fieldRule checks one field: the entry with this value, the fields
// above as typed and the required fields below set to their examples,
// goes through scheme.New, and an error about this key is shown. The
// examples stand in for what is not typed yet so that a scheme that checks
// its keys in another order than the form asks them (an EMV template's
// GUID after its merchant id) still reports this field now.
func (m *Model) fieldRule(f fieldSpec) func(string) error {
	return func(v string) error {
		if strings.TrimSpace(v) != "" {
			if _, err := f.value(m.lang, v); err != nil {
				return err
			}
		}
		s := m.d.cur
		s.Values = maps.Clone(s.Values)
		s.Values[f.Key] = v
		spec, _ := specFor(s.Type)
		below := false
		for _, g := range spec.fields(s.Target) {
			if below && !g.Optional && g.Kind != boolean && strings.TrimSpace(s.Values[g.Key]) == "" {
				s.Values[g.Key] = g.Example
			}
			below = below || g.Key == f.Key
		}
		e := s.entry()
		return keyError(schemeNew(m.d.curAt, e), m.d.curAt, e, f.Key, m.lang.Text(f.Title))
	}
}

// languageSelect asks the language of the screens ([till] language):
// the system's, or one till speaks, each named in itself and in English.
func languageSelect(l locale.Locale, v *string) *huh.Select[string] {
	opts := []huh.Option[string]{huh.NewOption(l.T("The system's (LANG)"), LanguageSystem)}
	for _, t := range locale.Supported {
		opts = append(opts, huh.NewOption(locale.Label(t), t.String()))
	}
	return huh.NewSelect[string]().Key("language").Title(l.T("Language")).
		Description(l.T("of the screens and receipts")).Options(opts...).Height(6).Value(v)
}

// tillForm asks the manager PIN, the expiry and the language.
func (m *Model) tillForm() *huh.Form {
	d := m.d
	l := m.lang
	opts := []huh.Option[string]{huh.NewOption(l.T("No PIN"), pinNone)}
	if d.hadPIN {
		opts = append(opts, huh.NewOption(l.T("Keep the current PIN"), pinKeep))
	}
	opts = append(opts, huh.NewOption(l.T("Set a new PIN"), pinSet))
	d.pin, d.pin2, d.pinNow = "", "", ""
	mode := huh.NewSelect[string]().Key("pin_mode").Title(l.T("Manager PIN")).
		Description(l.T("asked before refunds, voids and reconcile decisions; stored only as a hash")).
		Options(opts...).Value(&d.pinMode)
	expiry := m.input("expiry", "Codes expire after (minutes)", "how long a shown code stays payable", &d.expiry).
		Placeholder(strconv.Itoa(int(config.DefaultExpiry.Minutes()))).CharLimit(5).
		Validate(func(v string) error {
			v = strings.TrimSpace(v)
			if v == "" {
				return nil
			}
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > MaxExpiryMinutes {
				return errors.New(l.T("Expiry: %q must be whole minutes from 1 to %d (a week)", v, MaxExpiryMinutes))
			}
			return nil
		})
	pin1 := m.input("pin", "New manager PIN", "4 to 12 digits", &d.pin).EchoMode(huh.EchoModePassword).CharLimit(12).
		Validate(func(v string) error {
			if err := pin.Validate(v); err != nil {
				return errors.New(l.T("PIN: %s", l.Text(err.Error())))
			}
			return nil
		})
	pin2 := m.input("pin_repeat", "The same PIN again", "", &d.pin2).EchoMode(huh.EchoModePassword).CharLimit(12).
		Validate(func(v string) error {
			if v != d.pin {
				return errors.New(l.T("PIN: the two PINs differ; type the same PIN twice"))
			}
			return nil
		})
	// Changing or removing a PIN needs the current one; it is checked
	// against the stored hash when saving (the hash is slow on purpose).
	pinNow := m.input("pin_current", "Current manager PIN", "needed to change or remove it", &d.pinNow).
		EchoMode(huh.EchoModePassword).CharLimit(12).
		Validate(func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New(l.T("PIN: type the current manager PIN to change or remove it"))
			}
			return nil
		})
	return m.newForm(
		huh.NewGroup(m.wrap(mode), m.wrap(expiry), m.wrap(languageSelect(l, &d.language))).Title(l.T("The till")),
		huh.NewGroup(m.wrap(pinNow)).Title(l.T("Current manager PIN")).
			WithHideFunc(func() bool { return !d.hadPIN || d.pinMode == pinKeep }),
		huh.NewGroup(m.wrap(pin1), m.wrap(pin2)).Title(l.T("Manager PIN")).
			WithHideFunc(func() bool { return d.pinMode != pinSet }),
	)
}
