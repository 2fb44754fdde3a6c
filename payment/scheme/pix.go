package scheme

import (
	"fmt"

	"github.com/till-pos/till/payment/emv"
)

// PixGUI is the Pix arrangement's identifier in its template (BR Code).
// Banks also print it in upper case; readers compare without case.
const PixGUI = "br.gov.bcb.pix"

// Pix is Brazil's instant payment BR Code: template 26 with the GUI, the
// receiver's key (01) and an optional message (02); the order reference is
// the txid in 62-05, which the receiving bank reports back with the
// payment. Till writes the static form with the amount (the dynamic form
// needs a payment service provider to host the charge).
type Pix struct {
	named
	KeyType string // PixCPF, PixCNPJ, PixPhone, PixEmail or PixEVP
	Key     string // as the directory stores it
	Info    string // optional message to the payer (26-02)
}

func init() { register("pix", newPix) }

func newPix(p *Params) (Scheme, error) {
	x := &Pix{named: named{p.Name(), "pix"}}
	raw, err := p.Required("key", "the Pix key: CPF, CNPJ, phone, e-mail or random key")
	if err != nil {
		return nil, err
	}
	if x.KeyType, x.Key, err = ClassifyPixKey(raw); err != nil {
		return nil, p.Errorf("key", "%v", err)
	}
	info, err := p.String("info")
	if err != nil {
		return nil, err
	}
	if info != "" {
		x.Info = FoldASCII(info)
		if x.Info == "" {
			return nil, p.Errorf("info", "%q has no characters a Pix code can carry (ASCII letters, digits, punctuation)", info)
		}
		// 26 = 00 GUI (18) + 01 key (4 + key) + 02 info (4 + info) ≤ 99.
		if room := 99 - 18 - 4 - len(x.Key) - 4; len(x.Info) > room {
			return nil, p.Errorf("info", "is %d characters long; with this key at most %d fit in the Pix template", len(x.Info), room)
		}
	}
	return x, nil
}

// Requires: Pix moves Brazilian reais in Brazil.
func (x *Pix) Requires() (string, string) { return "BRL", "BR" }

// Accounts returns template 26.
func (x *Pix) Accounts(c Charge) ([]emv.DataObject, error) {
	if c.Ref != "" {
		if err := CheckPixTxid(string(c.Ref)); err != nil {
			return nil, err
		}
	}
	t, err := emv.Template("26", emv.Object("00", PixGUI), emv.Object("01", x.Key), emv.Object("02", x.Info))
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional puts the reference in the txid (62-05). Without one the BR
// Code convention is "***".
func (x *Pix) Additional(c Charge) []emv.DataObject {
	txid := string(c.Ref)
	if txid == "" {
		txid = "***"
	}
	return []emv.DataObject{emv.Object("05", txid)}
}

// CheckPixTxid applies the BR Code txid rule: "***" or 1 to 25 letters and
// digits. Banks reject spaces and hyphens.
func CheckPixTxid(s string) error {
	if s == "***" {
		return nil
	}
	if len(s) == 0 || len(s) > 25 {
		return fmt.Errorf("the Pix txid must be 1 to 25 letters or digits (or ***), found %d characters", len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Errorf("the Pix txid may only have letters and digits (banks reject anything else), found %q in %q", c, s)
		}
	}
	return nil
}
