package scheme

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/till-pos/till/payment/emv"
)

// Generic is an EMV merchant account template for any wallet or network
// that publishes a GUID (Alipay+, WeChat Pay, GrabPay, a bank's own app):
// tag 26–51 with sub-field 00 the GUID and 01 the merchant id, plus any
// extra sub-fields the network asks for. Tags 02–25 are primitive
// (UnionPay 15 and 16, card networks): the value is the merchant id alone.
type Generic struct {
	named
	Tag        int
	GUID       string
	MerchantID string
	Extra      map[string]string // sub-ID → value
}

// DemoGUID is the GUID of `till demo`: a reverse domain under .invalid
// (till.invalid), which no real wallet recognises, so a demo code cannot
// move money. It is kept short, with the demo's one-character merchant id,
// so that a demo code is a version 4 QR (33 modules) and fits the
// customer view of a 60×20 terminal.
const DemoGUID = "INVALID.TILL"

// DemoMerchantID is the demo's merchant id in its template.
const DemoMerchantID = "1"

func init() { register("emv", newGeneric) }

func newGeneric(p *Params) (Scheme, error) {
	g := &Generic{named: named{p.Name(), "emv"}}
	var err error
	if g.Tag, err = p.Int("tag", 0); err != nil {
		return nil, err
	}
	if g.Tag < 2 || g.Tag > 51 {
		return nil, p.Errorf("tag", "must be a merchant account tag: 26 to 51 for a template, 02 to 25 for a primitive (got %d)", g.Tag)
	}
	if g.GUID, err = p.String("guid"); err != nil {
		return nil, err
	}
	if g.MerchantID, err = p.Required("merchant_id", "the merchant's id at this network"); err != nil {
		return nil, err
	}
	if g.Extra, err = p.Table("fields"); err != nil {
		return nil, err
	}
	if g.Tag >= 26 {
		if g.GUID == "" {
			return nil, p.Errorf("guid", "is required for a template tag (26–51): the network's AID, UUID or reverse domain")
		}
		if len(g.GUID) > 32 || !emv.IsANS(g.GUID) {
			return nil, p.Errorf("guid", "must be at most 32 printable ASCII characters")
		}
		for k := range g.Extra {
			n, err := strconv.Atoi(k)
			if err != nil || len(k) != 2 || n < 2 || n > 99 {
				return nil, p.Errorf("fields."+k, "sub-field IDs are two digits from 02 to 99 (00 is the GUID, 01 the merchant id)")
			}
		}
	} else {
		if g.GUID != "" || len(g.Extra) > 0 {
			return nil, p.Errorf("guid", "a primitive tag (02–25) carries only merchant_id; remove guid and fields or use a tag from 26 to 51")
		}
		if !emv.IsANS(g.MerchantID) {
			return nil, p.Errorf("merchant_id", "a primitive tag (02–25) carries printable ASCII only")
		}
	}
	if _, err := g.Accounts(Charge{}); err != nil {
		return nil, p.Errorf("merchant_id", "%v", err)
	}
	return g, nil
}

// Requires: a generic template works in whatever currency the merchant has.
func (g *Generic) Requires() (string, string) { return "", "" }

// Accounts returns the template (or primitive).
func (g *Generic) Accounts(Charge) ([]emv.DataObject, error) {
	id := fmt.Sprintf("%02d", g.Tag)
	if g.Tag < 26 {
		if len([]rune(g.MerchantID)) > 99 {
			return nil, fmt.Errorf("merchant id is longer than 99 characters")
		}
		return []emv.DataObject{emv.Object(id, g.MerchantID)}, nil
	}
	subs := []emv.DataObject{emv.Object("00", g.GUID), emv.Object("01", g.MerchantID)}
	keys := make([]string, 0, len(g.Extra))
	for k := range g.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		subs = append(subs, emv.Object(k, g.Extra[k]))
	}
	t, err := emv.Template(id, subs...)
	if err != nil {
		return nil, err
	}
	return []emv.DataObject{t}, nil
}

// Additional puts the order reference in the reference label (62-05), the
// field EMV defines for it.
func (g *Generic) Additional(c Charge) []emv.DataObject {
	return []emv.DataObject{emv.Object("05", string(c.Ref))}
}
