package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/till-pos/till/payment"
)

// Save writes f to path as TOML, readable by its owner only, and only if
// it is a valid configuration: what Save writes, Parse reads back.
//
// The write is atomic: the TOML goes to a temporary file in the same
// folder (mode 0600 from its creation, so the secrets are never readable
// by others, not even for a moment), is flushed to disk, and then renamed
// over path. A crash or a full disk leaves either the old file or the new
// one, never half of each. A missing folder is created with mode 0700.
func Save(path string, f File) error {
	if _, err := Resolve(f); err != nil {
		return fmt.Errorf("configuration not saved: %w", err)
	}
	data, err := Encode(f)
	if err != nil {
		return fmt.Errorf("configuration not saved: %w", err)
	}
	// What is written must read back: a value Resolve accepts but TOML
	// cannot carry faithfully would otherwise break the next start.
	if _, err := Parse(data); err != nil {
		return fmt.Errorf("configuration not saved: it does not read back: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create configuration folder: %w", err)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	// CreateTemp already uses 0600; say so explicitly in case a platform
	// or umask ever differs.
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write configuration: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write configuration %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write configuration %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write configuration %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write configuration %s: %w", path, err)
	}
	done = true
	// The rename is durable only once the folder itself is flushed; not
	// every system can sync a folder, and the file is complete either way.
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// ResolveMerchant validates a [merchant] section alone, with the rules of
// Resolve, and returns the merchant it describes. The setup form uses it to
// check the merchant before any scheme is chosen.
func ResolveMerchant(m MerchantSection) (payment.Merchant, error) {
	// A generic template works in every currency and country, so the only
	// thing that can fail here is the merchant.
	f := Demo()
	f.Merchant = m
	f.Till = TillSection{}
	c, err := Resolve(f)
	if err != nil {
		return payment.Merchant{}, err
	}
	return c.Merchant, nil
}

// Mask replaces a secret in the output of `till config`.
const Mask = "********"

// Masked returns a copy of f fit to be shown: the notification secrets and
// the manager PIN hash are replaced by Mask. The scheme keys are not
// masked: a Pix key, an IBAN or a UPI address is printed in every code the
// till shows, so hiding it would only make the output harder to check.
// f itself is left unchanged.
func Masked(f File) File {
	out := f
	if out.Till.Bell != nil {
		b := *out.Till.Bell
		out.Till.Bell = &b
	}
	if out.Till.ManagerPIN != "" {
		out.Till.ManagerPIN = Mask
	}
	out.Serve.Secrets = nil
	for range f.Serve.Secrets {
		out.Serve.Secrets = append(out.Serve.Secrets, Mask)
	}
	out.Schemes = nil
	for _, s := range f.Schemes {
		out.Schemes = append(out.Schemes, copyTable(s))
	}
	out.CSVProfiles = append(out.CSVProfiles[:0:0], f.CSVProfiles...)
	return out
}

// copyTable copies a TOML table deeply enough that changing the copy never
// changes the original (nested tables such as an EMV scheme's fields).
func copyTable(t map[string]any) map[string]any {
	if t == nil {
		return nil
	}
	out := make(map[string]any, len(t))
	for k, v := range t {
		if sub, ok := v.(map[string]any); ok {
			v = copyTable(sub)
		}
		out[k] = v
	}
	return out
}

// DefaultCurrency returns the ISO 4217 currency a merchant in country (ISO
// 3166 alpha-2, any case) most likely charges in, or "" when till does not
// know. Where a country uses a foreign currency in practice (Panama,
// Ecuador, Timor-Leste), that is the one returned.
func DefaultCurrency(country string) string {
	return defaultCurrency[strings.ToUpper(strings.TrimSpace(country))]
}

var defaultCurrency = func() map[string]string {
	// currency: countries. Bulgaria joined the euro on 1 January 2026.
	const table = `EUR:AT BE BG CY DE EE ES FI FR GR HR IE IT LT LU LV MT NL PT SI SK AD MC SM VA ME XK AX GF GP MQ YT RE PM BL MF TF|` +
		`USD:US EC SV PA TL FM MH PW PR GU VI AS MP UM IO TC VG BQ|GBP:GB IM JE GG|CHF:CH LI|NOK:NO SJ BV|` +
		`SEK:SE|DKK:DK FO GL|ISK:IS|PLN:PL|CZK:CZ|HUF:HU|RON:RO|MDL:MD|UAH:UA|BYN:BY|RUB:RU|RSD:RS|MKD:MK|` +
		`ALL:AL|BAM:BA|GEL:GE|AMD:AM|AZN:AZ|TRY:TR|GIP:GI|` +
		`BRL:BR|ARS:AR|CLP:CL|COP:CO|PEN:PE|UYU:UY|PYG:PY|BOB:BO|VES:VE|GYD:GY|SRD:SR|MXN:MX|CAD:CA|` +
		`GTQ:GT|HNL:HN|NIO:NI|CRC:CR|DOP:DO|HTG:HT|JMD:JM|TTD:TT|BBD:BB|BSD:BS|BZD:BZ|CUP:CU|` +
		`XCD:AG DM GD KN LC VC AI MS|AWG:AW|BMD:BM|KYD:KY|FKP:FK|` +
		`THB:TH|SGD:SG|MYR:MY|VND:VN|IDR:ID|INR:IN|KHR:KH|LAK:LA|MMK:MM|PHP:PH|BND:BN|BDT:BD|LKR:LK|` +
		`NPR:NP|BTN:BT|MVR:MV|PKR:PK|AFN:AF|JPY:JP|CNY:CN|HKD:HK|MOP:MO|TWD:TW|KRW:KR|MNT:MN|` +
		`KZT:KZ|UZS:UZ|KGS:KG|TJS:TJ|TMT:TM|` +
		`AUD:AU KI NR TV CX CC NF HM|NZD:NZ CK NU PN TK|FJD:FJ|PGK:PG|SBD:SB|VUV:VU|WST:WS|TOP:TO|XPF:NC PF WF|` +
		`AED:AE|SAR:SA|QAR:QA|KWD:KW|BHD:BH|OMR:OM|JOD:JO|ILS:IL PS|LBP:LB|SYP:SY|IQD:IQ|IRR:IR|YER:YE|` +
		`EGP:EG|MAD:MA|DZD:DZ|TND:TN|LYD:LY|SDG:SD|SSP:SS|ETB:ET|ERN:ER|DJF:DJ|SOS:SO|KES:KE|UGX:UG|` +
		`TZS:TZ|RWF:RW|BIF:BI|CDF:CD|AOA:AO|ZMW:ZM|MWK:MW|MZN:MZ|ZAR:ZA|NAD:NA|BWP:BW|LSL:LS|SZL:SZ|` +
		`MGA:MG|MUR:MU|SCR:SC|KMF:KM|NGN:NG|GHS:GH|XOF:BJ BF CI GW ML NE SN TG|XAF:CM CF TD CG GQ GA|` +
		`GMD:GM|GNF:GN|SLE:SL|LRD:LR|CVE:CV|STN:ST|MRU:MR|SHP:SH|ZWG:ZW`
	m := map[string]string{}
	for _, row := range strings.Split(table, "|") {
		cur, countries, ok := strings.Cut(row, ":")
		if !ok {
			panic("config: bad default currency row " + row)
		}
		for _, c := range strings.Fields(countries) {
			if _, dup := m[c]; dup {
				panic("config: country " + c + " has two default currencies")
			}
			m[c] = cur
		}
	}
	return m
}()
